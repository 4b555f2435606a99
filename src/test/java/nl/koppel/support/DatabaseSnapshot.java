package nl.koppel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every row that belongs to some offices, so a test can prove that a refused call changed nothing: the office,
 * its users, its accounting-system connections, their credentials (the encrypted bytes included) and its audit
 * trail. Left out on purpose: {@code accounting_system_connection.last_checked_at}, which the scheduled link
 * check updates at any moment, and {@code link_attempt}, where a refused callback records the state's one use
 * by design.
 */
public final class DatabaseSnapshot {

    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("office", "SELECT * FROM office WHERE id IN (:offices) ORDER BY id");
        QUERIES.put("app_user", "SELECT * FROM app_user WHERE office_id IN (:offices) ORDER BY id");
        QUERIES.put("accounting_system_connection",
                "SELECT * FROM accounting_system_connection WHERE office_id IN (:offices) ORDER BY id");
        QUERIES.put("credential", "SELECT cr.* FROM credential cr JOIN accounting_system_connection c"
                + " ON c.id = cr.connection_id WHERE c.office_id IN (:offices) ORDER BY cr.connection_id");
        QUERIES.put("audit_event", "SELECT * FROM audit_event WHERE office_id IN (:offices) ORDER BY id");
    }

    private static final Map<String, Set<String>> IGNORED_COLUMNS =
            Map.of("accounting_system_connection", Set.of("last_checked_at"));

    private final JdbcClient jdbc;
    private final List<UUID> officeIds;
    private final Map<String, List<Map<String, String>>> rows;

    private DatabaseSnapshot(JdbcClient jdbc, List<UUID> officeIds) {
        this.jdbc = jdbc;
        this.officeIds = officeIds;
        this.rows = read(jdbc, officeIds);
    }

    /** Takes a snapshot of the rows of these offices now. */
    public static DatabaseSnapshot of(JdbcClient jdbc, UUID... officeIds) {
        if (officeIds.length == 0) {
            throw new IllegalArgumentException("name at least one office");
        }
        return new DatabaseSnapshot(jdbc, List.of(officeIds));
    }

    /** The rows of one table as taken, each column as text (bytes in hex, times as ISO instants). */
    public List<Map<String, String>> rows(String table) {
        List<Map<String, String>> tableRows = rows.get(table);
        if (tableRows == null) {
            throw new IllegalArgumentException("not in the snapshot: " + table + "; tables: " + QUERIES.keySet());
        }
        return tableRows;
    }

    /** Reads the same rows again and fails, table by table, on any difference. */
    public void assertUnchanged() {
        Map<String, List<Map<String, String>>> now = read(jdbc, officeIds);
        QUERIES.keySet().forEach(table -> assertThat(now.get(table))
                .as("rows of %s for office(s) %s", table, officeIds)
                .isEqualTo(rows.get(table)));
    }

    private static Map<String, List<Map<String, String>>> read(JdbcClient jdbc, List<UUID> officeIds) {
        Map<String, List<Map<String, String>>> result = new LinkedHashMap<>();
        QUERIES.forEach((table, sql) -> result.put(table, jdbc.sql(sql).param("offices", officeIds)
                .query().listOfRows().stream()
                .map(row -> normalise(row, IGNORED_COLUMNS.getOrDefault(table, Set.of())))
                .toList()));
        return result;
    }

    private static Map<String, String> normalise(Map<String, Object> row, Set<String> ignored) {
        Map<String, String> text = new TreeMap<>();
        row.forEach((column, value) -> {
            if (!ignored.contains(column)) {
                text.put(column, asText(value));
            }
        });
        return text;
    }

    private static String asText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return "bytes[" + bytes.length + "]:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return value.toString(); // uuid, text, numbers, jsonb (PGobject prints its value)
    }

    @Override
    public String toString() {
        return "DatabaseSnapshot" + officeIds + rows;
    }
}
