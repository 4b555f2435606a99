package nl.koppel.ops;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.koppel.dossiers.DossierStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What operators see, read straight from PostgreSQL every time, so every Koppel instance shows the same state.
 * Only names, statuses, reasons, counts and times: never a token or a credential column.
 */
@Repository
public class OpsQueries {

    private final JdbcClient jdbc;

    public OpsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A connection with its office's name: enough to name its MBean. */
    public record ConnectionEntry(UUID connectionId, UUID officeId, String officeName, String systemType) {
    }

    /** A connection as an operator sees it. */
    public record ConnectionFacts(UUID connectionId, UUID officeId, String officeName, String systemType,
                                  String status, String statusReason, Instant statusChangedAt, String syncUserName,
                                  String syncUserUsername, String accountingSystemUser, Instant lastCheckedAt,
                                  boolean syncPaused, Instant syncPausedAt, Instant lastSuccessfulSyncAt) {
    }

    /** The rate-limit budget left over the connection's dossiers (the tightest one counts). */
    public record Budget(Integer minuteRemaining, Integer dayRemaining, Instant blockedUntil) {
    }

    /** A connection that is niet verbonden, for the health details. */
    public record NotConnected(UUID connectionId, String office, String system, String reason, Instant since) {
    }

    public List<ConnectionEntry> connections() {
        return jdbc.sql("""
                SELECT c.id, c.office_id, o.name, c.system_type FROM accounting_system_connection c
                JOIN office o ON o.id = c.office_id ORDER BY o.name, c.system_type, c.id""")
                .query((rs, n) -> new ConnectionEntry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3), rs.getString(4)))
                .list();
    }

    public Optional<ConnectionFacts> connection(UUID connectionId) {
        return jdbc.sql("""
                SELECT c.id, c.office_id, o.name AS office_name, c.system_type, c.status, c.status_reason,
                       c.status_changed_at, u.name AS sync_user_name, u.username AS sync_user_username,
                       c.external_username, c.last_checked_at, c.sync_paused, c.sync_paused_at,
                       (SELECT max(d.last_successful_sync_at) FROM dossier d WHERE d.connection_id = c.id)
                           AS last_successful_sync_at
                FROM accounting_system_connection c
                JOIN office o ON o.id = c.office_id
                JOIN app_user u ON u.id = c.sync_user_id
                WHERE c.id = :id""")
                .param("id", connectionId).query(OpsQueries::facts).optional();
    }

    /** Dossiers of the connection per status, every status present (0 when none). */
    public Map<String, Long> dossierCounts(UUID connectionId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (DossierStatus status : DossierStatus.values()) {
            counts.put(status.name(), 0L);
        }
        jdbc.sql("SELECT status, count(*) FROM dossier WHERE connection_id = :id GROUP BY status")
                .param("id", connectionId)
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    /** Budgets whose reset time has passed are full again, so they do not count; null means no limit known. */
    public Budget budget(UUID connectionId) {
        return jdbc.sql("""
                SELECT min(b.minute_remaining) FILTER (WHERE b.minute_reset_at > now()),
                       min(b.day_remaining) FILTER (WHERE b.day_reset_at > now()),
                       max(b.blocked_until) FILTER (WHERE b.blocked_until > now())
                FROM dossier d JOIN accounting_system_connection c ON c.id = d.connection_id
                JOIN rate_limit_budget b ON b.system_type = c.system_type AND b.scope = d.external_id
                WHERE d.connection_id = :id AND d.status = 'ACTIVE'""")
                .param("id", connectionId)
                .query((rs, n) -> new Budget((Integer) rs.getObject(1), (Integer) rs.getObject(2),
                        instant(rs.getTimestamp(3))))
                .single();
    }

    /** Dossiers a tick would claim now if nothing were paused Koppel-wide: due, active, connected, unpaused. */
    public long workDue() {
        return jdbc.sql("""
                SELECT count(*) FROM dossier d JOIN accounting_system_connection c ON c.id = d.connection_id
                WHERE d.status = 'ACTIVE' AND c.status = 'CONNECTED' AND NOT c.sync_paused
                  AND d.next_sync_at <= now() AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())""")
                .query(Long.class).single();
    }

    public long connectionCount(String systemType, String status) {
        return jdbc.sql("SELECT count(*) FROM accounting_system_connection WHERE system_type = :type"
                        + " AND status = :status")
                .param("type", systemType).param("status", status).query(Long.class).single();
    }

    /** The niet verbonden connections, the latest change first, at most {@code limit}. */
    public List<NotConnected> notConnected(int limit) {
        return jdbc.sql("""
                SELECT c.id, o.name, c.system_type, c.status_reason, c.status_changed_at
                FROM accounting_system_connection c JOIN office o ON o.id = c.office_id
                WHERE c.status = 'NOT_CONNECTED' ORDER BY c.status_changed_at DESC, c.id LIMIT :limit""")
                .param("limit", limit)
                .query((rs, n) -> new NotConnected(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), instant(rs.getTimestamp(5))))
                .list();
    }

    private static ConnectionFacts facts(ResultSet rs, int row) throws SQLException {
        return new ConnectionFacts(rs.getObject("id", UUID.class), rs.getObject("office_id", UUID.class),
                rs.getString("office_name"), rs.getString("system_type"), rs.getString("status"),
                rs.getString("status_reason"), instant(rs.getTimestamp("status_changed_at")),
                rs.getString("sync_user_name"), rs.getString("sync_user_username"), rs.getString("external_username"),
                instant(rs.getTimestamp("last_checked_at")), rs.getBoolean("sync_paused"),
                instant(rs.getTimestamp("sync_paused_at")), instant(rs.getTimestamp("last_successful_sync_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
