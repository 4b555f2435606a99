package nl.koppel.masterdata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A 64-bit fingerprint of a record's normalised fields and source. Equal fingerprints mean "unchanged": the
 * upsert skips the row, so an unchanged record costs no write.
 */
final class ContentHash {

    private ContentHash() {
    }

    static long of(MasterRecord record, String attributesJson) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(digest, record.code());
        update(digest, record.name());
        update(digest, Boolean.toString(record.active()));
        update(digest, record.vatNumber());
        update(digest, attributesJson);
        update(digest, record.source());
        byte[] hash = digest.digest();
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }

    static Map<String, Object> sorted(Map<String, Object> attributes) {
        return attributes == null ? Map.of() : new TreeMap<>(attributes);
    }

    private static void update(MessageDigest digest, String value) {
        if (value != null) {
            digest.update(value.getBytes(StandardCharsets.UTF_8));
        }
        digest.update((byte) 0);
    }
}
