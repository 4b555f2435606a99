package nl.koppel.masterdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Master data rows. A page goes in with COPY and one merge statement, and a row whose content hash is unchanged
 * is skipped by the conflict clause, so it costs no write.
 */
@Repository
public class MasterRecordRepository {

    private static final Logger log = LoggerFactory.getLogger(MasterRecordRepository.class);

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

    /** A first load's page, straight in; synced_at is the column's default, the transaction's now(). */
    private static final String COPY_NEW = "COPY master_record (dossier_id, kind, external_id, code, name, active,"
            + " vat_number, attributes, source, content_hash) FROM STDIN";

    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final SkippedRecordRepository skippedRecords;

    public MasterRecordRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, ObjectMapper json,
                                  SkippedRecordRepository skippedRecords) {
        this.skippedRecords = skippedRecords;
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Upserts the records (distinct external ids); returns {inserted, updated, skipped}. The page goes in with
     * PostgreSQL's COPY (the fastest way in) to a session-local staging table, then one INSERT ... ON CONFLICT
     * merges it; a row whose content hash is unchanged is skipped. Runs in the caller's transaction.
     * <p>
     * On a {@code firstLoad} (the kind never completed a run for the dossier, so its records are new) the page is
     * COPYed straight into master_record: half the database work of staging and merging. Should a record be
     * there already (an earlier run stopped halfway, or a record changed while being paged and came again on a
     * later page), the copy is rolled back to a savepoint and the page merged as usual.
     * <p>
     * Records are first cleaned of what PostgreSQL cannot store ({@link StorableText}: NUL). Should the page still
     * fail, it is rolled back to a savepoint and written record by record: what can be stored is, each record that
     * cannot is skipped and kept in skipped_record with its reason (shown in the dossier's sync-status), so one bad
     * record never stops the rest of its dossier.
     */
    public int[] upsert(UUID dossierId, MasterDataKind kind, List<MasterRecord> given, boolean firstLoad) {
        if (given.isEmpty()) {
            return new int[] {0, 0, 0};
        }
        List<MasterRecord> records = given.stream().map(StorableText::clean).toList();
        Map<String, String> skipped = new LinkedHashMap<>();
        int[] written = jdbcTemplate.execute((Connection c) -> {
            Savepoint beforePage = c.setSavepoint();
            try {
                int[] page = write(c, dossierId, kind, records, firstLoad);
                c.releaseSavepoint(beforePage);
                return page;
            } catch (SQLException | IllegalArgumentException e) {
                if (!aRecordsData(e)) {
                    throw e; // not about the data (a lost connection, an unknown dossier): the page fails whole
                }
                c.rollback(beforePage);
            }
            int inserted = 0;
            int updated = 0;
            for (MasterRecord record : records) {
                Savepoint beforeRecord = c.setSavepoint();
                try {
                    int[] one = write(c, dossierId, kind, List.of(record), false);
                    c.releaseSavepoint(beforeRecord);
                    inserted += one[0];
                    updated += one[1];
                } catch (SQLException | IllegalArgumentException e) {
                    if (!aRecordsData(e)) {
                        throw e;
                    }
                    c.rollback(beforeRecord);
                    skipped.put(record.externalId(), reason(e));
                }
            }
            return new int[] {inserted, updated};
        });
        List<String> stored = records.stream().map(MasterRecord::externalId).filter(id -> !skipped.containsKey(id))
                .toList();
        skippedRecords.pageWritten(dossierId, kind, stored, skipped);
        if (!skipped.isEmpty()) {
            log.warn("{} of a page of {} for dossier {} could not be stored and were skipped (the rest of the page"
                    + " was stored): {}", skipped.size(), kind.path(), dossierId, skipped);
        }
        return new int[] {written[0], written[1], skipped.size()};
    }

    /**
     * A failure caused by a record's values: PostgreSQL's data exceptions (class 22: invalid byte sequence,
     * invalid JSON, a value out of range) or attributes that are not JSON.
     */
    private static boolean aRecordsData(Exception e) {
        return e instanceof IllegalArgumentException
                || (e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22"));
    }

    /** Why PostgreSQL refused a record: its message and detail, not its context (which quotes the data). */
    private static String reason(Exception e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            return server.getMessage() + (server.getDetail() == null ? "" : " (" + server.getDetail() + ")");
        }
        return e.getMessage();
    }

    private int[] write(Connection c, UUID dossierId, MasterDataKind kind, List<MasterRecord> records,
                        boolean firstLoad) throws SQLException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        if (firstLoad) {
            Savepoint beforeCopy = c.setSavepoint();
            try {
                byte[] columns = (dossierId + "\t" + kind.name() + "\t").getBytes(StandardCharsets.UTF_8);
                long copied = copyIn(copy, COPY_NEW, copyPage(records, columns));
                c.releaseSavepoint(beforeCopy);
                return new int[] {(int) copied, 0};
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(beforeCopy);
            }
        }
        try (Statement ddl = c.createStatement()) {
            ddl.execute(STAGING);
            ddl.execute("TRUNCATE master_record_page");
        }
        copyIn(copy, "COPY master_record_page FROM STDIN", copyPage(records, new byte[0]));
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
    }

    /** The page in COPY's text format; each line starts with {@code prefix} (COPY text, or none). */
    private CopyPage copyPage(List<MasterRecord> records, byte[] prefix) {
        CopyPage page = new CopyPage(records.size());
        for (MasterRecord record : records) {
            page.prefix(prefix).record(record, attributesJson(record));
        }
        return page;
    }

    private static long copyIn(CopyManager copy, String sql, CopyPage page) throws SQLException {
        CopyIn in = copy.copyIn(sql);
        try {
            in.writeToCopy(page.bytes(), 0, page.length());
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    public int delete(UUID dossierId, MasterDataKind kind, Collection<String> externalIds) {
        if (externalIds.isEmpty()) {
            return 0;
        }
        skippedRecords.forget(dossierId, kind, externalIds); // deleted at the source: nothing left to skip
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

    /**
     * After a full read: everything the source no longer has is deleted. The set difference is an EXCEPT, which
     * PostgreSQL hashes; {@code NOT (external_id = ANY (?))} under a prepared statement's generic plan compares
     * every stored row with every seen id (10,000 x 10,000 for a dossier's relations: most of the benchmark's
     * database time).
     */
    public int deleteAllExcept(UUID dossierId, MasterDataKind kind, Collection<String> seenExternalIds) {
        return jdbcTemplate.execute((Connection c) -> {
            try (PreparedStatement statement = c.prepareStatement("""
                    DELETE FROM master_record WHERE dossier_id = ? AND kind = ? AND external_id IN (
                        SELECT external_id FROM master_record WHERE dossier_id = ? AND kind = ?
                        EXCEPT SELECT unnest(?::text[]))""")) {
                statement.setObject(1, dossierId);
                statement.setString(2, kind.name());
                statement.setObject(3, dossierId);
                statement.setString(4, kind.name());
                Array seen = c.createArrayOf("text", seenExternalIds.toArray());
                statement.setArray(5, seen);
                return statement.executeUpdate();
            }
        });
    }

    public record StoredRecord(String externalId, String code, String name, boolean active, String vatNumber,
                               String attributes, String source) {
    }

    /**
     * A page in external id order, the primary key's: both the offset form and the keyset form below are index
     * range scans without a sort (an offset still walks the rows it skips, hence its cap in the API).
     */
    public List<StoredRecord> page(UUID dossierId, MasterDataKind kind, int limit, int offset) {
        return jdbc.sql(PAGE + " ORDER BY external_id LIMIT :limit OFFSET :offset")
                .param("dossier", dossierId).param("kind", kind.name()).param("limit", limit).param("offset", offset)
                .query(MasterRecordRepository::stored).list();
    }

    /** The page after the record with this external id (keyset paging: as fast on the last page as on the first). */
    public List<StoredRecord> pageAfter(UUID dossierId, MasterDataKind kind, String afterExternalId, int limit) {
        return jdbc.sql(PAGE + " AND external_id > :after ORDER BY external_id LIMIT :limit")
                .param("dossier", dossierId).param("kind", kind.name()).param("after", afterExternalId)
                .param("limit", limit).query(MasterRecordRepository::stored).list();
    }

    private static final String PAGE = "SELECT external_id, code, name, active, vat_number, attributes::text AS attributes,"
            + " source::text AS source FROM master_record WHERE dossier_id = :dossier AND kind = :kind";

    private static StoredRecord stored(ResultSet rs, int row) throws SQLException {
        return new StoredRecord(rs.getString("external_id"), rs.getString("code"), rs.getString("name"),
                rs.getBoolean("active"), rs.getString("vat_number"), rs.getString("attributes"), rs.getString("source"));
    }

    public long count(UUID dossierId, MasterDataKind kind) {
        return jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :dossier AND kind = :kind")
                .param("dossier", dossierId).param("kind", kind.name()).query(Long.class).single();
    }

    private byte[] attributesJson(MasterRecord record) {
        try {
            return json.writeValueAsBytes(ContentHash.sorted(record.attributes()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes of record " + record.externalId() + " are not JSON", e);
        }
    }
}
