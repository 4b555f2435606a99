package nl.koppel.simulator.exactonline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The caller-settable values of a master-data record (all but ID, Modified and Timestamp), under their
 * Exact property names. Generated records compute them on demand from the seed, which keeps a million
 * records small; records created or changed through the control API hold them in a map.
 */
interface RecordContent {

    /** A fresh, mutable map the caller may change. */
    Map<String, Object> values();

    /** Values held as given (already checked and typed by {@link FieldValues}). */
    static RecordContent fixed(Map<String, Object> values) {
        return new Fixed(Collections.unmodifiableMap(new HashMap<>(values)));
    }

    record Fixed(Map<String, Object> held) implements RecordContent {
        @Override
        public Map<String, Object> values() {
            return new HashMap<>(held);
        }
    }
}
