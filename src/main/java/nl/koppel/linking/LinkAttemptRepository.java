package nl.koppel.linking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class LinkAttemptRepository {

    private static final String COLUMNS = "state_hash, connection_id, user_id, expires_at, used_at, browser_hash,"
            + " code_verifier";

    private final JdbcClient jdbc;

    public LinkAttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String stateHash, UUID connectionId, UUID userId, Instant expiresAt, String codeVerifier) {
        jdbc.sql("INSERT INTO link_attempt (state_hash, connection_id, user_id, expires_at, code_verifier)"
                        + " VALUES (:hash, :connectionId, :userId, :expiresAt, :verifier)")
                .param("hash", stateHash).param("connectionId", connectionId).param("userId", userId)
                .param("expiresAt", Timestamp.from(expiresAt)).param("verifier", codeVerifier).update();
    }

    /**
     * Binds an unused, unexpired, not yet bound attempt of the user to a browser, in one statement: a start URL
     * works once, and only for the sync user who started the link.
     */
    public Optional<LinkAttempt> bindBrowser(String stateHash, UUID userId, String browserHash) {
        return jdbc.sql("UPDATE link_attempt SET browser_hash = :browser WHERE state_hash = :hash AND user_id = :user"
                        + " AND browser_hash IS NULL AND used_at IS NULL AND expires_at > now() RETURNING " + COLUMNS)
                .param("browser", browserHash).param("hash", stateHash).param("user", userId)
                .query(LinkAttemptRepository::map).optional();
    }

    /**
     * Marks the attempt used if it is unused, unexpired and bound to this browser, in one statement: a state works
     * exactly once, and a callback from another browser does not use it up.
     */
    public Optional<LinkAttempt> consume(String stateHash, String browserHash) {
        return jdbc.sql("UPDATE link_attempt SET used_at = now() WHERE state_hash = :hash AND used_at IS NULL"
                        + " AND expires_at > now() AND browser_hash = :browser RETURNING " + COLUMNS)
                .param("hash", stateHash).param("browser", browserHash).query(LinkAttemptRepository::map).optional();
    }

    /**
     * The usable attempt bound to this browser (systems linked by connection key: the key page finds its attempt by
     * the browser's cookie alone; the attempt stays usable for more keys until it expires or too many were refused).
     */
    public Optional<LinkAttempt> findBound(String browserHash, int maxKeysRefused) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM link_attempt WHERE browser_hash = :browser AND used_at IS NULL"
                        + " AND expires_at > now() AND keys_refused < :max")
                .param("browser", browserHash).param("max", maxKeysRefused).query(LinkAttemptRepository::map)
                .optional();
    }

    /** Counts a refused key; at the limit the attempt is used up (the sync user starts again, later). */
    public int keyRefused(String stateHash, int maxKeysRefused) {
        return jdbc.sql("UPDATE link_attempt SET keys_refused = keys_refused + 1,"
                        + " used_at = CASE WHEN keys_refused + 1 >= :max THEN now() ELSE used_at END"
                        + " WHERE state_hash = :hash RETURNING keys_refused")
                .param("max", maxKeysRefused).param("hash", stateHash).query(Integer.class).optional().orElse(0);
    }

    public Optional<LinkAttempt> find(String stateHash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM link_attempt WHERE state_hash = :hash")
                .param("hash", stateHash).query(LinkAttemptRepository::map).optional();
    }

    /** Old attempts only clutter the table; keep a day for diagnosis. */
    public int deleteExpiredBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM link_attempt WHERE expires_at < :cutoff")
                .param("cutoff", Timestamp.from(cutoff)).update();
    }

    private static LinkAttempt map(ResultSet rs, int row) throws SQLException {
        Timestamp used = rs.getTimestamp("used_at");
        return new LinkAttempt(rs.getString("state_hash"), rs.getObject("connection_id", UUID.class),
                rs.getObject("user_id", UUID.class), rs.getTimestamp("expires_at").toInstant(),
                used == null ? null : used.toInstant(), rs.getString("browser_hash"), rs.getString("code_verifier"));
    }
}
