package nl.koppel.sync;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per dossier and kind: the committed cursor, the state of the current or last run, and its counts. */
@Repository
public class SyncStateRepository {

    private static final String COLUMNS = """
            dossier_id, kind, cursor, full_sync_required, state, last_attempt_at, last_success_at, last_full_sync_at,
            last_inserted, last_updated, last_deleted, last_unchanged, last_duration_ms, last_error,
            consecutive_failures""";

    /**
     * Appended to every write of a turn: the dossier still carries this turn's lease token (locked for share, so a
     * takeover waits for the write instead of passing it).
     */
    private static final String FENCE = " AND EXISTS (SELECT 1 FROM dossier f WHERE f.id = :id AND f.lease_token = :token"
            + " FOR SHARE)";

    private final JdbcClient jdbc;

    public SyncStateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void create(UUID dossierId, Collection<MasterDataKind> supported) {
        for (MasterDataKind kind : MasterDataKind.values()) {
            jdbc.sql("INSERT INTO sync_state (dossier_id, kind, state) VALUES (:id, :kind, :state)"
                            + " ON CONFLICT DO NOTHING")
                    .param("id", dossierId).param("kind", kind.name())
                    .param("state", supported.contains(kind) ? "QUEUED" : "NOT_SUPPORTED").update();
        }
    }

    public List<SyncState> find(UUID dossierId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sync_state WHERE dossier_id = :id ORDER BY kind")
                .param("id", dossierId).query(SyncStateRepository::map).list();
    }

    /** The kinds of the dossier due in this turn, the one longest out of step first ({@link KindSchedule}). */
    public List<MasterDataKind> dueKinds(UUID dossierId, Function<MasterDataKind, Duration> intervalOf) {
        record Row(KindSchedule.KindStatus status, Instant allDueSince, Instant now) {
        }
        List<Row> rows = jdbc.sql("""
                SELECT s.kind, s.state, s.full_sync_required, s.last_attempt_at, s.last_success_at,
                       s.next_full_sync_at, d.kinds_due_since, now() AS now
                FROM sync_state s JOIN dossier d ON d.id = s.dossier_id WHERE s.dossier_id = :id""")
                .param("id", dossierId)
                .query((rs, n) -> new Row(new KindSchedule.KindStatus(MasterDataKind.valueOf(rs.getString(1)),
                        rs.getString(2), rs.getBoolean(3), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
                        instant(rs.getTimestamp(6))), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        return KindSchedule.due(rows.stream().map(Row::status).toList(), rows.get(0).allDueSince(),
                rows.get(0).now(), intervalOf);
    }

    public boolean allComplete(UUID dossierId) {
        return jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :id"
                        + " AND state NOT IN ('COMPLETE', 'NOT_SUPPORTED')")
                .param("id", dossierId).query(Long.class).single() == 0;
    }

    public Optional<SyncState> find(UUID dossierId, MasterDataKind kind) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sync_state WHERE dossier_id = :id AND kind = :kind")
                .param("id", dossierId).param("kind", kind.name()).query(SyncStateRepository::map).optional();
    }

    /** A run starts (counts from zero), or a paused one (WAITING: yielded or rate limited) goes on. */
    public void begin(DossierLease lease, MasterDataKind kind) {
        fenced(lease, jdbc.sql("""
                UPDATE sync_state SET last_attempt_at = now(),
                    run_inserted = CASE WHEN state = 'WAITING' THEN run_inserted ELSE 0 END,
                    run_updated = CASE WHEN state = 'WAITING' THEN run_updated ELSE 0 END,
                    run_deleted = CASE WHEN state = 'WAITING' THEN run_deleted ELSE 0 END,
                    run_unchanged = CASE WHEN state = 'WAITING' THEN run_unchanged ELSE 0 END,
                    state = 'RUNNING',
                    full_sync_required = full_sync_required OR next_full_sync_at <= now()
                WHERE dossier_id = :id AND kind = :kind""" + FENCE)
                .param("id", lease.dossierId()).param("token", lease.token()).param("kind", kind.name()).update());
    }

    /** Commits a page's cursor and counts (in the caller's transaction, with the page's records). */
    public void commitPage(DossierLease lease, MasterDataKind kind, String cursor, PageWriteResult result) {
        fenced(lease, jdbc.sql("UPDATE sync_state SET cursor = :cursor, run_inserted = run_inserted + :ins,"
                        + " run_updated = run_updated + :upd, run_deleted = run_deleted + :del,"
                        + " run_unchanged = run_unchanged + :unch WHERE dossier_id = :id AND kind = :kind" + FENCE)
                .param("cursor", cursor).param("ins", result.inserted()).param("upd", result.updated())
                .param("del", result.deleted()).param("unch", result.unchanged())
                .param("id", lease.dossierId()).param("token", lease.token()).param("kind", kind.name()).update());
    }

    /**
     * The run completed; after a full read the next one (reconciliation) is due {@code reconciliation} later, up
     * to {@code jitter} earlier at random, so that dossiers first synced together do not all reconcile together.
     */
    public void complete(DossierLease lease, MasterDataKind kind, boolean wasFull, long durationMillis,
                         Duration reconciliation, Duration jitter) {
        fenced(lease, jdbc.sql("UPDATE sync_state SET state = 'COMPLETE', last_success_at = now(), last_error = NULL,"
                        + " consecutive_failures = 0, last_inserted = run_inserted, last_updated = run_updated,"
                        + " last_deleted = run_deleted, last_unchanged = run_unchanged, last_duration_ms = :ms,"
                        + " full_sync_required = CASE WHEN :full THEN false ELSE full_sync_required END,"
                        + " last_full_sync_at = CASE WHEN :full THEN now() ELSE last_full_sync_at END,"
                        + " next_full_sync_at = CASE WHEN :full THEN now() + CAST(:every AS interval)"
                        + " - random() * CAST(:jitter AS interval) ELSE next_full_sync_at END"
                        + " WHERE dossier_id = :id AND kind = :kind" + FENCE)
                .param("ms", durationMillis).param("full", wasFull)
                .param("every", reconciliation.toMillis() + " milliseconds")
                .param("jitter", jitter.toMillis() + " milliseconds")
                .param("id", lease.dossierId()).param("token", lease.token()).param("kind", kind.name()).update());
    }

    public void failed(DossierLease lease, MasterDataKind kind, String error) {
        fenced(lease, jdbc.sql("UPDATE sync_state SET state = 'ERROR', last_error = :error,"
                        + " consecutive_failures = consecutive_failures + 1 WHERE dossier_id = :id AND kind = :kind"
                        + FENCE)
                .param("error", error).param("id", lease.dossierId()).param("token", lease.token())
                .param("kind", kind.name()).update());
    }

    /**
     * The run pauses (yielded, or rate limited): the cursor stays where the last committed page left it, and
     * where the run goes on is kept (null: it starts over).
     */
    public void waiting(DossierLease lease, MasterDataKind kind, String reason, PausedRun paused) {
        fenced(lease, jdbc.sql("UPDATE sync_state SET state = 'WAITING', last_error = :reason,"
                        + " continuation = :continuation, seen_ids = :seen WHERE dossier_id = :id AND kind = :kind"
                        + FENCE)
                .param("reason", reason)
                .param("continuation", paused == null ? null : paused.continuation())
                .param("seen", paused == null || paused.seenIds() == null ? null
                        : paused.seenIds().toArray(String[]::new))
                .param("id", lease.dossierId()).param("token", lease.token()).param("kind", kind.name()).update());
    }

    /**
     * Where a paused run goes on, taken once; null when the kind did not pause or has nothing to go on from, or the
     * lease was lost (then nothing is taken: the new holder goes on with it).
     */
    public PausedRun takePaused(DossierLease lease, MasterDataKind kind) {
        return jdbc.sql("UPDATE sync_state s SET continuation = NULL, seen_ids = NULL FROM sync_state old"
                        + " WHERE s.dossier_id = :id AND s.kind = :kind AND old.dossier_id = s.dossier_id"
                        + " AND old.kind = s.kind AND old.state = 'WAITING' AND old.continuation IS NOT NULL" + FENCE
                        + " RETURNING old.continuation, old.seen_ids")
                .param("id", lease.dossierId()).param("token", lease.token()).param("kind", kind.name())
                .query((rs, n) -> {
                    Array seen = rs.getArray("seen_ids");
                    return new PausedRun(rs.getString("continuation"),
                            seen == null ? null : Arrays.asList((String[]) seen.getArray()));
                }).optional().orElse(null);
    }

    /** A full read of every kind on the next turn (reconciliation, or the source renumbered its rows). */
    public void requireFullSync(UUID dossierId, boolean resetCursor) {
        // with the cursor reset, a paused run's continuation points into the old numbering: it is dropped too
        jdbc.sql("UPDATE sync_state SET full_sync_required = true,"
                        + " cursor = CASE WHEN :reset THEN NULL ELSE cursor END,"
                        + " continuation = CASE WHEN :reset THEN NULL ELSE continuation END,"
                        + " seen_ids = CASE WHEN :reset THEN NULL ELSE seen_ids END"
                        + " WHERE dossier_id = :id AND state <> 'NOT_SUPPORTED'")
                .param("reset", resetCursor).param("id", dossierId).update();
    }

    /** A fenced write that changed nothing: the dossier carries another claim's token now. */
    private static void fenced(DossierLease lease, int updated) {
        if (updated == 0) {
            throw new LeaseLostException(lease.dossierId());
        }
    }

    private static SyncState map(ResultSet rs, int row) throws SQLException {
        return new SyncState(rs.getObject("dossier_id", UUID.class), MasterDataKind.valueOf(rs.getString("kind")),
                rs.getString("cursor"), rs.getBoolean("full_sync_required"), rs.getString("state"),
                instant(rs.getTimestamp("last_attempt_at")), instant(rs.getTimestamp("last_success_at")),
                instant(rs.getTimestamp("last_full_sync_at")), integer(rs, "last_inserted"),
                integer(rs, "last_updated"), integer(rs, "last_deleted"), integer(rs, "last_unchanged"),
                (Long) rs.getObject("last_duration_ms"), rs.getString("last_error"), rs.getInt("consecutive_failures"));
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        return (Integer) rs.getObject(column);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
