package nl.koppel.simulator.exactonline;

import com.sun.net.httpserver.Headers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact's per-division limits: a minute window and a day window, each starting at the first call after the
 * previous one ended. A call over either limit is refused and not counted. Thread-safe: each division's
 * windows are guarded by their own lock.
 */
final class RateLimiter {

    private final RateLimitSettings settings;
    private final Clock clock;
    private final Map<Integer, Windows> windowsByDivision = new ConcurrentHashMap<>();

    /** The outcome of one call, with what its {@code X-RateLimit-*} headers say. Resets in epoch millis. */
    record Verdict(boolean allowed, int minutelyLimit, int minutelyRemaining, long minutelyReset,
                   int dailyLimit, int dailyRemaining, long dailyReset) {

        void addHeadersTo(Headers headers) {
            headers.set("X-RateLimit-Minutely-Limit", Integer.toString(minutelyLimit));
            headers.set("X-RateLimit-Minutely-Remaining", Integer.toString(minutelyRemaining));
            headers.set("X-RateLimit-Minutely-Reset", Long.toString(minutelyReset));
            headers.set("X-RateLimit-Limit", Integer.toString(dailyLimit));
            headers.set("X-RateLimit-Remaining", Integer.toString(dailyRemaining));
            headers.set("X-RateLimit-Reset", Long.toString(dailyReset));
        }
    }

    private static final class Windows {
        long minuteStart = Long.MIN_VALUE;
        int minuteCalls;
        long dayStart = Long.MIN_VALUE;
        int dayCalls;
    }

    RateLimiter(RateLimitSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    RateLimitSettings settings() {
        return settings;
    }

    /** Counts a call to the division when both limits allow it. */
    Verdict acquire(int division) {
        Windows windows = windowsByDivision.computeIfAbsent(division, code -> new Windows());
        synchronized (windows) {
            long now = clock.millis();
            int minutelyLimit = settings.minutelyLimit();
            int dailyLimit = settings.dailyLimit();
            long minuteWindow = settings.minuteWindow().toMillis();
            long dayWindow = settings.dayWindow().toMillis();
            if (windows.minuteStart == Long.MIN_VALUE || now >= windows.minuteStart + minuteWindow) {
                windows.minuteStart = now;
                windows.minuteCalls = 0;
            }
            if (windows.dayStart == Long.MIN_VALUE || now >= windows.dayStart + dayWindow) {
                windows.dayStart = now;
                windows.dayCalls = 0;
            }
            boolean allowed = windows.minuteCalls < minutelyLimit && windows.dayCalls < dailyLimit;
            if (allowed) {
                windows.minuteCalls++;
                windows.dayCalls++;
            }
            return new Verdict(allowed,
                    minutelyLimit, Math.max(0, minutelyLimit - windows.minuteCalls), windows.minuteStart + minuteWindow,
                    dailyLimit, Math.max(0, dailyLimit - windows.dayCalls), windows.dayStart + dayWindow);
        }
    }

    /**
     * What an injected 429 says, the way users report Exact doing it: calls left (at least one) and a
     * minute reset {@code resetIn} from now. Counts nothing.
     */
    Verdict injectedTooManyRequests(Integer division, Duration resetIn) {
        long now = clock.millis();
        long reset = now + (resetIn == null || resetIn.isZero() ? settings.injectedResetDelay() : resetIn).toMillis();
        int minutelyLimit = Math.max(1, settings.minutelyLimit());
        int dailyLimit = Math.max(1, settings.dailyLimit());
        int minutelyRemaining = minutelyLimit;
        int dailyRemaining = dailyLimit;
        long dailyReset = now + settings.dayWindow().toMillis();
        Windows windows = division == null ? null : windowsByDivision.get(division);
        if (windows != null) {
            synchronized (windows) {
                if (now < windows.minuteStart + settings.minuteWindow().toMillis()) {
                    minutelyRemaining = minutelyLimit - windows.minuteCalls;
                }
                if (now < windows.dayStart + settings.dayWindow().toMillis()) {
                    dailyRemaining = dailyLimit - windows.dayCalls;
                    dailyReset = windows.dayStart + settings.dayWindow().toMillis();
                }
            }
        }
        return new Verdict(false, minutelyLimit, Math.max(1, minutelyRemaining), reset,
                dailyLimit, Math.max(1, dailyRemaining), dailyReset);
    }

    /** Forgets every window: all divisions start afresh. */
    void reset() {
        windowsByDivision.clear();
    }
}
