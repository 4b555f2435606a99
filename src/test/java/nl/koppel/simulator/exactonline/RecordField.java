package nl.koppel.simulator.exactonline;

import java.util.Objects;

/**
 * One property of a simulated Exact entity and how its value is held in Java and written as JSON.
 * Java values: GUID {@link java.util.UUID}, STRING {@link String}, INT {@link Integer}, INT64 {@link Long},
 * BOOLEAN {@link Boolean}, DECIMAL {@link Double}, DATE {@link java.time.Instant} (JSON {@code /Date(millis)/}).
 */
public record RecordField(String name, Type type) {

    public enum Type { GUID, STRING, INT, INT64, BOOLEAN, DECIMAL, DATE }

    public RecordField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    static RecordField guid(String name) { return new RecordField(name, Type.GUID); }
    static RecordField text(String name) { return new RecordField(name, Type.STRING); }
    static RecordField integer(String name) { return new RecordField(name, Type.INT); }
    static RecordField int64(String name) { return new RecordField(name, Type.INT64); }
    static RecordField bool(String name) { return new RecordField(name, Type.BOOLEAN); }
    static RecordField decimal(String name) { return new RecordField(name, Type.DECIMAL); }
    static RecordField date(String name) { return new RecordField(name, Type.DATE); }
}
