package nl.koppel.masterdata;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only, for connectors: one field of the source records Koppel holds for a dossier's kind, by external id.
 * A connector whose system reports only "id + version" (Moneybird's synchronization API) compares those with
 * what Koppel stored, to fetch only what changed and to tell deletions; the generic flows need not know.
 * Routes reach it as the bean {@code storedSourceFields}; fetch-page has the property {@code dossierId}.
 */
@Component("storedSourceFields")
public class StoredSourceFields {

    private final JdbcClient jdbc;

    public StoredSourceFields(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param field a top-level field of the stored source JSON (e.g. {@code version})
     * @return external id to the field's value as text (null when the record has no such field)
     */
    public Map<String, String> of(UUID dossierId, MasterDataKind kind, String field) {
        Map<String, String> values = new HashMap<>();
        jdbc.sql("SELECT external_id, source ->> :field AS value FROM master_record"
                        + " WHERE dossier_id = :dossier AND kind = :kind")
                .param("field", field).param("dossier", dossierId).param("kind", kind.name())
                .query(rs -> {
                    values.put(rs.getString("external_id"), rs.getString("value"));
                });
        return values;
    }
}
