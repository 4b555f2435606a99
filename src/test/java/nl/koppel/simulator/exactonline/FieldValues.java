package nl.koppel.simulator.exactonline;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Checks and types the values a caller gives for a record (Java API or control JSON). */
final class FieldValues {

    static final int ACCOUNT_CODE_LENGTH = 18;

    private FieldValues() {
    }

    /**
     * Only the kind's settable properties are allowed (not ID, Modified, Timestamp); each value is
     * converted to the property's Java type. An account code is left-padded with spaces to 18 characters.
     *
     * @throws IllegalArgumentException naming the property that is unknown, managed or of the wrong type
     */
    static Map<String, Object> typed(Kind kind, Map<String, ?> given) {
        Map<String, Object> typed = new HashMap<>();
        given.forEach((name, value) -> {
            RecordField field = kind.contentFields().stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(kind.field(name).isPresent()
                            ? name + " is kept by the simulator and cannot be set"
                            : kind.endpointPath() + " has no property " + name));
            Object converted = convert(field, value);
            if (kind == Kind.ACCOUNTS && "Code".equals(name) && converted != null) {
                converted = accountCode((String) converted);
            }
            typed.put(name, converted);
        });
        return typed;
    }

    /** Exact stores an account code right-aligned in 18 characters. */
    static String accountCode(String code) {
        String trimmed = code.strip();
        if (trimmed.length() > ACCOUNT_CODE_LENGTH) {
            throw new IllegalArgumentException("an account code has at most 18 characters: " + trimmed);
        }
        return " ".repeat(ACCOUNT_CODE_LENGTH - trimmed.length()) + trimmed;
    }

    private static Object convert(RecordField field, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return switch (field.type()) {
                case GUID -> value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
                case STRING -> {
                    if (!(value instanceof CharSequence)) {
                        throw new IllegalArgumentException();
                    }
                    yield value.toString();
                }
                case INT -> new BigDecimal(value.toString()).intValueExact();
                case INT64 -> new BigDecimal(value.toString()).longValueExact();
                case DECIMAL -> new BigDecimal(value.toString()).doubleValue();
                case BOOLEAN -> {
                    if (value instanceof Boolean bool) {
                        yield bool;
                    }
                    if ("true".equals(value) || "false".equals(value)) {
                        yield Boolean.valueOf((String) value);
                    }
                    throw new IllegalArgumentException();
                }
                // a project's StartDate and EndDate: an Instant, or its ISO-8601 text in control JSON
                case DATE -> value instanceof java.time.Instant instant ? instant
                        : java.time.Instant.parse(value.toString());
            };
        } catch (IllegalArgumentException | ArithmeticException | java.time.format.DateTimeParseException wrongType) {
            throw new IllegalArgumentException(field.name() + " must be a " + field.type().name().toLowerCase()
                    + ", not " + value);
        }
    }
}
