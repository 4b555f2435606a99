package nl.koppel.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The failure counting behind the sign-in throttle, with a clock the test moves. */
class SignInFailuresTest {

    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SignInFailures failures = new SignInFailures(clock, Duration.ofMinutes(15), Duration.ofMinutes(5));

    @Test
    void anAddressIsBlockedAtItsLimitForTheBlockPeriodThenCountsAfresh() {
        for (int i = 0; i < 49; i++) {
            failures.failed("address:203.0.113.7", 50);
        }
        assertThat(failures.blocked("address:203.0.113.7")).isEmpty();
        failures.failed("address:203.0.113.7", 50);
        assertThat(failures.blocked("address:203.0.113.7")).contains(Duration.ofMinutes(5));
        assertThat(failures.blocked("address:203.0.113.8")).as("another address").isEmpty();

        now = now.plus(Duration.ofMinutes(4));
        assertThat(failures.blocked("address:203.0.113.7")).contains(Duration.ofMinutes(1));
        now = now.plus(Duration.ofMinutes(1));
        assertThat(failures.blocked("address:203.0.113.7")).isEmpty();
        failures.failed("address:203.0.113.7", 50);
        assertThat(failures.blocked("address:203.0.113.7")).as("counted afresh after the block").isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 4; i++) {
            failures.failed("user:anna", 5);
        }
        now = now.plus(Duration.ofMinutes(16));
        failures.failed("user:anna", 5);
        assertThat(failures.blocked("user:anna")).isEmpty();
    }

    @Test
    void aSuccessClearsTheCountButNotABlock() {
        for (int i = 0; i < 4; i++) {
            failures.failed("user:anna", 5);
        }
        failures.succeeded("user:anna");
        failures.failed("user:anna", 5);
        assertThat(failures.blocked("user:anna")).isEmpty();
        for (int i = 0; i < 4; i++) {
            failures.failed("user:anna", 5);
        }
        assertThat(failures.blocked("user:anna")).isPresent();
        failures.succeeded("user:anna");
        assertThat(failures.blocked("user:anna")).isPresent();
    }
}
