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
     * Claims up to {@code limit} due dossiers of connected, unpaused connections (the {@code claimable} flag and
     * its partial index, V8), fairly across offices: each office's earliest due dossiers are ranked after what the
     * office already has in a turn, so an office with 5,000 due dossiers takes its share of the workers while an
     * office with 3 gets its first one at once. Dossiers another instance is claiming at the same moment are
     * skipped, never waited for. For a system with a limit of dossiers at once per link ({@link LinkConcurrency}),
     * only as many of a connection as leave it within the limit, counting those leased now and those due before
     * them. Two instances claiming at the same moment can each take one of a limited link: the limit holds per
     * claim, and the accounting system's own refusal (a transient failure) covers that narrow race.
     */
    public List<DossierLease> claimDue(String owner, int limit, Duration lease) {
        if (limit <= 0) {
            return List.of();
        }
        return jdbc.sql("""
                UPDATE dossier SET lease_owner = :owner, lease_expires_at = now() + CAST(:lease AS interval),
                    lease_token = gen_random_uuid()
                WHERE id IN (
                    WITH waiting AS MATERIALIZED (
                        SELECT o.id, (SELECT count(*) FROM dossier y WHERE y.office_id = o.id
                                        AND y.lease_owner IS NOT NULL AND y.lease_expires_at > now()) AS busy
                        FROM office o
                        WHERE EXISTS (SELECT 1 FROM dossier x WHERE x.office_id = o.id AND x.claimable
                                        AND x.next_sync_at <= now()
                                        AND (x.lease_expires_at IS NULL OR x.lease_expires_at < now()))),
                    -- every office with due work has a candidate at share busy + 1, so the window-th lowest of those
                    -- bounds the shares the window can reach: no office needs candidates beyond it
                    reach AS (SELECT busy + 1 AS share FROM waiting ORDER BY busy OFFSET :window - 1 LIMIT 1)
                    SELECT d.id FROM dossier d JOIN (
                        SELECT pick.id, pick.next_sync_at,
                               w.busy + row_number() OVER (PARTITION BY w.id ORDER BY pick.next_sync_at) AS share
                        FROM waiting w
                        CROSS JOIN LATERAL (
                            SELECT x.id, x.next_sync_at FROM dossier x
                            WHERE x.office_id = w.id AND x.claimable AND x.next_sync_at <= now()
                              AND (x.lease_expires_at IS NULL OR x.lease_expires_at < now())
                            ORDER BY x.next_sync_at
                            LIMIT GREATEST(0, LEAST(:window, COALESCE((SELECT share FROM reach) - w.busy, :window)))) pick
                        ORDER BY share, pick.next_sync_at, pick.id
                        LIMIT :window) due ON due.id = d.id
                    JOIN accounting_system_connection c ON c.id = d.connection_id
                    WHERE d.claimable AND d.next_sync_at <= now()
                      AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
                      AND NOT (SELECT sync_paused FROM koppel_setting)
                      AND (CAST(:atOnce AS jsonb) ->> c.system_type IS NULL
                           OR (SELECT count(*) FROM dossier o WHERE o.connection_id = d.connection_id AND o.id <> d.id
                                 AND (o.lease_expires_at > now()
                                      OR (o.claimable AND o.next_sync_at <= now()
                                          AND (o.next_sync_at, o.id) < (d.next_sync_at, d.id))))
                              < CAST(CAST(:atOnce AS jsonb) ->> c.system_type AS integer))
                    ORDER BY due.share, due.next_sync_at, d.id
                    LIMIT :limit
                    FOR UPDATE OF d SKIP LOCKED)
                RETURNING id, lease_token""")
                .param("owner", owner).param("lease", lease.toMillis() + " milliseconds").param("limit", limit)
                // candidates beyond the limit: room for the ones another instance locks at the same moment
                .param("window", limit * 4)
                .param("atOnce", linkConcurrency.limitsJson())
                .query((rs, n) -> new DossierLease(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    /** Extends the lease; false when another claim took the dossier over (ours had expired). */
    public boolean renew(DossierLease lease, Duration duration) {
        return jdbc.sql("UPDATE dossier SET lease_expires_at = now() + CAST(:lease AS interval)"
                        + " WHERE id = :id AND lease_token = :token")
                .param("lease", duration.toMillis() + " milliseconds").param("id", lease.dossierId())
                .param("token", lease.token()).update() == 1;
    }

    /** Ends the turn; nothing happens when another claim took the dossier over meanwhile. */
    public void release(DossierLease lease, Instant nextSyncAt, boolean succeeded) {
        jdbc.sql("UPDATE dossier SET lease_owner = NULL, lease_expires_at = NULL, lease_token = NULL,"
                        + " next_sync_at = :next,"
                        + " last_successful_sync_at = CASE WHEN :ok THEN now() ELSE last_successful_sync_at END"
                        + " WHERE id = :id AND lease_token = :token")
                .param("next", Timestamp.from(nextSyncAt)).param("ok", succeeded).param("id", lease.dossierId())
                .param("token", lease.token()).update();
    }
}
