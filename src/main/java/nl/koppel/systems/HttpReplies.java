package nl.koppel.systems;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers every connector's replies bean needs: headers by any case, Retry-After, Link, safe vendor text. */
public final class HttpReplies {

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private HttpReplies() {
    }

    /** A header's value whatever its case (HTTP header names are case-insensitive); null when absent. */
    public static String header(Map<String, Object> headers, String name) {
        if (headers == null) {
            return null;
        }
        Object value = headers.get(name);
        if (value == null) {
            for (Map.Entry<String, Object> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    value = entry.getValue();
                    break;
                }
            }
        }
        return value == null ? null : value.toString().strip();
    }

    public static Integer integerHeader(Map<String, Object> headers, String name) {
        String value = header(headers, name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** When calls may go on after a 429: {@code Retry-After} in seconds, else {@code fallback} from now. */
    public static Instant retryAfter(Map<String, Object> headers, Duration fallback) {
        Integer seconds = integerHeader(headers, "Retry-After");
        return Instant.now().plus(seconds != null && seconds >= 0 ? Duration.ofSeconds(seconds) : fallback);
    }

    /** The {@code rel="next"} URL of a {@code Link} header (RFC 8288), or null. */
    public static String nextLink(Map<String, Object> headers) {
        String link = header(headers, "Link");
        if (link == null) {
            return null;
        }
        Matcher matcher = NEXT_LINK.matcher(link);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Keeps vendor text short and single-line before it goes into a message. */
    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }
}
