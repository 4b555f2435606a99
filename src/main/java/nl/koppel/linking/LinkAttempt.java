package nl.koppel.linking;

import java.time.Instant;
import java.util.UUID;

/** A started "koppeling maken": which connection, which sync user, until when, and whether it was used. */
public record LinkAttempt(String stateHash, UUID connectionId, UUID userId, Instant expiresAt, Instant usedAt) {
}
