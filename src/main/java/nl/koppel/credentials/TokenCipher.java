package nl.koppel.credentials;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for tokens at rest. The connection id is bound in as associated data, so a ciphertext copied
 * to another connection's row does not decrypt. Layout: version byte, 12-byte nonce, ciphertext with tag.
 */
@Component
public class TokenCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public TokenCipher(CredentialProperties properties) {
        this.key = parseKey(properties.encryptionKey());
    }

    public byte[] encrypt(String token, UUID connectionId) {
        return seal(token, associatedData(connectionId));
    }

    /**
     * For a secret of one part of a connection (a connection key of one administration): bound to both, so it does
     * not decrypt in another connection's row nor in another administration's.
     */
    public byte[] encrypt(String secret, UUID connectionId, String part) {
        return seal(secret, associatedData(connectionId, part));
    }

    public String decrypt(byte[] stored, UUID connectionId, String part) {
        return open(stored, connectionId, associatedData(connectionId, part));
    }

    private byte[] seal(String token, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed", e);
        }
    }

    public String decrypt(byte[] stored, UUID connectionId) {
        return open(stored, connectionId, associatedData(connectionId));
    }

    private String open(byte[] stored, UUID connectionId, byte[] associatedData) {
        if (stored.length < 1 + NONCE_BYTES || stored[0] != VERSION) {
            throw new IllegalStateException("stored token of connection " + connectionId + " has an unknown format");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            byte[] plain = cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored token of connection " + connectionId
                    + " does not decrypt: wrong koppel.credentials.encryption-key?");
        }
    }

    private static byte[] associatedData(UUID connectionId) {
        return connectionId.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] associatedData(UUID connectionId, String part) {
        return (connectionId + "/" + part).getBytes(StandardCharsets.UTF_8);
    }

    private static SecretKey parseKey(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException("koppel.credentials.encryption-key is not set: give a base64 32-byte key"
                    + " (environment KOPPEL_CREDENTIALS_ENCRYPTION_KEY), e.g. from `openssl rand -base64 32`");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("koppel.credentials.encryption-key is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("koppel.credentials.encryption-key must be 32 bytes (AES-256), not "
                    + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }
}
