package nl.koppel.office;

import java.time.Instant;
import java.util.UUID;

/** An accounting office ("kantoor"). */
public record Office(UUID id, String name, Instant createdAt) {
}
