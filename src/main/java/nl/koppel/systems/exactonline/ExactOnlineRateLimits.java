package nl.koppel.systems.exactonline;

import java.time.Instant;
import java.util.Map;
import nl.koppel.sync.RateLimitBudgets;

/** Reads Exact Online's {@code X-RateLimit-*} headers (resets in epoch milliseconds). */
final class ExactOnlineRateLimits {

    private ExactOnlineRateLimits() {
    }

    static RateLimitBudgets.Budget budget(Map<String, Object> headers) {
        Integer minuteRemaining = integer(headers, "X-RateLimit-Minutely-Remaining");
        Integer dayRemaining = integer(headers, "X-RateLimit-Remaining");
        if (minuteRemaining == null && dayRemaining == null) {
            return null;
        }
        return new RateLimitBudgets.Budget(minuteRemaining, instant(headers, "X-RateLimit-Minutely-Reset"),
                dayRemaining, instant(headers, "X-RateLimit-Reset"));
    }

    /** After a 429: the daily reset when the day's budget is gone, else the minute's reset, else a minute. */
    static Instant retryAfter429(Map<String, Object> headers) {
        Instant now = Instant.now();
        Integer dayRemaining = integer(headers, "X-RateLimit-Remaining");
        Instant dayReset = instant(headers, "X-RateLimit-Reset");
        if (dayRemaining != null && dayRemaining <= 0 && dayReset != null && dayReset.isAfter(now)) {
            return dayReset;
        }
        Instant minuteReset = instant(headers, "X-RateLimit-Minutely-Reset");
        if (minuteReset != null && minuteReset.isAfter(now)) {
            return minuteReset;
        }
        Integer retryAfterSeconds = integer(headers, "Retry-After");
        return now.plusSeconds(retryAfterSeconds != null ? retryAfterSeconds : 60);
    }

    private static Integer integer(Map<String, Object> headers, String name) {
        Object value = header(headers, name);
        try {
            return value == null ? null : Integer.valueOf(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(Map<String, Object> headers, String name) {
        Object value = header(headers, name);
        try {
            return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value.toString().trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object header(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            for (Map.Entry<String, Object> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
        }
        return value;
    }
}
