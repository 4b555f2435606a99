package nl.koppel.systems;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

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
     * @param link         how the sync user makes the link: {@code OAUTH2} (a login at the system, the default) or
     *                     {@code CONNECTION_KEY} (one key per dossier, entered by the sync user: SnelStart)
     * @param authUrl      the host of the token endpoint when it is not {@code baseUrl} (SnelStart); null otherwise
     * @param apiKey       a key of Koppel's app sent with every API call (SnelStart's subscription key; never logged);
     *                     null when the system has none
     */
    public record SystemSettings(String displayName, String baseUrl, String clientId, String clientSecret,
                                 String redirectUri, List<String> masterDataKinds, Integer dossiersAtOncePerLink,
                                 boolean rateLimitPerLink, LinkMethod link, String authUrl, String apiKey) {

        @ConstructorBinding
        public SystemSettings {
            masterDataKinds = masterDataKinds == null ? List.of() : List.copyOf(masterDataKinds);
            link = link == null ? LinkMethod.OAUTH2 : link;
        }

        /** The settings of an OAuth 2 system without an app key (tests and older configuration). */
        public SystemSettings(String displayName, String baseUrl, String clientId, String clientSecret,
                              String redirectUri, List<String> masterDataKinds, Integer dossiersAtOncePerLink,
                              boolean rateLimitPerLink) {
            this(displayName, baseUrl, clientId, clientSecret, redirectUri, masterDataKinds, dossiersAtOncePerLink,
                    rateLimitPerLink, LinkMethod.OAUTH2, null, null);
        }

        @Override
        public String toString() {
            return "SystemSettings[" + displayName + ", " + baseUrl + ", link=" + link + ", clientId=" + clientId
                    + ", secrets hidden]";
        }
    }

    /** How a sync user makes the link with a system. */
    public enum LinkMethod {
        /** The sync user logs in at the system (authorization-code flow); one token per connection. */
        OAUTH2,
        /** The sync user enters one connection key per dossier; each key gives a token for that dossier only. */
        CONNECTION_KEY
    }
}
