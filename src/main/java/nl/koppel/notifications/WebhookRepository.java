package nl.koppel.notifications;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** An office's webhook endpoints; the secret stays encrypted here and is read only to sign. */
@Repository
public class WebhookRepository {

    private static final String COLUMNS = "id, office_id, url, events, created_by, created_at";

    private final JdbcClient jdbc;

    public WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Webhook insert(UUID id, UUID officeId, String url, List<String> events, byte[] secretEncrypted,
                          String createdBy) {
        return jdbc.sql("INSERT INTO webhook (id, office_id, url, events, secret_enc, created_by)"
                        + " VALUES (:id, :office, :url, CAST(:events AS text[]), :secret, :by) RETURNING " + COLUMNS)
                .param("id", id).param("office", officeId).param("url", url)
                .param("events", "{" + String.join(",", events) + "}").param("secret", secretEncrypted)
                .param("by", createdBy).query(WebhookRepository::map).single();
    }

    /**
     * How many webhooks the office has, counted under a lock on the office's row until the transaction ends, so
     * two registrations at once cannot both pass the limit.
     */
    public long countLockingOffice(UUID officeId) {
        jdbc.sql("SELECT id FROM office WHERE id = :office FOR UPDATE").param("office", officeId).query(UUID.class)
                .optional();
        return jdbc.sql("SELECT count(*) FROM webhook WHERE office_id = :office").param("office", officeId)
                .query(Long.class).single();
    }

    public List<Webhook> findByOffice(UUID officeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE office_id = :office ORDER BY created_at, id")
                .param("office", officeId).query(WebhookRepository::map).list();
    }

    /** The office's webhooks that subscribed to the event type. */
    public List<Webhook> subscribed(UUID officeId, EventType type) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE office_id = :office AND :type = ANY (events)"
                        + " ORDER BY created_at, id")
                .param("office", officeId).param("type", type.type()).query(WebhookRepository::map).list();
    }

    public Optional<Webhook> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook WHERE id = :id").param("id", id)
                .query(WebhookRepository::map).optional();
    }

    public Optional<byte[]> secret(UUID id) {
        return jdbc.sql("SELECT secret_enc FROM webhook WHERE id = :id").param("id", id).query(byte[].class)
                .optional();
    }

    public boolean delete(UUID officeId, UUID id) {
        return jdbc.sql("DELETE FROM webhook WHERE id = :id AND office_id = :office").param("id", id)
                .param("office", officeId).update() == 1;
    }

    private static Webhook map(ResultSet rs, int row) throws SQLException {
        Array events = rs.getArray("events");
        return new Webhook(rs.getObject("id", UUID.class), rs.getObject("office_id", UUID.class), rs.getString("url"),
                Arrays.asList((String[]) events.getArray()), rs.getString("created_by"),
                InboxRepository.instant(rs.getTimestamp("created_at")));
    }
}
