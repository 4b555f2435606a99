package nl.koppel.notifications;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The in-app channel: a user's notifications. */
@Repository
public class InboxRepository {

    private static final String COLUMNS = "id, event_id, event_type, connection_id, language, title, body, created_at,"
            + " read_at";

    private final JdbcClient jdbc;

    public InboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record InboxItem(UUID id, UUID eventId, String type, UUID connectionId, String language, String title,
                            String body, Instant createdAt, Instant readAt) {
    }

    /** Writes one notification; a second one for the same event and user is ignored. Joins the caller's transaction. */
    public boolean insert(UUID officeId, UUID userId, UUID eventId, EventType type, UUID connectionId,
                          String language, NotificationTexts.Text text) {
        return jdbc.sql("INSERT INTO notification (id, office_id, user_id, event_id, event_type, connection_id,"
                        + " language, title, body) VALUES (:id, :office, :user, :event, :type, :connection, :language,"
                        + " :title, :body) ON CONFLICT (event_id, user_id) DO NOTHING")
                .param("id", UUID.randomUUID()).param("office", officeId).param("user", userId)
                .param("event", eventId).param("type", type.type()).param("connection", connectionId)
                .param("language", language).param("title", text.title()).param("body", text.body())
                .update() == 1;
    }

    public List<InboxItem> page(UUID userId, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE user_id = :user"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("user", userId).param("limit", limit).param("offset", offset)
                .query(InboxRepository::map).list();
    }

    public long count(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = :user").param("user", userId)
                .query(Long.class).single();
    }

    public long unread(UUID userId) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE user_id = :user AND read_at IS NULL")
                .param("user", userId).query(Long.class).single();
    }

    /** Marks the user's notification read (once: the first time counts); empty when it is not theirs. */
    public Optional<InboxItem> markRead(UUID userId, UUID id) {
        jdbc.sql("UPDATE notification SET read_at = now() WHERE id = :id AND user_id = :user AND read_at IS NULL")
                .param("id", id).param("user", userId).update();
        return jdbc.sql("SELECT " + COLUMNS + " FROM notification WHERE id = :id AND user_id = :user")
                .param("id", id).param("user", userId).query(InboxRepository::map).optional();
    }

    public int markAllRead(UUID userId) {
        return jdbc.sql("UPDATE notification SET read_at = now() WHERE user_id = :user AND read_at IS NULL")
                .param("user", userId).update();
    }

    private static InboxItem map(ResultSet rs, int row) throws SQLException {
        return new InboxItem(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                rs.getString("event_type"), rs.getObject("connection_id", UUID.class), rs.getString("language"),
                rs.getString("title"), rs.getString("body"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("read_at")));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
