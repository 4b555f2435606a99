package nl.koppel.credentials;

import java.time.Instant;
import java.util.UUID;

/** A connection's tokens as stored: encrypted; {@code linkGeneration} names the link they belong to. */
public record StoredCredential(UUID connectionId, byte[] accessTokenEncrypted, byte[] refreshTokenEncrypted,
                               Instant accessTokenExpiresAt, Instant obtainedAt, int refreshCount,
                               long linkGeneration) {
}
