package nl.koppel.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Coalescing and limiting of the calls users start by hand, per connection, with an injected clock. */
class OnDemandCallsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final OnDemandCalls calls = new OnDemandCalls(new OnDemandProperties(Duration.ofSeconds(10)), clock);
    private final UUID connection = UUID.randomUUID();

    @Test
    void concurrentCallersShareTheCallInFlight() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            results.add(pool.submit(() -> calls.call(connection, "check", () -> {
                made.incrementAndGet();
                started.countDown();
                await(release);
                return "OK";
            })));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(() -> calls.call(connection, "check", () -> {
                    made.incrementAndGet();
                    return "second call";
                })));
            }
            release.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
            }
            assertThat(made).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withinTheIntervalTheRecentResultIsServedAfterItANewCallIsMade() {
        AtomicInteger made = new AtomicInteger();
        assertThat(calls.call(connection, "check", () -> "first " + made.incrementAndGet())).isEqualTo("first 1");
        clock.advance(Duration.ofSeconds(9));
        assertThat(calls.call(connection, "check", () -> "again " + made.incrementAndGet())).isEqualTo("first 1");
        // another operation or another connection is its own call
        assertThat(calls.call(connection, "discover", () -> "discover " + made.incrementAndGet()))
                .isEqualTo("discover 2");
        assertThat(calls.call(UUID.randomUUID(), "check", () -> "other " + made.incrementAndGet()))
                .isEqualTo("other 3");
        clock.advance(Duration.ofSeconds(2));
        assertThat(calls.call(connection, "check", () -> "later " + made.incrementAndGet())).isEqualTo("later 4");
    }

    @Test
    void aFailureIsSharedLikeAResult() {
        AtomicInteger made = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("Exact Online is unavailable");
        assertThatThrownBy(() -> calls.call(connection, "check", () -> {
            made.incrementAndGet();
            throw failure;
        })).isSameAs(failure);
        assertThatThrownBy(() -> calls.call(connection, "check", () -> "fresh " + made.incrementAndGet()))
                .isSameAs(failure);
        clock.advance(Duration.ofSeconds(10));
        assertThat(calls.call(connection, "check", () -> "fresh " + made.incrementAndGet())).isEqualTo("fresh 2");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
