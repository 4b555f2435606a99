package nl.koppel.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An office's webhook endpoint (without its secret). */
public record Webhook(UUID id, UUID officeId, String url, List<String> events, String createdBy, Instant createdAt) {
}
