package nl.koppel.simulator.exactonline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many calls to an API path were in progress at once, overall and per linked user, and how many each user
 * made: what a test needs to show that Koppel bounds its parallel work, or never runs one user's check twice at
 * once, from what reached the server rather than from Koppel's own bookkeeping.
 */
final class ConcurrentCalls {

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> highest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    /** A call began; {@code user} is whom its bearer token belongs to (blank when none). */
    void enter(String path, String user) {
        for (String key : new String[] {path, path + " " + user}) {
            int now = inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            highest.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        }
        calls.computeIfAbsent(path + " " + user, k -> new AtomicLong()).incrementAndGet();
    }

    void exit(String path, String user) {
        inFlight.get(path).decrementAndGet();
        inFlight.get(path + " " + user).decrementAndGet();
    }

    int highest(String key) {
        AtomicInteger value = highest.get(key);
        return value == null ? 0 : value.get();
    }

    long calls(String path, String user) {
        AtomicLong value = calls.get(path + " " + user);
        return value == null ? 0 : value.get();
    }

    void reset() {
        highest.clear();
        calls.clear();
    }
}
