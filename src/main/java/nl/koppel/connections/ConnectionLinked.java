package nl.koppel.connections;

import java.util.UUID;

/** Published when the sync user made (or made again) the link; listeners act after the commit. */
public record ConnectionLinked(UUID connectionId) {
}
