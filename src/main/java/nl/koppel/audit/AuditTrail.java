package nl.koppel.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who changed what and when. Written in the same transaction as the change it describes, so the trail and
 * the data never disagree. Details must never hold a secret.
 */
@Component
public class AuditTrail {

    /** The actor name for changes Koppel makes by itself (scheduled checks, error routes). */
    public static final String SYSTEM = "system";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public AuditTrail(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(UUID officeId, String actor, String action, String subjectType, UUID subjectId,
                       Map<String, ?> details) {
        jdbc.sql("""
                INSERT INTO audit_event (office_id, actor, action, subject_type, subject_id, details)
                VALUES (:officeId, :actor, :action, :subjectType, :subjectId, CAST(:details AS jsonb))""")
                .param("officeId", officeId)
                .param("actor", actor)
                .param("action", action)
                .param("subjectType", subjectType)
                .param("subjectId", subjectId)
                .param("details", toJson(details))
                .update();
    }

    /** One detail of the subject's last audit line of this action (e.g. who a connection was last linked as). */
    public java.util.Optional<String> lastDetail(UUID subjectId, String action, String detail) {
        return jdbc.sql("SELECT details ->> :detail FROM audit_event WHERE subject_id = :subjectId AND action = :action"
                        + " ORDER BY id DESC LIMIT 1")
                .param("detail", detail).param("subjectId", subjectId).param("action", action)
                .query(String.class).optional();
    }

    private String toJson(Map<String, ?> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not serialisable", e);
        }
    }
}
