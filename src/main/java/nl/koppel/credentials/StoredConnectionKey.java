package nl.koppel.credentials;

import java.time.Instant;
import java.util.UUID;

/**
 * A connection key as stored: encrypted, with the access token it was last exchanged for (encrypted; null before
 * the first exchange) and its status. {@link #toString()} shows no secret.
 */
public record StoredConnectionKey(UUID connectionId, String externalId, byte[] keyEncrypted, long generation,
                                  byte[] accessTokenEncrypted, Instant accessTokenExpiresAt, Instant obtainedAt,
                                  ConnectionKeyStatus status, Instant rejectedAt, String rejectedReason,
                                  Instant enteredAt) {

    public boolean active() {
        return status == ConnectionKeyStatus.ACTIVE;
    }

    @Override
    public String toString() {
        return "StoredConnectionKey[" + connectionId + "/" + externalId + ", generation " + generation + ", " + status
                + ", secrets hidden]";
    }
}
