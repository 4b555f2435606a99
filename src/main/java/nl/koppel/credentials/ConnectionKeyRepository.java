package nl.koppel.credentials;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code connection_key} table (V20): one encrypted key per administration of a connection. */
@Repository
public class ConnectionKeyRepository {

    private static final String COLUMNS = "connection_id, external_id, key_enc, generation, access_token_enc,"
            + " access_token_expires_at, obtained_at, status, rejected_at, rejected_reason, entered_at";

    private final JdbcClient jdbc;

    public ConnectionKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredConnectionKey> find(UUID connectionId, String externalId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection_key WHERE connection_id = :id AND external_id = :ext")
                .param("id", connectionId).param("ext", externalId).query(ConnectionKeyRepository::map).optional();
    }

    public List<StoredConnectionKey> findByConnection(UUID connectionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection_key WHERE connection_id = :id ORDER BY entered_at")
                .param("id", connectionId).query(ConnectionKeyRepository::map).list();
    }

    public int countActive(UUID connectionId) {
        return jdbc.sql("SELECT count(*) FROM connection_key WHERE connection_id = :id AND status = 'ACTIVE'")
                .param("id", connectionId).query(Integer.class).single();
    }

    /** Waits (at most {@code timeout}) for the row while another transaction fetches its token. */
    public Optional<StoredConnectionKey> lock(UUID connectionId, String externalId, Duration timeout) {
        jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)").param("timeout", timeout.toMillis() + "ms")
                .query(String.class).single();
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection_key WHERE connection_id = :id AND external_id = :ext"
                        + " FOR UPDATE")
                .param("id", connectionId).param("ext", externalId).query(ConnectionKeyRepository::map).optional();
    }

    /** A key entered for the administration: new, or replacing the one it had (a new generation, ACTIVE again). */
    public void save(UUID connectionId, String externalId, byte[] key, byte[] accessToken, Instant expiresAt,
                     UUID enteredBy) {
        jdbc.sql("""
                INSERT INTO connection_key (connection_id, external_id, key_enc, access_token_enc,
                                            access_token_expires_at, obtained_at, entered_by)
                VALUES (:id, :ext, :key, :token, :expiresAt, now(), :by)
                ON CONFLICT (connection_id, external_id) DO UPDATE SET key_enc = EXCLUDED.key_enc,
                    generation = nextval('connection_key_generation'), access_token_enc = EXCLUDED.access_token_enc,
                    access_token_expires_at = EXCLUDED.access_token_expires_at, obtained_at = now(),
                    status = 'ACTIVE', rejected_at = NULL, rejected_reason = NULL, entered_by = EXCLUDED.entered_by,
                    entered_at = now()""")
                .param("id", connectionId).param("ext", externalId).param("key", key).param("token", accessToken)
                .param("expiresAt", Timestamp.from(expiresAt)).param("by", enteredBy).update();
    }

    public void saveToken(UUID connectionId, String externalId, byte[] accessToken, Instant expiresAt) {
        jdbc.sql("UPDATE connection_key SET access_token_enc = :token, access_token_expires_at = :expiresAt,"
                        + " obtained_at = now() WHERE connection_id = :id AND external_id = :ext")
                .param("token", accessToken).param("expiresAt", Timestamp.from(expiresAt))
                .param("id", connectionId).param("ext", externalId).update();
    }

    /**
     * Marks the key of that generation REJECTED, once: true for the one call that did (however many dossier kinds,
     * checks and instances find it refused together). The token is dropped: nothing uses it any more.
     */
    public boolean reject(UUID connectionId, String externalId, long generation, String reason) {
        return jdbc.sql("UPDATE connection_key SET status = 'REJECTED', rejected_at = now(), rejected_reason = :why,"
                        + " access_token_enc = NULL, access_token_expires_at = NULL"
                        + " WHERE connection_id = :id AND external_id = :ext AND generation = :gen"
                        + " AND status = 'ACTIVE'")
                .param("why", reason).param("id", connectionId).param("ext", externalId).param("gen", generation)
                .update() == 1;
    }

    public void deleteByConnection(UUID connectionId) {
        jdbc.sql("DELETE FROM connection_key WHERE connection_id = :id").param("id", connectionId).update();
    }

    private static StoredConnectionKey map(ResultSet rs, int row) throws SQLException {
        return new StoredConnectionKey(rs.getObject("connection_id", UUID.class), rs.getString("external_id"),
                rs.getBytes("key_enc"), rs.getLong("generation"), rs.getBytes("access_token_enc"),
                instant(rs.getTimestamp("access_token_expires_at")), instant(rs.getTimestamp("obtained_at")),
                ConnectionKeyStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("rejected_at")),
                rs.getString("rejected_reason"), instant(rs.getTimestamp("entered_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
