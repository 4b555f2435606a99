package nl.koppel.masterdata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cleans a record of what PostgreSQL cannot store although the source may send it: the NUL character, in text
 * columns ({@code text} refuses byte 0) and in JSON ({@code jsonb} refuses the escape {@code \u0000}). Other
 * control characters (tab, newline, ...) are kept: PostgreSQL stores them. What cleaning cannot fix (e.g. a lone
 * surrogate, which is invalid Unicode) is left as is: such a record is skipped by the page write, not guessed at.
 */
final class StorableText {

    private static final char NUL = '\u0000';
    private static final String NUL_ESCAPE = "\\u0000";

    private StorableText() {
    }

    /** The record without NUL characters; the same instance when it had none (the common case, no copying). */
    static MasterRecord clean(MasterRecord r) {
        if (!hasNul(r)) {
            return r;
        }
        return new MasterRecord(text(r.externalId()), text(r.code()), text(r.name()), r.active(),
                text(r.vatNumber()), cleanMap(r.attributes()), json(r.source()));
    }

    private static boolean hasNul(MasterRecord r) {
        return has(r.externalId()) || has(r.code()) || has(r.name()) || has(r.vatNumber())
                || (r.source() != null && (r.source().indexOf(NUL) >= 0 || r.source().contains(NUL_ESCAPE)))
                || hasNul(r.attributes());
    }

    private static boolean has(String s) {
        return s != null && s.indexOf(NUL) >= 0;
    }

    private static boolean hasNul(Object value) {
        if (value instanceof String s) {
            return has(s);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> hasNul(e.getKey()) || hasNul(e.getValue()));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(StorableText::hasNul);
        }
        return false;
    }

    static String text(String s) {
        return s == null || s.indexOf(NUL) < 0 ? s : s.replace(String.valueOf(NUL), "");
    }

    /**
     * JSON text without {@code \u0000} escapes (and raw NULs). A backslash escapes the next character, so an escaped
     * backslash followed by the letters {@code u0000} is text, not a NUL, and is kept.
     */
    static String json(String json) {
        if (json == null || (json.indexOf(NUL) < 0 && !json.contains(NUL_ESCAPE))) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == NUL) {
                continue;
            }
            if (c == '\\' && i + 1 < json.length()) {
                if (json.startsWith(NUL_ESCAPE, i)) {
                    i += NUL_ESCAPE.length() - 1;
                    continue;
                }
                out.append(c).append(json.charAt(++i));
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cleanMap(Map<String, Object> map) {
        if (map == null) {
            return null;
        }
        Map<String, Object> clean = new LinkedHashMap<>();
        map.forEach((k, v) -> clean.put(text(k), cleanValue(v)));
        return clean;
    }

    @SuppressWarnings("unchecked")
    private static Object cleanValue(Object value) {
        if (value instanceof String s) {
            return text(s);
        }
        if (value instanceof Map<?, ?> map) {
            return cleanMap((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> clean = new ArrayList<>(list.size());
            list.forEach(v -> clean.add(cleanValue(v)));
            return clean;
        }
        return value;
    }
}
