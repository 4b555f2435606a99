package nl.koppel.schedule;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Link checks and discoveries as due work in PostgreSQL ({@code connection_schedule}): a row per connected
 * connection and job, claimed by one instance at a time ({@code FOR UPDATE SKIP LOCKED}) with a lease that
 * expires when its instance dies. Due times are spread over the interval, so the cluster's work is too.
 */
@Repository
public class ConnectionSchedule {

    private final JdbcClient jdbc;

    public ConnectionSchedule(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} due runs of the job that nobody holds, leased to {@code owner}; oldest due first. */
    public List<UUID> claimDue(ConnectionJob job, String owner, int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.sql("""
                UPDATE connection_schedule SET lease_owner = :owner, lease_until = now() + CAST(:lease AS interval)
                WHERE job = :job AND connection_id IN (
                    SELECT connection_id FROM connection_schedule
                    WHERE job = :job AND due_at <= now() AND (lease_until IS NULL OR lease_until < now())
                    ORDER BY due_at
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING connection_id""")
                .param("owner", owner).param("lease", millis(lease)).param("job", job.name()).param("limit", limit)
                .query(UUID.class).list();
    }

    /**
     * The run is over: due again about one interval after it was due, so the connection keeps its place in the
     * spread (give or take 10 %: connections that became due together, e.g. linked in one batch, drift apart
     * instead of running at one moment forever); or, when it ran more than half an interval late (the cluster
     * was down), somewhere in the second half of the next interval, so that a backlog does not stay bunched.
     *
     * @return false when the lease was no longer ours (it expired and another instance took the run over)
     */
    public boolean finish(ConnectionJob job, UUID connectionId, String owner, Duration interval) {
        return jdbc.sql("""
                UPDATE connection_schedule SET lease_owner = NULL, lease_until = NULL, last_run_at = now(),
                    last_run_by = :owner,
                    due_at = CASE WHEN due_at + CAST(:interval AS interval) > now() + CAST(:interval AS interval) / 2
                                  THEN due_at + CAST(:interval AS interval) * (0.9 + random() / 5)
                                  ELSE now() + CAST(:interval AS interval) * (0.5 + random() / 2) END
                WHERE connection_id = :id AND job = :job AND lease_owner = :owner""")
                .param("owner", owner).param("interval", millis(interval)).param("id", connectionId)
                .param("job", job.name()).update() == 1;
    }

    /**
     * The connection was linked (again): its discovery is due now, its link check somewhere in the coming
     * interval (not all at once after a mass relink). Rows of a connection exist only while it is connected
     * (the trigger of V12 removes them when it is not).
     */
    public void linked(UUID connectionId, Duration linkCheckInterval) {
        jdbc.sql("""
                INSERT INTO connection_schedule (connection_id, job, due_at)
                VALUES (:id, 'LINK_CHECK', now() + random() * CAST(:interval AS interval)), (:id, 'DISCOVERY', now())
                ON CONFLICT (connection_id, job) DO UPDATE
                    SET due_at = CASE WHEN EXCLUDED.job = 'DISCOVERY' THEN now() ELSE connection_schedule.due_at END""")
                .param("id", connectionId).param("interval", millis(linkCheckInterval)).update();
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
