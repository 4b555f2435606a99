package nl.koppel.connections;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ConnectionRepository {

    private static final String COLUMNS = """
            id, office_id, system_type, sync_user_id, status, status_reason, status_changed_at,
            external_user_id, external_username, external_full_name, last_checked_at, created_at""";

    private final JdbcClient jdbc;

    public ConnectionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Connection insert(UUID officeId, String systemType, UUID syncUserId) {
        return jdbc.sql("INSERT INTO accounting_system_connection (id, office_id, system_type, sync_user_id, status,"
                        + " status_reason, status_changed_at) VALUES (:id, :officeId, :type, :syncUserId,"
                        + " 'NOT_CONNECTED', 'NEVER_LINKED', now()) RETURNING " + COLUMNS)
                .param("id", UUID.randomUUID()).param("officeId", officeId).param("type", systemType)
                .param("syncUserId", syncUserId)
                .query(ConnectionRepository::map).single();
    }

    public Optional<Connection> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounting_system_connection WHERE id = :id")
                .param("id", id).query(ConnectionRepository::map).optional();
    }

    /** Locks the row so that concurrent changes of one connection (sync user, link) happen one after another. */
    public Optional<Connection> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounting_system_connection WHERE id = :id FOR UPDATE")
                .param("id", id).query(ConnectionRepository::map).optional();
    }

    public List<Connection> findByOffice(UUID officeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounting_system_connection WHERE office_id = :officeId"
                        + " ORDER BY created_at, id")
                .param("officeId", officeId).query(ConnectionRepository::map).list();
    }

    public boolean exists(UUID officeId, String systemType) {
        return jdbc.sql("SELECT count(*) FROM accounting_system_connection"
                        + " WHERE office_id = :officeId AND system_type = :type")
                .param("officeId", officeId).param("type", systemType).query(Integer.class).single() > 0;
    }

    public void updateSyncUser(UUID id, UUID syncUserId) {
        jdbc.sql("UPDATE accounting_system_connection SET sync_user_id = :syncUserId WHERE id = :id")
                .param("syncUserId", syncUserId).param("id", id).update();
    }

    public void updateAccountingSystemUser(UUID id, AccountingSystemUser user) {
        jdbc.sql("UPDATE accounting_system_connection SET external_user_id = :externalId,"
                        + " external_username = :username, external_full_name = :fullName WHERE id = :id")
                .param("externalId", user == null ? null : user.externalId())
                .param("username", user == null ? null : user.username())
                .param("fullName", user == null ? null : user.fullName())
                .param("id", id).update();
    }

    public void setAutoAddNewDossiers(UUID id, boolean on) {
        jdbc.sql("UPDATE accounting_system_connection SET auto_add_new_dossiers = :on WHERE id = :id")
                .param("on", on).param("id", id).update();
    }

    public boolean autoAddNewDossiers(UUID id) {
        return jdbc.sql("SELECT auto_add_new_dossiers FROM accounting_system_connection WHERE id = :id")
                .param("id", id).query(Boolean.class).single();
    }

    public void markDiscovered(UUID id) {
        jdbc.sql("UPDATE accounting_system_connection SET last_discovery_at = now() WHERE id = :id")
                .param("id", id).update();
    }

    public void markChecked(UUID id, Instant at) {
        jdbc.sql("UPDATE accounting_system_connection SET last_checked_at = :at WHERE id = :id")
                .param("at", Timestamp.from(at)).param("id", id).update();
    }

    /**
     * Sets the status only when it differs from the current one, in one conditional statement, so that of
     * many concurrent failures exactly one sees the flip.
     *
     * @return the connection as it is after the change, or empty when nothing changed
     */
    public Optional<Connection> changeStatus(UUID id, ConnectionStatus status, StatusReason reason,
                                             ConnectionStatus expectedCurrent) {
        return jdbc.sql("UPDATE accounting_system_connection SET status = :status, status_reason = :reason,"
                        + " status_changed_at = now() WHERE id = :id"
                        + " AND (CAST(:expected AS text) IS NULL OR status = :expected)"
                        + " AND (status <> :status OR status_reason <> :reason) RETURNING " + COLUMNS)
                .param("status", status.name()).param("reason", reason.name()).param("id", id)
                .param("expected", expectedCurrent == null ? null : expectedCurrent.name())
                .query(ConnectionRepository::map).optional();
    }

    private static Connection map(ResultSet rs, int row) throws SQLException {
        String externalId = rs.getString("external_user_id");
        AccountingSystemUser user = externalId == null ? null
                : new AccountingSystemUser(externalId, rs.getString("external_username"),
                        rs.getString("external_full_name"));
        return new Connection(rs.getObject("id", UUID.class), rs.getObject("office_id", UUID.class),
                rs.getString("system_type"), rs.getObject("sync_user_id", UUID.class),
                ConnectionStatus.valueOf(rs.getString("status")), StatusReason.valueOf(rs.getString("status_reason")),
                instant(rs.getTimestamp("status_changed_at")), user, instant(rs.getTimestamp("last_checked_at")),
                instant(rs.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
