package nl.koppel.masterdata;

import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit fingerprint of a record's normalised fields and source. Equal fingerprints mean "unchanged": the
 * upsert skips the row, so an unchanged record costs no write. Not cryptographic (nothing here is adversarial);
 * FNV-1a over the characters with a final avalanche, fast and allocation-free on the sync's hot path.
 */
final class ContentHash {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private ContentHash() {
    }

    static long of(MasterRecord record, String attributesJson) {
        long h = OFFSET;
        h = update(h, record.code());
        h = update(h, record.name());
        h = update(h, record.active() ? "1" : "0");
        h = update(h, record.vatNumber());
        h = update(h, attributesJson);
        h = update(h, record.source());
        return mix(h);
    }

    static Map<String, Object> sorted(Map<String, Object> attributes) {
        return attributes == null ? Map.of() : new TreeMap<>(attributes);
    }

    private static long update(long h, String value) {
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                h = (h ^ value.charAt(i)) * PRIME;
            }
        } else {
            h = (h ^ 0xFFFF) * PRIME; // null differs from ""
        }
        return (h ^ 0x1F) * PRIME; // field separator
    }

    /** MurmurHash3's finaliser: spreads every input bit over the whole value. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
