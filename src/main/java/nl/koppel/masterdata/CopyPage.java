package nl.koppel.masterdata;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A page of records in PostgreSQL's COPY text format, as UTF-8 bytes: tab-separated, {@code \N} for null,
 * backslash escapes. Each line ends with the record's {@link ContentHash}, taken over the bytes of the fields
 * it covers as they are written, so nothing is encoded twice. (Escaping on bytes is safe: the characters COPY
 * escapes are ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80.)
 */
final class CopyPage {

    private static final byte[] NULL = {'\\', 'N'};

    private byte[] bytes;
    private int length;

    CopyPage(int records) {
        bytes = new byte[Math.max(1024, records * 768)];
    }

    /** Starts a line with fixed leading columns (e.g. dossier and kind), already in COPY text form. */
    CopyPage prefix(byte[] columns) {
        append(columns, 0, columns.length);
        return this;
    }

    /**
     * Writes one record: external id, code, name, active, VAT number, attributes (JSON), source (JSON) and the
     * content hash of the fields from code to source.
     */
    void record(MasterRecord record, byte[] attributesJson) {
        field(record.externalId());
        tab();
        int hashedFrom = length;
        field(record.code());
        tab();
        field(record.name());
        tab();
        ensure(2);
        bytes[length++] = (byte) (record.active() ? 't' : 'f');
        tab();
        field(record.vatNumber());
        tab();
        field(attributesJson);
        tab();
        field(record.source());
        long hash = ContentHash.of(bytes, hashedFrom, length);
        tab();
        byte[] digits = Long.toString(hash).getBytes(StandardCharsets.US_ASCII);
        append(digits, 0, digits.length);
        ensure(1);
        bytes[length++] = '\n';
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    private void field(String value) {
        if (value == null) {
            append(NULL, 0, NULL.length);
        } else {
            field(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void field(byte[] value) {
        int from = 0;
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            byte escaped = switch (b) {
                case '\\' -> '\\';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\r' -> 'r';
                default -> 0;
            };
            if (escaped != 0) {
                append(value, from, i - from);
                ensure(2);
                bytes[length++] = '\\';
                bytes[length++] = escaped;
                from = i + 1;
            }
        }
        append(value, from, value.length - from);
    }

    private void tab() {
        ensure(1);
        bytes[length++] = '\t';
    }

    private void append(byte[] source, int from, int count) {
        ensure(count);
        System.arraycopy(source, from, bytes, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
