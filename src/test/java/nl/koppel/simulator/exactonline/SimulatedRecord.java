package nl.koppel.simulator.exactonline;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

/**
 * A master-data record as the simulator holds it, for tests that compare Koppel's copy with the source.
 * {@code fields} has every property of the kind's sync endpoint (so including ID, Modified and Timestamp),
 * in Exact's order, typed as {@link RecordField} describes; absent values are null.
 */
public record SimulatedRecord(Kind kind, UUID id, long timestamp, Instant modified, Map<String, Object> fields) {

    public SimulatedRecord {
        fields = Collections.unmodifiableMap(fields);
    }

    public Object get(String property) {
        return fields.get(property);
    }

    public String text(String property) {
        Object value = fields.get(property);
        return value == null ? null : value.toString();
    }
}
