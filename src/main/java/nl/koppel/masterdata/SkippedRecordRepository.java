package nl.koppel.masterdata;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Records skipped because they could not be stored, per dossier and kind, until stored or deleted later. */
@Repository
public class SkippedRecordRepository {

    /** At most this many are listed per dossier (newest first): enough to find them at the source. */
    static final int LISTED = 100;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    public SkippedRecordRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /** After a page: its stored ids are no longer skipped, its skipped ones are (with the latest reason). */
    void pageWritten(UUID dossierId, MasterDataKind kind, Collection<String> storedIds, Map<String, String> skipped) {
        forget(dossierId, kind, storedIds);
        for (Map.Entry<String, String> s : skipped.entrySet()) {
            jdbc.sql("""
                    INSERT INTO skipped_record (dossier_id, kind, external_id, reason) VALUES (:d, :k, :id, :reason)
                    ON CONFLICT (dossier_id, kind, external_id) DO UPDATE SET reason = EXCLUDED.reason,
                        skipped_at = now()""")
                    .param("d", dossierId).param("k", kind.name()).param("id", s.getKey())
                    .param("reason", s.getValue()).update();
        }
    }

    void forget(UUID dossierId, MasterDataKind kind, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return;
        }
        jdbcTemplate.execute((java.sql.Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "DELETE FROM skipped_record WHERE dossier_id = ? AND kind = ? AND external_id = ANY (?)")) {
                statement.setObject(1, dossierId);
                statement.setString(2, kind.name());
                statement.setArray(3, c.createArrayOf("text", externalIds.toArray()));
                return statement.executeUpdate();
            }
        });
    }

    /** The dossier's skipped records, newest first, at most {@value #LISTED}. */
    public List<SkippedRecord> find(UUID dossierId) {
        return jdbc.sql("SELECT kind, external_id, reason, skipped_at FROM skipped_record WHERE dossier_id = :d"
                        + " ORDER BY skipped_at DESC, kind, external_id LIMIT " + LISTED)
                .param("d", dossierId)
                .query((rs, i) -> new SkippedRecord(MasterDataKind.valueOf(rs.getString("kind")).path(),
                        rs.getString("external_id"), rs.getString("reason"),
                        rs.getObject("skipped_at", Timestamp.class).toInstant()))
                .list();
    }
}
