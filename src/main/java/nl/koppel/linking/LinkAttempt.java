package nl.koppel.linking;

import java.time.Instant;
import java.util.UUID;

/**
 * A started "koppeling maken": which connection, which sync user, until when, whether it was used, the hash of
 * the browser secret it is bound to (null until the sync user's browser opened the start URL) and its PKCE code
 * verifier.
 */
public record LinkAttempt(String stateHash, UUID connectionId, UUID userId, Instant expiresAt, Instant usedAt,
                          String browserHash, String codeVerifier) {

    @Override
    public String toString() {
        // the verifier is a one-time secret
        return "LinkAttempt[" + connectionId + ", user " + userId + ", expires " + expiresAt + "]";
    }
}
