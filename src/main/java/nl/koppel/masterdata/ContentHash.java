package nl.koppel.masterdata;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit fingerprint of a record's normalised fields and source, taken over their bytes in the page written to
 * PostgreSQL (see {@link CopyPage}). Equal fingerprints mean "unchanged": the upsert skips the row, so an
 * unchanged record costs no write. Not cryptographic (nothing here is adversarial): eight bytes per step,
 * multiply-rotate, then MurmurHash3's finaliser, fast and allocation-free on the sync's hot path.
 */
final class ContentHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long SEED = 0xcbf29ce484222325L;
    private static final long M1 = 0x87c37b91114253d5L;
    private static final long M2 = 0x4cf5ad432745937fL;

    private ContentHash() {
    }

    static long of(byte[] bytes, int from, int to) {
        long h = SEED ^ (to - from);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = step(h, (long) LONGS.get(bytes, i));
        }
        long tail = 0;
        for (int shift = 0; i < to; i++, shift += Byte.SIZE) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        return mix(step(h, tail));
    }

    /** Attributes in key order, so the same values always give the same JSON and so the same fingerprint. */
    static Map<String, Object> sorted(Map<String, Object> attributes) {
        return attributes == null ? Map.of() : new TreeMap<>(attributes);
    }

    private static long step(long h, long k) {
        return Long.rotateLeft(h ^ (k * M1), 31) * M2 + 0x52dce729;
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
