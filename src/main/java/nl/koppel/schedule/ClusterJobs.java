package nl.koppel.schedule;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Jobs that must run once per cluster, not once per instance ({@code cluster_job}): every instance's tick tries to
 * claim the job's row; only the one that gets it while it is due runs the job, under a lease that a dead
 * instance leaves to expire.
 */
@Repository
public class ClusterJobs {

    private final JdbcClient jdbc;

    public ClusterJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this owner now holds the due job; false when it is not due or another instance holds it. */
    public boolean claim(String job, String owner, Duration lease) {
        return jdbc.sql("""
                UPDATE cluster_job SET lease_owner = :owner, lease_until = now() + CAST(:lease AS interval)
                WHERE job = :job AND due_at <= now() AND (lease_until IS NULL OR lease_until < now())""")
                .param("owner", owner).param("lease", lease.toMillis() + " milliseconds").param("job", job)
                .update() == 1;
    }

    /** The run is over: due again one interval from now. False when the lease was no longer ours. */
    public boolean finish(String job, String owner, Duration interval) {
        return jdbc.sql("""
                UPDATE cluster_job SET lease_owner = NULL, lease_until = NULL, last_run_at = now(), last_run_by = :owner,
                    due_at = now() + CAST(:interval AS interval)
                WHERE job = :job AND lease_owner = :owner""")
                .param("owner", owner).param("interval", interval.toMillis() + " milliseconds").param("job", job)
                .update() == 1;
    }
}
