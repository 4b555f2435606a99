package nl.koppel.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param encryptionKey        base64 of a 32-byte AES key that encrypts tokens at rest (never logged)
 * @param refreshBeforeExpiry  refresh an access token this long before it expires; every call (every page) gets
 *                             a token with at least this much time left
 * @param nearExpiry           a 401 on a token with less than this left when refused (or one replaced meanwhile)
 *                             is refreshed and retried once before it counts as a broken link
 * @param lockTimeout          how long a caller waits for the credential row while another refreshes it; then
 *                             it fails TRANSIENT (never AUTH) and gives its database connection back
 */
@ConfigurationProperties("koppel.credentials")
public record CredentialProperties(String encryptionKey, Duration refreshBeforeExpiry, Duration nearExpiry,
                                   Duration lockTimeout) {

    public CredentialProperties {
        if (refreshBeforeExpiry == null) {
            refreshBeforeExpiry = Duration.ofSeconds(15);
        }
        if (nearExpiry == null) {
            nearExpiry = Duration.ofSeconds(60);
        }
        if (lockTimeout == null) {
            lockTimeout = Duration.ofSeconds(5);
        }
    }

    @Override
    public String toString() {
        return "CredentialProperties[key hidden, refreshBeforeExpiry=" + refreshBeforeExpiry + ", nearExpiry="
                + nearExpiry + ", lockTimeout=" + lockTimeout + "]";
    }
}
