package nl.koppel.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.koppel.systems.LinkConcurrency;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Due work is claimed in PostgreSQL: a dossier is leased by one Koppel instance at a time
 * ({@code FOR UPDATE SKIP LOCKED}), and a crashed instance's lease simply expires.
 */
@Repository
public class DossierLeases {

    private final JdbcClient jdbc;
    private final LinkConcurrency linkConcurrency;

    public DossierLeases(JdbcClient jdbc, LinkConcurrency linkConcurrency) {
        this.jdbc = jdbc;
        this.linkConcurrency = linkConcurrency;
    }

    /**
     * Due dossiers of connected connections; none of a connection (or of all) whose sync an operator paused; for a
     * system with a limit of dossiers at once per link ({@link LinkConcurrency}), only as many of a connection as
     * leave it within the limit, counting those leased now and those due before them (the claim runs on one
     * instance at a time: the tick is a clustered Quartz job).
     */
    public List<UUID> claimDue(String owner, int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.sql("""
                UPDATE dossier SET lease_owner = :owner, lease_expires_at = now() + CAST(:lease AS interval)
                WHERE id IN (
                    SELECT d.id FROM dossier d JOIN accounting_system_connection c ON c.id = d.connection_id
                    WHERE d.status = 'ACTIVE' AND c.status = 'CONNECTED' AND d.next_sync_at <= now()
                      AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
                      AND NOT c.sync_paused AND NOT (SELECT sync_paused FROM koppel_setting)
                      AND (CAST(:atOnce AS jsonb) ->> c.system_type IS NULL
                           OR (SELECT count(*) FROM dossier o WHERE o.connection_id = d.connection_id AND o.id <> d.id
                                 AND (o.lease_expires_at > now()
                                      OR (o.status = 'ACTIVE' AND o.next_sync_at <= now()
                                          AND (o.next_sync_at, o.id) < (d.next_sync_at, d.id))))
                              < CAST(CAST(:atOnce AS jsonb) ->> c.system_type AS integer))
                    ORDER BY d.next_sync_at, d.id
                    LIMIT :limit
                    FOR UPDATE OF d SKIP LOCKED)
                RETURNING id""")
                .param("owner", owner).param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
                .param("atOnce", linkConcurrency.limitsJson()).query(UUID.class).list();
    }

    /** Extends the lease; false when another instance took the dossier over (ours had expired). */
    public boolean renew(UUID dossierId, String owner, Duration lease) {
        return jdbc.sql("UPDATE dossier SET lease_expires_at = now() + CAST(:lease AS interval)"
                        + " WHERE id = :id AND lease_owner = :owner")
                .param("lease", lease.toMillis() + " milliseconds").param("id", dossierId).param("owner", owner)
                .update() == 1;
    }

    public void release(UUID dossierId, String owner, Instant nextSyncAt, boolean succeeded) {
        jdbc.sql("UPDATE dossier SET lease_owner = NULL, lease_expires_at = NULL, next_sync_at = :next,"
                        + " last_successful_sync_at = CASE WHEN :ok THEN now() ELSE last_successful_sync_at END"
                        + " WHERE id = :id AND lease_owner = :owner")
                .param("next", Timestamp.from(nextSyncAt)).param("ok", succeeded).param("id", dossierId)
                .param("owner", owner).update();
    }
}
