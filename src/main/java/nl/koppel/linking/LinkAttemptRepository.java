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

    private final JdbcClient jdbc;

    public LinkAttemptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String stateHash, UUID connectionId, UUID userId, Instant expiresAt) {
        jdbc.sql("INSERT INTO link_attempt (state_hash, connection_id, user_id, expires_at)"
                        + " VALUES (:hash, :connectionId, :userId, :expiresAt)")
                .param("hash", stateHash).param("connectionId", connectionId).param("userId", userId)
                .param("expiresAt", Timestamp.from(expiresAt)).update();
    }

    /** Marks the attempt used if it is unused and unexpired, in one statement: a state works exactly once. */
    public Optional<LinkAttempt> consume(String stateHash) {
        return jdbc.sql("UPDATE link_attempt SET used_at = now() WHERE state_hash = :hash AND used_at IS NULL"
                        + " AND expires_at > now() RETURNING state_hash, connection_id, user_id, expires_at, used_at")
                .param("hash", stateHash).query(LinkAttemptRepository::map).optional();
    }

    public Optional<LinkAttempt> find(String stateHash) {
        return jdbc.sql("SELECT state_hash, connection_id, user_id, expires_at, used_at FROM link_attempt"
                        + " WHERE state_hash = :hash")
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
                used == null ? null : used.toInstant());
    }
}
