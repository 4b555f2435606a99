package nl.koppel.simulator.twinfield;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Twinfield's fair use: credits per minute per client IP (a query costs 1, anything else 3; 1,000 a minute) and a
 * limit on concurrent requests per organisation. Over either: HTTP 429 with {@code Retry-After}.
 */
final class TwinfieldCredits {

    private final Clock clock;
    private volatile int creditsPerMinute = 1000;
    private volatile int concurrentPerOrganisation = 10;
    private long windowStart = Long.MIN_VALUE;
    private int spent;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

    TwinfieldCredits(Clock clock) {
        this.clock = clock;
    }

    void configure(int perMinute, int concurrent) {
        this.creditsPerMinute = perMinute;
        this.concurrentPerOrganisation = concurrent;
        reset();
    }

    synchronized void reset() {
        windowStart = Long.MIN_VALUE;
        spent = 0;
    }

    /** @return 0 when the call may go ahead (credits spent), else the seconds to wait */
    synchronized long spend(int credits) {
        long now = clock.millis();
        if (windowStart == Long.MIN_VALUE || now >= windowStart + 60_000) {
            windowStart = now;
            spent = 0;
        }
        if (spent + credits > creditsPerMinute) {
            return Math.max(1, (windowStart + 60_000 - now + 999) / 1000);
        }
        spent += credits;
        return 0;
    }

    /** @return false when the organisation already has its maximum of requests running */
    boolean enter(String organisation) {
        AtomicInteger count = running.computeIfAbsent(organisation, o -> new AtomicInteger());
        if (count.incrementAndGet() > concurrentPerOrganisation) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void leave(String organisation) {
        running.get(organisation).decrementAndGet();
    }
}
