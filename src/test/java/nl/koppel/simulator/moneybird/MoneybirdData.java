package nl.koppel.simulator.moneybird;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Administrations and their records, as Moneybird keeps them: ids are 18-digit numbers sent as strings, every
 * record has {@code created_at} and {@code updated_at}, and every change gives it a new, higher {@code version}
 * (what the synchronization API lists). A deleted record is simply gone. Thread-safe (one lock).
 */
final class MoneybirdData {

    record Administration(String id, String name) {
    }

    private static final Set<String> MANAGED = Set.of("id", "administration_id", "version", "created_at", "updated_at");

    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, Administration> administrations = new LinkedHashMap<>();
    private final Map<String, Map<MoneybirdKind, TreeMap<String, ObjectNode>>> records = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong(400_000_000_000_000_000L);
    private long lastVersion;

    MoneybirdData(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    String newId() {
        return Long.toString(ids.addAndGet(1 + (System.nanoTime() & 0xfff)));
    }

    synchronized Administration addAdministration(String id, String name) {
        if (administrations.containsKey(id)) {
            throw new IllegalStateException("administration exists: " + id);
        }
        Administration administration = new Administration(id, name);
        administrations.put(id, administration);
        Map<MoneybirdKind, TreeMap<String, ObjectNode>> kinds = new EnumMap<>(MoneybirdKind.class);
        for (MoneybirdKind kind : MoneybirdKind.values()) {
            kinds.put(kind, new TreeMap<>());
        }
        records.put(id, kinds);
        return administration;
    }

    synchronized Optional<Administration> administration(String id) {
        return Optional.ofNullable(administrations.get(id));
    }

    synchronized List<Administration> administrations() {
        return List.copyOf(administrations.values());
    }

    /** Creates a record; {@code fields} may not set id, administration_id, version or the timestamps. */
    synchronized ObjectNode create(String administration, MoneybirdKind kind, String id, Map<String, ?> fields) {
        ObjectNode record = json.createObjectNode();
        record.put("id", id == null ? newId() : id);
        record.put("administration_id", administration);
        apply(record, fields);
        String now = now();
        record.put("created_at", now);
        record.put("updated_at", now);
        record.put("version", nextVersion());
        TreeMap<String, ObjectNode> kindRecords = kindRecords(administration, kind);
        if (kindRecords.containsKey(record.path("id").asText())) {
            throw new IllegalStateException("record exists: " + record.path("id").asText());
        }
        kindRecords.put(record.path("id").asText(), record);
        return record.deepCopy();
    }

    /** Changes fields; the record gets a new version and updated_at. */
    synchronized ObjectNode update(String administration, MoneybirdKind kind, String id, Map<String, ?> changes) {
        ObjectNode record = kindRecords(administration, kind).get(id);
        if (record == null) {
            throw new NoSuchElementException("no " + kind.path + " " + id + " in administration " + administration);
        }
        apply(record, changes);
        record.put("updated_at", now());
        record.put("version", nextVersion());
        return record.deepCopy();
    }

    synchronized void delete(String administration, MoneybirdKind kind, String id) {
        if (kindRecords(administration, kind).remove(id) == null) {
            throw new NoSuchElementException("no " + kind.path + " " + id + " in administration " + administration);
        }
    }

    /** Copies of the records, by id. */
    synchronized List<ObjectNode> all(String administration, MoneybirdKind kind) {
        List<ObjectNode> copies = new ArrayList<>();
        kindRecords(administration, kind).values().forEach(r -> copies.add(r.deepCopy()));
        return copies;
    }

    synchronized Optional<ObjectNode> find(String administration, MoneybirdKind kind, String id) {
        ObjectNode record = kindRecords(administration, kind).get(id);
        return Optional.ofNullable(record == null ? null : record.deepCopy());
    }

    private TreeMap<String, ObjectNode> kindRecords(String administration, MoneybirdKind kind) {
        Map<MoneybirdKind, TreeMap<String, ObjectNode>> kinds = records.get(administration);
        if (kinds == null) {
            throw new NoSuchElementException("no administration " + administration);
        }
        return kinds.get(kind);
    }

    private void apply(ObjectNode record, Map<String, ?> fields) {
        if (fields == null) {
            return;
        }
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (MANAGED.contains(field.getKey())) {
                throw new IllegalArgumentException(field.getKey() + " is set by the simulator");
            }
            record.set(field.getKey(), json.valueToTree(field.getValue()));
        }
    }

    /** Versions are Unix seconds, unique and rising even for several changes within a second. */
    private long nextVersion() {
        lastVersion = Math.max(lastVersion + 1, clock.instant().getEpochSecond());
        return lastVersion;
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
