package nl.koppel.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins counted per key (a user name, a client address) in a sliding window; a key with too many is
 * refused until its block ends. In memory, per instance: a restart forgets, and with n instances a guesser gets
 * n times the attempts, which still turns millions of guesses into a handful per window.
 */
final class SignInFailures {

    /** A bound on remembered keys, so a flood of made-up names cannot fill the memory. */
    private static final int MAX_KEYS = 100_000;

    private record Record(Deque<Instant> failures, Instant blockedUntil) {
    }

    private final Map<String, Record> records = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration window;
    private final Duration blockFor;

    SignInFailures(Clock clock, Duration window, Duration blockFor) {
        this.clock = clock;
        this.window = window;
        this.blockFor = blockFor;
    }

    /** How long the key is still refused, if it is. */
    Optional<Duration> blocked(String key) {
        Record record = records.get(key);
        Instant now = clock.instant();
        if (record == null || record.blockedUntil() == null || !record.blockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, record.blockedUntil()));
    }

    /** One more failure of the key; at {@code limit} failures within the window it is blocked. */
    void failed(String key, int limit) {
        Instant now = clock.instant();
        if (records.size() >= MAX_KEYS) {
            forgetOld(now);
        }
        records.compute(key, (k, old) -> {
            Deque<Instant> failures = old == null ? new ArrayDeque<>() : old.failures();
            failures.addLast(now);
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(window))) {
                failures.removeFirst();
            }
            Instant blockedUntil = failures.size() >= limit ? now.plus(blockFor)
                    : old == null ? null : old.blockedUntil();
            if (failures.size() >= limit) {
                failures.clear(); // the block is the penalty; after it, the count starts again
            }
            return new Record(failures, blockedUntil);
        });
    }

    /** A successful sign-in clears the key's failures (not a block: that runs out). */
    void succeeded(String key) {
        records.computeIfPresent(key, (k, old) -> old.blockedUntil() == null ? null
                : new Record(new ArrayDeque<>(), old.blockedUntil()));
    }

    private void forgetOld(Instant now) {
        records.entrySet().removeIf(e -> (e.getValue().blockedUntil() == null
                || !e.getValue().blockedUntil().isAfter(now))
                && (e.getValue().failures().isEmpty() || e.getValue().failures().peekLast().isBefore(now.minus(window))));
    }
}
