package nl.koppel.simulator.exactonline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One stored master-data record: its key, row version, last change and content. Immutable: a change,
 * a move or a renumbering stores a new instance, so a page being written never sees a half-made change.
 */
final class MasterRecord {

    private final UUID id;
    private final long timestamp;
    private final long modifiedMillis;
    private final RecordContent content;

    MasterRecord(UUID id, long timestamp, long modifiedMillis, RecordContent content) {
        this.id = id;
        this.timestamp = timestamp;
        this.modifiedMillis = modifiedMillis;
        this.content = content;
    }

    UUID id() { return id; }
    long timestamp() { return timestamp; }
    long modifiedMillis() { return modifiedMillis; }
    RecordContent content() { return content; }

    MasterRecord withTimestamp(long newTimestamp) {
        return new MasterRecord(id, newTimestamp, modifiedMillis, content);
    }

    /** Every property, as a fresh mutable map: the content plus ID, Modified (an Instant) and Timestamp. */
    Map<String, Object> allValues() {
        Map<String, Object> values = content.values();
        values.put("ID", id);
        values.put("Modified", Instant.ofEpochMilli(modifiedMillis));
        values.put("Timestamp", timestamp);
        return values;
    }

    SimulatedRecord toSimulated(Kind kind) {
        Map<String, Object> all = allValues();
        Map<String, Object> ordered = new LinkedHashMap<>();
        kind.syncFields().forEach(field -> ordered.put(field.name(), all.get(field.name())));
        return new SimulatedRecord(kind, id, timestamp, Instant.ofEpochMilli(modifiedMillis), ordered);
    }
}
