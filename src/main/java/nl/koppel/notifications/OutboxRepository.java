package nl.koppel.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox of e-mails and webhook deliveries. Rows are written in the transaction of the change
 * they announce; the delivery route claims due rows with {@code FOR UPDATE SKIP LOCKED} and a lease, so two
 * ticks or instances never take the same row, and a row whose lease expired (its instance died mid-delivery) is
 * taken over with the same id.
 */
@Repository
public class OutboxRepository {

    private static final String COLUMNS = "id, office_id, event_id, event_type, channel, user_id, webhook_id,"
            + " recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at";

    private final JdbcClient jdbc;

    public OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An e-mail for one user; a second one for the same event and user is ignored. */
    public boolean insertEmail(UUID officeId, UUID eventId, EventType type, UUID userId, String address,
                               String subject, String body) {
        return jdbc.sql("INSERT INTO outbox (id, office_id, event_id, event_type, channel, user_id, recipient,"
                        + " subject, body) VALUES (:id, :office, :event, :type, 'EMAIL', :user, :recipient, :subject,"
                        + " :body) ON CONFLICT DO NOTHING")
                .param("id", UUID.randomUUID()).param("office", officeId).param("event", eventId)
                .param("type", type.type()).param("user", userId).param("recipient", address)
                .param("subject", subject).param("body", body).update() == 1;
    }

    /** One event for one webhook; a second one for the same event and webhook is ignored. */
    public boolean insertWebhook(UUID officeId, UUID eventId, EventType type, UUID webhookId, String url,
                                 String payload) {
        return jdbc.sql("INSERT INTO outbox (id, office_id, event_id, event_type, channel, webhook_id, recipient,"
                        + " body) VALUES (:id, :office, :event, :type, 'WEBHOOK', :webhook, :url, :body)"
                        + " ON CONFLICT DO NOTHING")
                .param("id", UUID.randomUUID()).param("office", officeId).param("event", eventId)
                .param("type", type.type()).param("webhook", webhookId).param("url", url).param("body", payload)
                .update() == 1;
    }

    /**
     * Claims up to {@code limit} due rows for {@code owner} until the lease ends; each claim counts as an attempt
     * (an instance that dies mid-delivery used one up).
     */
    public List<OutboxItem> claim(String owner, int limit, Duration lease) {
        return jdbc.sql("UPDATE outbox SET lease_owner = :owner,"
                        + " lease_expires_at = now() + CAST(:lease AS interval), attempts = attempts + 1"
                        + " WHERE id IN (SELECT id FROM outbox WHERE status = 'PENDING' AND next_attempt_at <= now()"
                        + " AND (lease_expires_at IS NULL OR lease_expires_at < now())"
                        + " ORDER BY next_attempt_at, created_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                        + " RETURNING " + COLUMNS)
                .param("owner", owner).param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
                .query(OutboxRepository::map).list();
    }

    /**
     * Marks the claimed row sent, with the attempt in the log (one transaction: the delivery log never shows a
     * status without its attempt); false when the lease was lost meanwhile.
     */
    @Transactional
    public boolean sent(UUID id, String owner, int attempt, Integer httpStatus, long millis) {
        int updated = jdbc.sql("UPDATE outbox SET status = 'SENT', sent_at = now(), lease_owner = NULL,"
                        + " lease_expires_at = NULL, last_error = NULL WHERE id = :id AND lease_owner = :owner"
                        + " AND status = 'PENDING'")
                .param("id", id).param("owner", owner).update();
        attempt(id, attempt, "SENT", httpStatus, null, millis);
        return updated == 1;
    }

    /**
     * A failed attempt: due again at {@code retryAt}, or, with {@code retryAt} null, given up (dead letter); the
     * status and the attempt in one transaction.
     */
    @Transactional
    public void failed(UUID id, String owner, int attempt, Integer httpStatus, String error, long millis,
                       Instant retryAt) {
        jdbc.sql("UPDATE outbox SET status = CASE WHEN CAST(:retryAt AS timestamptz) IS NULL THEN 'DEAD'"
                        + " ELSE 'PENDING' END, next_attempt_at = COALESCE(CAST(:retryAt AS timestamptz),"
                        + " next_attempt_at), lease_owner = NULL, lease_expires_at = NULL, last_error = :error"
                        + " WHERE id = :id AND lease_owner = :owner AND status = 'PENDING'")
                .param("retryAt", retryAt == null ? null : java.sql.Timestamp.from(retryAt))
                .param("error", error).param("id", id).param("owner", owner).update();
        attempt(id, attempt, retryAt == null ? "GAVE_UP" : "FAILED", httpStatus, error, millis);
    }

    private void attempt(UUID id, int attempt, String outcome, Integer httpStatus, String error, long millis) {
        jdbc.sql("INSERT INTO outbox_attempt (outbox_id, attempt, outcome, http_status, error, duration_ms)"
                        + " SELECT :id, :attempt, :outcome, :status, :error, :ms WHERE EXISTS"
                        + " (SELECT 1 FROM outbox WHERE id = :id)")
                .param("id", id).param("attempt", attempt).param("outcome", outcome).param("status", httpStatus)
                .param("error", error).param("ms", millis).update();
    }

    public List<OutboxItem> deliveriesOf(UUID webhookId, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE webhook_id = :webhook"
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .param("webhook", webhookId).param("limit", limit).param("offset", offset)
                .query(OutboxRepository::map).list();
    }

    public long countDeliveriesOf(UUID webhookId) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE webhook_id = :webhook").param("webhook", webhookId)
                .query(Long.class).single();
    }

    public record Attempt(int attempt, Instant attemptedAt, String outcome, Integer httpStatus, String error,
                          Long durationMillis) {
    }

    public List<Attempt> attempts(UUID outboxId) {
        return jdbc.sql("SELECT attempt, attempted_at, outcome, http_status, error, duration_ms FROM outbox_attempt"
                        + " WHERE outbox_id = :id ORDER BY id")
                .param("id", outboxId)
                .query((rs, n) -> new Attempt(rs.getInt("attempt"),
                        InboxRepository.instant(rs.getTimestamp("attempted_at")), rs.getString("outcome"),
                        (Integer) rs.getObject("http_status"), rs.getString("error"),
                        (Long) rs.getObject("duration_ms")))
                .list();
    }

    private static OutboxItem map(ResultSet rs, int row) throws SQLException {
        return new OutboxItem(rs.getObject("id", UUID.class), rs.getObject("office_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getString("event_type"), rs.getString("channel"),
                rs.getObject("user_id", UUID.class), rs.getObject("webhook_id", UUID.class), rs.getString("recipient"),
                rs.getString("subject"), rs.getString("body"), rs.getString("status"), rs.getInt("attempts"),
                InboxRepository.instant(rs.getTimestamp("next_attempt_at")), rs.getString("last_error"),
                InboxRepository.instant(rs.getTimestamp("created_at")),
                InboxRepository.instant(rs.getTimestamp("sent_at")));
    }
}
