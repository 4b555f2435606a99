package nl.koppel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.simulator.exactonline.SimulatedRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Koppel's copy of a dossier's master data against the simulator's: the same ids, and per record the same
 * normalised fields, written out independently of Koppel's own mapping.
 */
public final class MasterDataComparison {

    private MasterDataComparison() {
    }

    /** What a record must look like in Koppel: code, name, active, VAT number and a few attributes. */
    public record Normalised(String code, String name, boolean active, String vatNumber, String city, String email) {
    }

    public static MasterDataKind koppelKind(Kind kind) {
        return switch (kind) {
            case ACCOUNTS -> MasterDataKind.RELATIONS;
            case GL_ACCOUNTS -> MasterDataKind.GL_ACCOUNTS;
            case VAT_CODES -> MasterDataKind.VAT_CODES;
            case JOURNALS -> MasterDataKind.JOURNALS;
            case COST_CENTERS -> MasterDataKind.COST_CENTERS;
            case COST_UNITS -> MasterDataKind.COST_UNITS;
            case PROJECTS -> MasterDataKind.PROJECTS;
            case PAYMENT_CONDITIONS -> MasterDataKind.PAYMENT_CONDITIONS;
        };
    }

    public static Normalised expected(SimulatedRecord record) {
        Map<String, Object> f = record.fields();
        String code = f.get("Code") == null ? null : f.get("Code").toString().strip();
        return switch (record.kind()) {
            case ACCOUNTS -> new Normalised(code, text(f, "Name"), !bool(f, "Blocked"), text(f, "VATNumber"),
                    text(f, "City"), text(f, "Email"));
            case GL_ACCOUNTS, VAT_CODES -> new Normalised(code, text(f, "Description"), !bool(f, "IsBlocked"), null,
                    null, null);
            case COST_CENTERS -> new Normalised(code, text(f, "Description"),
                    f.get("Active") == null || bool(f, "Active"), null, null, null);
            // the reference gives projects and payment conditions no blocked or active field: always active
            case JOURNALS, COST_UNITS, PROJECTS, PAYMENT_CONDITIONS -> new Normalised(code, text(f, "Description"), true,
                    null, null, null);
        };
    }

    public static Map<String, Normalised> simulator(ExactOnlineSimulator exact, int division, Kind kind) {
        Map<String, Normalised> expected = new TreeMap<>();
        for (SimulatedRecord record : exact.records(division, kind)) {
            expected.put(record.id().toString(), expected(record));
        }
        return expected;
    }

    public static Map<String, Normalised> koppel(JdbcClient jdbc, UUID dossierId, MasterDataKind kind) {
        Map<String, Normalised> actual = new TreeMap<>();
        jdbc.sql("SELECT external_id, code, name, active, vat_number, attributes->>'city' AS city,"
                        + " attributes->>'email' AS email FROM master_record WHERE dossier_id = :d AND kind = :k")
                .param("d", dossierId).param("k", kind.name())
                .query(rs -> {
                    actual.put(rs.getString("external_id"), new Normalised(rs.getString("code"), rs.getString("name"),
                            rs.getBoolean("active"), rs.getString("vat_number"), rs.getString("city"),
                            rs.getString("email")));
                });
        return actual;
    }

    /** Every kind of the dossier equals the simulator's division, deleted records gone. */
    public static void assertEqual(JdbcClient jdbc, ExactOnlineSimulator exact, UUID dossierId, int division) {
        for (Kind kind : Kind.values()) {
            Map<String, Normalised> expected = simulator(exact, division, kind);
            Map<String, Normalised> actual = koppel(jdbc, dossierId, koppelKind(kind));
            assertThat(actual).as("%s of division %d", kind, division).hasSameSizeAs(expected);
            assertThat(actual).as("%s of division %d", kind, division).isEqualTo(expected);
        }
    }

    /** Sum over kinds, for messages. */
    public static int simulatorTotal(ExactOnlineSimulator exact, int division) {
        return List.of(Kind.values()).stream().mapToInt(k -> exact.recordCount(division, k)).sum();
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? null : Objects.toString(value);
    }

    private static boolean bool(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(value.toString());
    }
}
