package nl.koppel.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param encryptionKey        base64 of a 32-byte AES key that encrypts tokens at rest (never logged)
 * @param refreshBeforeExpiry  refresh an access token this long before it expires
 */
@ConfigurationProperties("koppel.credentials")
public record CredentialProperties(String encryptionKey, Duration refreshBeforeExpiry) {

    public CredentialProperties {
        if (refreshBeforeExpiry == null) {
            refreshBeforeExpiry = Duration.ofSeconds(15);
        }
    }

    @Override
    public String toString() {
        return "CredentialProperties[key hidden, refreshBeforeExpiry=" + refreshBeforeExpiry + "]";
    }
}
