package nl.koppel.masterdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Master data rows. A page is written with one statement (arrays unnested on the server), and a row whose
 * content hash is unchanged is skipped by the conflict clause, so it costs no write.
 */
@Repository
public class MasterRecordRepository {

    private static final String UPSERT = """
            INSERT INTO master_record (dossier_id, kind, external_id, code, name, active, vat_number, attributes,
                                       source, content_hash, synced_at)
            SELECT ?, ?, r.external_id, r.code, r.name, r.active, r.vat_number, CAST(r.attributes AS jsonb),
                   CAST(r.source AS jsonb), r.content_hash, now()
            FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                 AS r(external_id, code, name, active, vat_number, attributes, source, content_hash)
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

    /** Upserts the records; returns {inserted, updated}. Records must have distinct external ids. */
    public int[] upsert(UUID dossierId, MasterDataKind kind, List<MasterRecord> records) {
        if (records.isEmpty()) {
            return new int[] {0, 0};
        }
        int n = records.size();
        String[] ids = new String[n];
        String[] codes = new String[n];
        String[] names = new String[n];
        Boolean[] actives = new Boolean[n];
        String[] vats = new String[n];
        String[] attributes = new String[n];
        String[] sources = new String[n];
        Long[] hashes = new Long[n];
        for (int i = 0; i < n; i++) {
            MasterRecord r = records.get(i);
            ids[i] = r.externalId();
            codes[i] = r.code();
            names[i] = r.name();
            actives[i] = r.active();
            vats[i] = r.vatNumber();
            attributes[i] = toJson(r);
            sources[i] = r.source();
            hashes[i] = ContentHash.of(r, attributes[i]);
        }
        return jdbcTemplate.execute((Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement(UPSERT)) {
                statement.setObject(1, dossierId);
                statement.setString(2, kind.name());
                statement.setArray(3, c.createArrayOf("text", ids));
                statement.setArray(4, c.createArrayOf("text", codes));
                statement.setArray(5, c.createArrayOf("text", names));
                statement.setArray(6, c.createArrayOf("boolean", actives));
                statement.setArray(7, c.createArrayOf("text", vats));
                statement.setArray(8, c.createArrayOf("text", attributes));
                statement.setArray(9, c.createArrayOf("text", sources));
                statement.setArray(10, c.createArrayOf("bigint", hashes));
                int inserted = 0;
                int updated = 0;
                try (ResultSet rs = statement.executeQuery()) {
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
