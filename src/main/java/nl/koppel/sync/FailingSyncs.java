package nl.koppel.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The operators' view of syncs in trouble: dossier kinds whose last {@code koppel.sync.warn-after-failures} runs
 * or more failed in a row, while the link itself is fine (login gelukt) and the dossier is active. A broken link
 * or a dossier without access is the office's to fix and is not listed. For health indicators and metrics: an
 * empty list is healthy. Office users never see this.
 */
@Component("failingSyncs")
public class FailingSyncs {

    /**
     * "consecutive_failures > 0" is implied by the threshold (>= 1) but written out: it is the predicate of the
     * partial index sync_state_failing (V14), which the planner can only use when it sees it literally.
     */
    static final String QUERY = """
            SELECT d.office_id, d.connection_id, s.dossier_id, s.kind, s.consecutive_failures, s.last_attempt_at,
                   s.last_error
            FROM sync_state s
            JOIN dossier d ON d.id = s.dossier_id
            JOIN accounting_system_connection c ON c.id = d.connection_id
            WHERE s.consecutive_failures > 0 AND s.consecutive_failures >= :threshold
              AND d.status = 'ACTIVE' AND c.status = 'CONNECTED'
            ORDER BY s.consecutive_failures DESC, s.dossier_id, s.kind""";

    private final JdbcClient jdbc;
    private final SyncProperties properties;

    public FailingSyncs(JdbcClient jdbc, SyncProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** One dossier kind over the threshold. */
    public record FailingSync(UUID officeId, UUID connectionId, UUID dossierId, String kind, int failuresInARow,
                              Instant lastAttemptAt, String lastError) {
    }

    /** The threshold in force ({@code koppel.sync.warn-after-failures}). */
    public int threshold() {
        return properties.warnAfterFailures();
    }

    /** Every dossier kind at or over the threshold, the longest failing first. */
    public List<FailingSync> list() {
        return jdbc.sql(QUERY)
                .param("threshold", properties.warnAfterFailures())
                .query((rs, n) -> new FailingSync(rs.getObject("office_id", UUID.class),
                        rs.getObject("connection_id", UUID.class), rs.getObject("dossier_id", UUID.class),
                        rs.getString("kind"), rs.getInt("consecutive_failures"), instant(rs.getTimestamp("last_attempt_at")),
                        rs.getString("last_error")))
                .list();
    }

    /** How many dossier kinds are over the threshold (0 is healthy). */
    public int count() {
        return list().size();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
