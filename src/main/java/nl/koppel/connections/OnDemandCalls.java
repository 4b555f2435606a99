package nl.koppel.connections;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Calls to the accounting system that office users start by hand ({@code POST .../check}, {@code GET
 * .../connectable-dossiers}), coalesced and limited per connection: concurrent callers share the one call in
 * flight, and for {@code koppel.on-demand.min-interval} after it ended later callers get its result (or its
 * failure) instead of a new call. So any number of users clicking costs the accounting system at most one call
 * per connection per interval (per Koppel instance), and nobody gets a 429 for clicking.
 */
@Component
public class OnDemandCalls {

    private static final int PURGE_ABOVE = 1_000;

    /** One connection's operation ("check", "discover"). */
    private record Key(UUID connectionId, String operation) {
    }

    /** The call in flight (endedAt null) or the last one, with its outcome. */
    private record Entry(CompletableFuture<Object> outcome, Instant endedAt) {
        boolean servesAt(Instant now, java.time.Duration interval) {
            return endedAt == null || endedAt.plus(interval).isAfter(now);
        }
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final OnDemandProperties properties;
    private final Clock clock;

    @Autowired
    public OnDemandCalls(OnDemandProperties properties) {
        this(properties, Clock.systemUTC());
    }

    OnDemandCalls(OnDemandProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The outcome of {@code call} for this connection's operation: of the call in flight, of one that ended within
     * the interval, or of {@code call} now. A failure is shared like a result (it is rethrown to every caller).
     */
    @SuppressWarnings("unchecked")
    public <T> T call(UUID connectionId, String operation, Supplier<T> call) {
        Key key = new Key(connectionId, operation);
        Instant now = clock.instant();
        purgeIfLarge(now);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        Entry entry = entries.compute(key, (k, current) ->
                current != null && current.servesAt(now, properties.minInterval()) ? current : new Entry(mine, null));
        if (entry.outcome() == mine) {
            try {
                mine.complete(call.get());
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
            } finally {
                entries.computeIfPresent(key, (k, current) ->
                        current.outcome() == mine ? new Entry(mine, clock.instant()) : current);
            }
        }
        try {
            return (T) entry.outcome().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Ended calls older than the interval are forgotten once there are many (thousands of offices). */
    private void purgeIfLarge(Instant now) {
        if (entries.size() > PURGE_ABOVE) {
            entries.values().removeIf(e -> !e.servesAt(now, properties.minInterval()));
        }
    }
}
