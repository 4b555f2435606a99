package nl.koppel.notifications;

import java.time.Instant;
import java.util.UUID;

/** One delivery in the outbox: an e-mail to one user, or one event to one webhook. */
public record OutboxItem(UUID id, UUID officeId, UUID eventId, String eventType, String channel, UUID userId,
                         UUID webhookId, String recipient, String subject, String body, String status, int attempts,
                         Instant nextAttemptAt, String lastError, Instant createdAt, Instant sentAt) {

    public static final String EMAIL = "EMAIL";
    public static final String WEBHOOK = "WEBHOOK";

    /** The stable id of this delivery, the same on every attempt: Standard Webhooks' {@code webhook-id}. */
    public String messageId() {
        return "msg_" + id.toString().replace("-", "");
    }

    @Override
    public String toString() {
        // no recipient address or body in logs
        return "OutboxItem[" + id + ", " + channel + ", " + eventType + ", attempt " + attempts + "]";
    }
}
