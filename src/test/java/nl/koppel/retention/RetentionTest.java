package nl.koppel.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.schedule.ClusterJobs;
import nl.koppel.support.KoppelIntegrationTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The cluster's clean-up removes delivered and given-up outbox rows, delivery attempts and in-app notifications
 * older than 90 days and audit events older than 400 days, in batches; recent rows and pending deliveries, however
 * old, stay. It runs once per cluster: while one instance holds the job, another cannot claim it.
 */
class RetentionTest extends KoppelIntegrationTest {

    @Autowired
    ProducerTemplate camel;
    @Autowired
    ClusterJobs jobs;

    @Test
    void removesWhatIsPastItsRetentionInBatchesAndKeepsPendingDeliveries() {
        TestOffice office = provisionOffice();
        UUID user = office.accountant().id();
        UUID oldSent = outbox(office, user, "SENT", 120);
        UUID oldDead = outbox(office, user, "DEAD", 95);
        UUID oldPending = outbox(office, user, "PENDING", 200);
        UUID recentSent = outbox(office, user, "SENT", 10);
        long oldAttempt = attempt(recentSent, 100);
        long recentAttempt = attempt(recentSent, 5);
        attempt(oldSent, 120);
        UUID oldNotification = notification(office, user, 91);
        UUID recentNotification = notification(office, user, 30);
        long oldAudit = audit(office, 401);
        long yearOldAudit = audit(office, 300);

        // it is due; another instance holds it: nothing happens
        jdbc.sql("UPDATE cluster_job SET due_at = now() - interval '1 second', lease_owner = NULL, lease_until = NULL"
                + " WHERE job = 'RETENTION'").update();
        assertThat(jobs.claim("RETENTION", "other-instance", java.time.Duration.ofMinutes(5))).isTrue();
        camel.sendBody("direct:retention", null);
        assertThat(exists("outbox", oldSent)).as("held by the other instance: not run here").isTrue();
        assertThat(jobs.finish("RETENTION", "other-instance", java.time.Duration.ofHours(1))).isTrue();

        // due again: this instance runs it
        jdbc.sql("UPDATE cluster_job SET due_at = now() - interval '1 second' WHERE job = 'RETENTION'").update();
        camel.sendBody("direct:retention", null);

        assertThat(exists("outbox", oldSent)).isFalse();
        assertThat(exists("outbox", oldDead)).isFalse();
        assertThat(exists("outbox", oldPending)).as("a pending delivery is never removed").isTrue();
        assertThat(exists("outbox", recentSent)).isTrue();
        assertThat(exists("outbox_attempt", oldAttempt)).isFalse();
        assertThat(exists("outbox_attempt", recentAttempt)).isTrue();
        assertThat(exists("notification", oldNotification)).isFalse();
        assertThat(exists("notification", recentNotification)).isTrue();
        assertThat(exists("audit_event", oldAudit)).isFalse();
        assertThat(exists("audit_event", yearOldAudit)).as("audit is kept 400 days").isTrue();
        Map<String, Object> job = jdbc.sql("SELECT lease_owner, due_at > now() + interval '50 minutes' AS later,"
                + " last_run_by FROM cluster_job WHERE job = 'RETENTION'").query().singleRow();
        assertThat(job.get("lease_owner")).isNull();
        assertThat(job.get("later")).as("next clean-up one interval later").isEqualTo(true);
        assertThat(job.get("last_run_by")).isNotEqualTo("other-instance");
    }

    private UUID outbox(TestOffice office, UUID user, String status, int daysOld) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO outbox (id, office_id, event_id, event_type, channel, user_id, recipient, subject, body,"
                        + " status, next_attempt_at, created_at) VALUES (:id, :office, :event, 'connection.disconnected',"
                        + " 'EMAIL', :user, 'retention@kantoor.example', 's', 'b', :status, now() + interval '1 day',"
                        + " now() - make_interval(days => :days))")
                .param("id", id).param("office", office.id()).param("event", UUID.randomUUID()).param("user", user)
                .param("status", status).param("days", daysOld).update();
        return id;
    }

    private long attempt(UUID outboxId, int daysOld) {
        return jdbc.sql("INSERT INTO outbox_attempt (outbox_id, attempt, attempted_at, outcome) VALUES (:id, 1,"
                        + " now() - make_interval(days => :days), 'SENT') RETURNING id")
                .param("id", outboxId).param("days", daysOld).query(Long.class).single();
    }

    private UUID notification(TestOffice office, UUID user, int daysOld) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO notification (id, office_id, user_id, event_id, event_type, language, title, body,"
                        + " created_at) VALUES (:id, :office, :user, :event, 'connection.disconnected', 'en', 't', 'b',"
                        + " now() - make_interval(days => :days))")
                .param("id", id).param("office", office.id()).param("user", user).param("event", UUID.randomUUID())
                .param("days", daysOld).update();
        return id;
    }

    private long audit(TestOffice office, int daysOld) {
        return jdbc.sql("INSERT INTO audit_event (office_id, actor, action, subject_type, occurred_at) VALUES"
                        + " (:office, 'test', 'retention.test', 'office', now() - make_interval(days => :days))"
                        + " RETURNING id")
                .param("office", office.id()).param("days", daysOld).query(Long.class).single();
    }

    private boolean exists(String table, Object id) {
        return !jdbc.sql("SELECT 1 FROM " + table + " WHERE id = :id").param("id", id).query().listOfRows().isEmpty();
    }
}
