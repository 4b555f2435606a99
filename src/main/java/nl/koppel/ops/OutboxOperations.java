package nl.koppel.ops;

import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.koppel.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What operators see of the notification outbox, and their retry of dead letters. */
@Component
public class OutboxOperations {

    private static final Logger log = LoggerFactory.getLogger(OutboxOperations.class);

    private final JdbcClient jdbc;
    private final AuditTrail audit;

    public OutboxOperations(JdbcClient jdbc, AuditTrail audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    public long count(String status) {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE status = :status").param("status", status)
                .query(Long.class).single();
    }

    public Optional<Timestamp> oldestPendingSince() {
        return jdbc.sql("SELECT min(created_at) FROM outbox WHERE status = 'PENDING'").query(Timestamp.class)
                .optional();
    }

    public String deadByChannel() {
        return jdbc.sql("SELECT channel, count(*) AS n FROM outbox WHERE status = 'DEAD' GROUP BY channel ORDER BY 1")
                .query((rs, i) -> rs.getString("channel") + "=" + rs.getLong("n")).list().stream()
                .collect(Collectors.joining(", "));
    }

    /** A dead letter goes back to the outbox: the delivery route sends it on its next tick, with retries. */
    @Transactional
    public String retry(String outboxId) {
        UUID id;
        try {
            id = UUID.fromString(outboxId.strip());
        } catch (IllegalArgumentException e) {
            return "not an outbox id: " + outboxId;
        }
        Optional<UUID> office = jdbc.sql("UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = now(),"
                        + " lease_owner = NULL, lease_expires_at = NULL WHERE id = :id AND status = 'DEAD'"
                        + " RETURNING office_id")
                .param("id", id).query(UUID.class).optional();
        if (office.isEmpty()) {
            return "no dead letter " + id;
        }
        String actor = OperatorIdentity.current();
        audit.record(office.get(), actor, "notification.retried", "outbox", id, Map.of());
        log.info("{} sent dead letter {} again", actor, id);
        return "queued again: " + id;
    }

    @Transactional
    public String retryAll() {
        int retried = jdbc.sql("UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = now(),"
                + " lease_owner = NULL, lease_expires_at = NULL WHERE status = 'DEAD'").update();
        String actor = OperatorIdentity.current();
        audit.record(null, actor, "notification.retried_all", "outbox", null, Map.of("count", retried));
        log.info("{} sent {} dead letters again", actor, retried);
        return retried + " dead letters queued again";
    }
}
