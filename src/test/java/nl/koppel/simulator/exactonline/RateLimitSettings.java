package nl.koppel.simulator.exactonline;

import java.time.Duration;
import java.util.Objects;

/**
 * Exact's API limits per division (per app): calls a minute and calls a day. Mutable while the simulator
 * runs; the windows can be shortened too, so a test need not wait a real minute for a reset.
 */
public final class RateLimitSettings {

    private volatile int minutelyLimit = 60;
    private volatile int dailyLimit = 5_000;
    private volatile Duration minuteWindow = Duration.ofMinutes(1);
    private volatile Duration dayWindow = Duration.ofDays(1);
    private volatile Duration injectedResetDelay = Duration.ofSeconds(2);

    public int minutelyLimit() { return minutelyLimit; }
    public int dailyLimit() { return dailyLimit; }
    /** Length of the minute window; it starts at the first call after the previous window ended. */
    public Duration minuteWindow() { return minuteWindow; }
    /** Length of the day window; it starts at the first call after the previous window ended. */
    public Duration dayWindow() { return dayWindow; }
    /** How far ahead an injected 429 (a fault) puts {@code X-RateLimit-Minutely-Reset} when the fault names none. */
    public Duration injectedResetDelay() { return injectedResetDelay; }

    public RateLimitSettings minutelyLimit(int value) { minutelyLimit = nonNegative(value); return this; }
    public RateLimitSettings dailyLimit(int value) { dailyLimit = nonNegative(value); return this; }
    public RateLimitSettings minuteWindow(Duration value) { minuteWindow = positive(value); return this; }
    public RateLimitSettings dayWindow(Duration value) { dayWindow = positive(value); return this; }
    public RateLimitSettings injectedResetDelay(Duration value) { injectedResetDelay = positive(value); return this; }

    /** Back to Exact's defaults: 60 a minute, 5,000 a day, real windows. */
    public RateLimitSettings defaults() {
        minutelyLimit = 60;
        dailyLimit = 5_000;
        minuteWindow = Duration.ofMinutes(1);
        dayWindow = Duration.ofDays(1);
        injectedResetDelay = Duration.ofSeconds(2);
        return this;
    }

    private static int nonNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a limit must not be negative: " + value);
        }
        return value;
    }

    private static Duration positive(Duration value) {
        Objects.requireNonNull(value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("a window must be positive: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RateLimitSettings[minutelyLimit=" + minutelyLimit + ", dailyLimit=" + dailyLimit
                + ", minuteWindow=" + minuteWindow + ", dayWindow=" + dayWindow + "]";
    }
}
