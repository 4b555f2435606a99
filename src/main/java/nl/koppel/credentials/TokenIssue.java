package nl.koppel.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * Which token a call used, without the token itself (it travels with the failure and may be logged): the link it
 * belongs to, when it was obtained and when it expires. For a system linked by connection key, {@code keyScope} is
 * the administration whose key gave the token and {@code linkGeneration} that key's generation (a new key for the
 * administration is a new generation); null for a connection's own credentials.
 */
public record TokenIssue(UUID connectionId, long linkGeneration, Instant obtainedAt, Instant expiresAt,
                         String keyScope) {

    /** A token of the connection's own credentials (OAuth 2). */
    public TokenIssue(UUID connectionId, long linkGeneration, Instant obtainedAt, Instant expiresAt) {
        this(connectionId, linkGeneration, obtainedAt, expiresAt, null);
    }

    /** True when the token came from a connection key (one administration's), not the connection's credentials. */
    public boolean fromConnectionKey() {
        return keyScope != null;
    }
}
