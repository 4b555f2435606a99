package nl.koppel.linking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** PKCE (RFC 7636): a random code verifier and its S256 challenge. */
final class Pkce {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Pkce() {
    }

    /** 32 random bytes, base64url: 43 characters, the RFC's minimum length and alphabet. */
    static String newVerifier(SecureRandom random) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return BASE64URL.encodeToString(raw);
    }

    /** BASE64URL(SHA-256(ASCII(verifier))). */
    static String challenge(String verifier) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
