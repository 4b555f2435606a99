package nl.koppel.masterdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Master data rows. A page is written with one statement (arrays unnested on the server), and a row whose
 * content hash is unchanged is skipped by the conflict clause, so it costs no write.
 */
@Repository
public class MasterRecordRepository {

    /** A page is first COPYed into this per-session table, then merged in one statement. */
    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS master_record_page (external_id text, code text, name text,
                active boolean, vat_number text, attributes jsonb, source jsonb, content_hash bigint)""";

    private static final String MERGE = """
            INSERT INTO master_record (dossier_id, kind, external_id, code, name, active, vat_number, attributes,
                                       source, content_hash, synced_at)
            SELECT ?, ?, p.external_id, p.code, p.name, p.active, p.vat_number, p.attributes, p.source,
                   p.content_hash, now()
            FROM master_record_page p
            ON CONFLICT (dossier_id, kind, external_id) DO UPDATE SET
                code = EXCLUDED.code, name = EXCLUDED.name, active = EXCLUDED.active,
                vat_number = EXCLUDED.vat_number, attributes = EXCLUDED.attributes, source = EXCLUDED.source,
                content_hash = EXCLUDED.content_hash, synced_at = EXCLUDED.synced_at
            WHERE master_record.content_hash <> EXCLUDED.content_hash
            RETURNING (xmax = 0) AS inserted""";

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public MasterRecordRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, ObjectMapper json) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Upserts the records (distinct external ids); returns {inserted, updated}. The page goes in with
     * PostgreSQL's COPY (the fastest way in) to a session-local staging table, then one INSERT ... ON CONFLICT
     * merges it; a row whose content hash is unchanged is skipped. Runs in the caller's transaction.
     */
    public int[] upsert(UUID dossierId, MasterDataKind kind, List<MasterRecord> records) {
        if (records.isEmpty()) {
            return new int[] {0, 0};
        }
        String rows = copyRows(records);
        return jdbcTemplate.execute((Connection c) -> {
            try (Statement ddl = c.createStatement()) {
                ddl.execute(STAGING);
                ddl.execute("TRUNCATE master_record_page");
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY master_record_page FROM STDIN", new StringReader(rows));
            } catch (IOException e) {
                throw new SQLException("COPY of a master-data page failed", e);
            }
            try (PreparedStatement merge = c.prepareStatement(MERGE)) {
                merge.setObject(1, dossierId);
                merge.setString(2, kind.name());
                int inserted = 0;
                int updated = 0;
                try (ResultSet rs = merge.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(1)) {
                            inserted++;
                        } else {
                            updated++;
                        }
                    }
                }
                return new int[] {inserted, updated};
            }
        });
    }

    /** The records in COPY's text format: tab-separated, \N for null, backslash escapes. */
    private String copyRows(List<MasterRecord> records) {
        StringBuilder out = new StringBuilder(records.size() * 600);
        for (MasterRecord r : records) {
            String attributes = toJson(r);
            field(out, r.externalId()).append('\t');
            field(out, r.code()).append('\t');
            field(out, r.name()).append('\t');
            out.append(r.active() ? 't' : 'f').append('\t');
            field(out, r.vatNumber()).append('\t');
            field(out, attributes).append('\t');
            field(out, r.source()).append('\t');
            out.append(ContentHash.of(r, attributes)).append('\n');
        }
        return out.toString();
    }

    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out;
    }

    public int delete(UUID dossierId, MasterDataKind kind, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return 0;
        }
        return jdbcTemplate.execute((Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "DELETE FROM master_record WHERE dossier_id = ? AND kind = ? AND external_id = ANY (?)")) {
                statement.setObject(1, dossierId);
                statement.setString(2, kind.name());
                statement.setArray(3, c.createArrayOf("text", externalIds.toArray()));
                return statement.executeUpdate();
            }
        });
    }

    /** After a full read: everything the source no longer has is deleted. */
    public int deleteAllExcept(UUID dossierId, MasterDataKind kind, Collection<String> seenExternalIds) {
        return jdbcTemplate.execute((Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM master_record WHERE dossier_id = ?"
                    + " AND kind = ? AND NOT (external_id = ANY (?))")) {
                statement.setObject(1, dossierId);
                statement.setString(2, kind.name());
                Array seen = c.createArrayOf("text", seenExternalIds.toArray());
                statement.setArray(3, seen);
                return statement.executeUpdate();
            }
        });
    }

    public record StoredRecord(String externalId, String code, String name, boolean active, String vatNumber,
                               String attributes, String source) {
    }

    public List<StoredRecord> page(UUID dossierId, MasterDataKind kind, int limit, int offset) {
        return jdbc.sql("SELECT external_id, code, name, active, vat_number, attributes::text AS attributes,"
                        + " source::text AS source FROM master_record WHERE dossier_id = :dossier AND kind = :kind"
                        + " ORDER BY code NULLS LAST, external_id LIMIT :limit OFFSET :offset")
                .param("dossier", dossierId).param("kind", kind.name()).param("limit", limit).param("offset", offset)
                .query((rs, i) -> new StoredRecord(rs.getString("external_id"), rs.getString("code"),
                        rs.getString("name"), rs.getBoolean("active"), rs.getString("vat_number"),
                        rs.getString("attributes"), rs.getString("source")))
                .list();
    }

    public long count(UUID dossierId, MasterDataKind kind) {
        return jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :dossier AND kind = :kind")
                .param("dossier", dossierId).param("kind", kind.name()).query(Long.class).single();
    }

    private String toJson(MasterRecord record) {
        try {
            return json.writeValueAsString(ContentHash.sorted(record.attributes()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes of record " + record.externalId() + " are not JSON", e);
        }
    }
}
