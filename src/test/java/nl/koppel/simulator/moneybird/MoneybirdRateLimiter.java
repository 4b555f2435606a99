package nl.koppel.simulator.moneybird;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moneybird's limit: 150 requests per 5 minutes, counted per user over every administration. A window starts
 * at the first call after the previous one ended; a call over the limit is refused and not counted.
 */
final class MoneybirdRateLimiter {

    /** What one call's {@code RateLimit-*} headers say; {@code resetSeconds} until the window ends. */
    record Verdict(boolean allowed, int limit, int remaining, long resetSeconds) {
    }

    private static final class Window {
        long start = Long.MIN_VALUE;
        int calls;
    }

    private final Clock clock;
    private final Map<Long, Window> windows = new ConcurrentHashMap<>();
    private volatile int limit = 150;
    private volatile Duration window = Duration.ofMinutes(5);

    MoneybirdRateLimiter(Clock clock) {
        this.clock = clock;
    }

    void configure(int newLimit, Duration newWindow) {
        this.limit = newLimit;
        this.window = newWindow;
        windows.clear();
    }

    void reset() {
        windows.clear();
    }

    Verdict acquire(long userId) {
        Window w = windows.computeIfAbsent(userId, id -> new Window());
        synchronized (w) {
            long now = clock.millis();
            long length = window.toMillis();
            if (w.start == Long.MIN_VALUE || now >= w.start + length) {
                w.start = now;
                w.calls = 0;
            }
            boolean allowed = w.calls < limit;
            if (allowed) {
                w.calls++;
            }
            long resetSeconds = Math.max(1, (w.start + length - now + 999) / 1000);
            return new Verdict(allowed, limit, Math.max(0, limit - w.calls), resetSeconds);
        }
    }
}
