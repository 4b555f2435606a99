package nl.koppel.retention;

import java.time.Clock;
import java.time.Instant;
import nl.koppel.retention.ExpiredRows.Table;
import nl.koppel.schedule.ClusterJobs;
import nl.koppel.sync.SyncWork;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code routes/retention.camel.yaml}: claim the cluster's clean-up (once per cluster per
 * {@code koppel.retention.interval}), remove what is past its retention, give the job back.
 */
@Component("retention")
public class Retention {

    static final String JOB = "RETENTION";

    private final ClusterJobs jobs;
    private final ExpiredRows rows;
    private final RetentionProperties properties;
    private final String instanceId;
    private final Clock clock;

    /** What one clean-up removed. */
    public record Removed(long deliveryAttempts, long deliveries, long notifications, long auditEvents) {
    }

    Retention(ClusterJobs jobs, ExpiredRows rows, RetentionProperties properties, SyncWork instance) {
        this.jobs = jobs;
        this.rows = rows;
        this.properties = properties;
        this.instanceId = instance.instanceId();
        this.clock = Clock.systemUTC();
    }

    /** True when this instance now runs the clean-up (it is due and no other instance holds it). */
    public boolean claim() {
        return jobs.claim(JOB, instanceId, properties.lease());
    }

    public Removed removeExpired() {
        Instant now = clock.instant();
        int batch = properties.batchSize();
        // attempts first: a delivery's own attempts then go with their own age, not with the delivery
        long attempts = rows.remove(Table.DELIVERY_ATTEMPTS, now.minus(properties.deliveries()), batch);
        long deliveries = rows.remove(Table.DELIVERIES, now.minus(properties.deliveries()), batch);
        long notifications = rows.remove(Table.NOTIFICATIONS, now.minus(properties.notifications()), batch);
        long audit = rows.remove(Table.AUDIT_EVENTS, now.minus(properties.audit()), batch);
        return new Removed(attempts, deliveries, notifications, audit);
    }

    public void finished() {
        jobs.finish(JOB, instanceId, properties.interval());
    }
}
