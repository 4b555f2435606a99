package nl.koppel.connections;

import java.util.UUID;

/** What one link check found: {@code result} is OK, NOT_CONNECTED or UNAVAILABLE, with a safe message. */
public record CheckOutcome(UUID connectionId, String result, String message) {
}
