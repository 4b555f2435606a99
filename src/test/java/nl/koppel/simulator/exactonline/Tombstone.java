package nl.koppel.simulator.exactonline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a delete leaves behind for {@code sync/Deleted}. */
record Tombstone(UUID id, long timestamp, int division, UUID entityKey, int entityType, long deletedMillis) {

    static final List<RecordField> FIELDS = List.of(
            RecordField.int64("Timestamp"), RecordField.guid("ID"), RecordField.integer("Division"),
            RecordField.guid("EntityKey"), RecordField.integer("EntityType"), RecordField.date("DeletedDate"));

    Tombstone withTimestamp(long newTimestamp) {
        return new Tombstone(id, newTimestamp, division, entityKey, entityType, deletedMillis);
    }

    Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Timestamp", timestamp);
        values.put("ID", id);
        values.put("Division", division);
        values.put("EntityKey", entityKey);
        values.put("EntityType", entityType);
        values.put("DeletedDate", Instant.ofEpochMilli(deletedMillis));
        return values;
    }
}
