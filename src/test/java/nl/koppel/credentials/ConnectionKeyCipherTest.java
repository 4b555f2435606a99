package nl.koppel.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Connection keys at rest (V20): encrypted bound to the connection and the administration, so a ciphertext moved to
 * another row — another connection, another administration, or the token's column — does not decrypt, and the
 * error says so without the secret.
 */
class ConnectionKeyCipherTest {

    private final TokenCipher cipher = new TokenCipher(new CredentialProperties(
            Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)),
            null, null, null));
    private final UUID connection = UUID.randomUUID();

    @Test
    void aKeyDecryptsOnlyForItsConnectionAndAdministration() {
        String key = "c25lbHN0YXJ0LWtvcHBlbHNsZXV0ZWw6Z2VoZWlt";
        byte[] sealed = cipher.encrypt(key, connection, "administratie-1");

        assertThat(cipher.decrypt(sealed, connection, "administratie-1")).isEqualTo(key);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(key);
        assertThatThrownBy(() -> cipher.decrypt(sealed, connection, "administratie-2"))
                .hasMessageContaining("does not decrypt").hasMessageNotContaining(key);
        assertThatThrownBy(() -> cipher.decrypt(sealed, connection, "token/administratie-1"))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.decrypt(sealed, UUID.randomUUID(), "administratie-1"))
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.decrypt(sealed, connection)).hasMessageContaining("does not decrypt");
    }

    @Test
    void theSameKeyEncryptsDifferentlyEachTime() {
        assertThat(cipher.encrypt("k", connection, "a")).isNotEqualTo(cipher.encrypt("k", connection, "a"));
    }
}
