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
    private final Map<String, AtomicInteger> officeCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();

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

    /** An office's data is read for the organisation (a finder search or a read with a company); see {@link #mostAtOnce}. */
    void officeCallStarted(String organisation) {
        int now = officeCalls.computeIfAbsent(organisation, o -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.computeIfAbsent(organisation, o -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    }

    void officeCallEnded(String organisation) {
        officeCalls.get(organisation).decrementAndGet();
    }

    /** The most office-data requests of the organisation that ran at the same time so far. */
    int mostAtOnce(String organisation) {
        AtomicInteger most = mostAtOnce.get(organisation);
        return most == null ? 0 : most.get();
    }

    void leave(String organisation) {
        running.get(organisation).decrementAndGet();
    }
}
