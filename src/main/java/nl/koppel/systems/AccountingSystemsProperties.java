package nl.koppel.systems;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The accounting systems this Koppel connects to, keyed by type ({@code exact-online}, ...). A type is
 * offered to offices only when it is configured here and its connector routes are loaded.
 */
@ConfigurationProperties("koppel")
public record AccountingSystemsProperties(Map<String, SystemSettings> systems) {

    public AccountingSystemsProperties {
        systems = systems == null ? Map.of() : Map.copyOf(systems);
    }

    /**
     * @param displayName  the name users see
     * @param baseUrl      the API host, e.g. {@code https://start.exactonline.nl}
     * @param clientId     the OAuth client id of Koppel's app registration
     * @param clientSecret the OAuth client secret (never logged)
     * @param redirectUri  Koppel's OAuth callback as registered with the accounting system
     * @param masterDataKinds the master-data kinds the connector supports (API path names); empty means all
     */
    public record SystemSettings(String displayName, String baseUrl, String clientId, String clientSecret,
                                 String redirectUri, List<String> masterDataKinds) {

        public SystemSettings {
            masterDataKinds = masterDataKinds == null ? List.of() : List.copyOf(masterDataKinds);
        }

        @Override
        public String toString() {
            return "SystemSettings[" + displayName + ", " + baseUrl + ", clientId=" + clientId + ", secret hidden]";
        }
    }
}
