package nl.koppel.credentials;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CredentialRepository {

    private static final String COLUMNS =
            "connection_id, access_token_enc, refresh_token_enc, access_token_expires_at, obtained_at, refresh_count,"
            + " link_generation";

    private final JdbcClient jdbc;

    public CredentialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredCredential> find(UUID connectionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM credential WHERE connection_id = :id")
                .param("id", connectionId).query(CredentialRepository::map).optional();
    }

    /**
     * Waits (at most {@code timeout}, for the rest of this transaction) until no other transaction, in this or
     * another Koppel instance, holds the row.
     *
     * @throws org.springframework.dao.PessimisticLockingFailureException when the timeout passed
     */
    public Optional<StoredCredential> lock(UUID connectionId, Duration timeout) {
        jdbc.sql("SELECT set_config('lock_timeout', :timeout, true)").param("timeout", timeout.toMillis() + "ms")
                .query(String.class).single();
        return jdbc.sql("SELECT " + COLUMNS + " FROM credential WHERE connection_id = :id FOR UPDATE")
                .param("id", connectionId).query(CredentialRepository::map).optional();
    }

    public void save(UUID connectionId, byte[] access, byte[] refresh, Instant expiresAt, boolean refreshed) {
        jdbc.sql("""
                INSERT INTO credential (connection_id, access_token_enc, refresh_token_enc, access_token_expires_at,
                                        obtained_at, refresh_count)
                VALUES (:id, :access, :refresh, :expiresAt, now(), 0)
                ON CONFLICT (connection_id) DO UPDATE SET access_token_enc = EXCLUDED.access_token_enc,
                    refresh_token_enc = EXCLUDED.refresh_token_enc,
                    access_token_expires_at = EXCLUDED.access_token_expires_at, obtained_at = now(),
                    refresh_count = CASE WHEN :refreshed THEN credential.refresh_count + 1 ELSE 0 END,
                    link_generation = CASE WHEN :refreshed THEN credential.link_generation
                                           ELSE nextval('credential_link_generation') END""")
                .param("id", connectionId).param("access", access).param("refresh", refresh)
                .param("expiresAt", Timestamp.from(expiresAt)).param("refreshed", refreshed)
                .update();
    }

    public void delete(UUID connectionId) {
        jdbc.sql("DELETE FROM credential WHERE connection_id = :id").param("id", connectionId).update();
    }

    private static StoredCredential map(ResultSet rs, int row) throws SQLException {
        return new StoredCredential(rs.getObject("connection_id", UUID.class), rs.getBytes("access_token_enc"),
                rs.getBytes("refresh_token_enc"), rs.getTimestamp("access_token_expires_at").toInstant(),
                rs.getTimestamp("obtained_at").toInstant(), rs.getInt("refresh_count"),
                rs.getLong("link_generation"));
    }
}
