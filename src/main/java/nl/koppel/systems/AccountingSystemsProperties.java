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
     * @param dossiersAtOncePerLink how many dossiers of one link (one user, one token) are synced at the same time,
     *                              over all instances; null for no limit (Twinfield: one concurrent action per
     *                              organisation; Moneybird: one budget per user)
     * @param rateLimitPerLink  the system's rate limit counts per linked user (token) over all its dossiers, not per
     *                          dossier: a 429 then pauses all of the link's dossiers (Moneybird)
     */
    public record SystemSettings(String displayName, String baseUrl, String clientId, String clientSecret,
                                 String redirectUri, List<String> masterDataKinds, Integer dossiersAtOncePerLink,
                                 boolean rateLimitPerLink) {

        public SystemSettings {
            masterDataKinds = masterDataKinds == null ? List.of() : List.copyOf(masterDataKinds);
        }

        @Override
        public String toString() {
            return "SystemSettings[" + displayName + ", " + baseUrl + ", clientId=" + clientId + ", secret hidden]";
        }
    }
}
