package nl.koppel.simulator.exactonline;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Objects;

/**
 * Makes calls to a path prefix misbehave: fail with a status, answer slowly, or answer with a non-JSON body.
 * Every simulated Exact endpoint (not /control) asks {@link #intercept} before its normal handling.
 * Faults are matched in the order they were added; the first matching one is used up by a call.
 * <p>
 * An injected {@code 429} looks like the ones users report from Exact: the OData error "Too many requests"
 * with {@code X-RateLimit-*} headers that still show calls left, and a minutely reset a few seconds ahead.
 */
public final class FaultInjector {

    /** Pass as count to apply a fault to every matching call until {@link #clear()}. */
    public static final int EVERY_CALL = -1;

    /** What Exact's front end answers when the back end is down: HTTP 200 but not JSON. */
    public static final String DEFAULT_GARBAGE = "<html><body><h1>Service Unavailable</h1></body></html>";

    public enum Kind { STATUS, DELAY, GARBAGE }

    /**
     * One injected fault. {@code remaining} is the number of calls still to hit, or {@link #EVERY_CALL}.
     * A DELAY fault answers normally after {@code delay}; STATUS and GARBAGE answer instead of the endpoint.
     * For a STATUS 429, {@code delay} is how far ahead {@code X-RateLimit-Minutely-Reset} lies
     * (zero: {@link RateLimitSettings#injectedResetDelay()}).
     */
    public record Fault(String pathPrefix, Kind kind, int status, Duration delay, String body, int remaining) {
        public Fault {
            Objects.requireNonNull(pathPrefix, "pathPrefix");
            Objects.requireNonNull(kind, "kind");
            delay = delay == null ? Duration.ZERO : delay;
            if (remaining == 0 || remaining < EVERY_CALL) {
                throw new IllegalArgumentException("count must be positive or EVERY_CALL");
            }
        }

        boolean matches(String path) {
            return path.startsWith(pathPrefix);
        }

        boolean isLastUse() {
            return remaining == 1;
        }

        Fault usedOnce() {
            return remaining == EVERY_CALL ? this : new Fault(pathPrefix, kind, status, delay, body, remaining - 1);
        }
    }

    private final List<Fault> faults = new ArrayList<>();
    private final RateLimiter rateLimiter;

    /** Stand-alone: an injected 429 announces Exact's default limits. */
    public FaultInjector() {
        this(new RateLimiter(new RateLimitSettings(), Clock.systemUTC()));
    }

    /** An injected 429 announces the limits and calls left of this rate limiter. */
    FaultInjector(RateLimiter rateLimiter) {
        this.rateLimiter = Objects.requireNonNull(rateLimiter);
    }

    /** The next {@code count} calls under {@code pathPrefix} answer {@code status} with a short text body. */
    public void failNext(String pathPrefix, int status, int count) {
        add(new Fault(pathPrefix, Kind.STATUS, status, Duration.ZERO, null, count));
    }

    /** The next {@code count} calls under {@code pathPrefix} are answered only after {@code delay}. */
    public void delayNext(String pathPrefix, Duration delay, int count) {
        add(new Fault(pathPrefix, Kind.DELAY, 0, delay, null, count));
    }

    /**
     * The next {@code count} calls under {@code pathPrefix} get {@code 429} although the headers show calls left;
     * the minutely reset lies {@code resetIn} ahead (null: {@link RateLimitSettings#injectedResetDelay()}).
     */
    public void tooManyRequestsNext(String pathPrefix, int count, Duration resetIn) {
        add(new Fault(pathPrefix, Kind.STATUS, 429, resetIn, null, count));
    }

    /** The next {@code count} calls under {@code pathPrefix} get {@code 200} with an HTML body. */
    public void garbageNext(String pathPrefix, int count) {
        add(new Fault(pathPrefix, Kind.GARBAGE, 200, Duration.ZERO, DEFAULT_GARBAGE, count));
    }

    public synchronized void add(Fault fault) {
        faults.add(Objects.requireNonNull(fault));
    }

    public synchronized void clear() {
        faults.clear();
    }

    /** The faults not used up yet. */
    public synchronized List<Fault> active() {
        return List.copyOf(faults);
    }

    /**
     * Applies the first matching fault, if any.
     *
     * @return true when the fault answered the call, so the endpoint must not
     */
    boolean intercept(HttpExchange exchange) throws IOException {
        Fault fault = takeFirstMatching(exchange.getRequestURI().getPath());
        if (fault == null) {
            return false;
        }
        switch (fault.kind()) {
            case DELAY -> {
                sleep(fault.delay());
                return false;
            }
            case GARBAGE -> {
                String body = fault.body() == null ? DEFAULT_GARBAGE : fault.body();
                HttpMessages.send(exchange, fault.status() == 0 ? 200 : fault.status(), "text/html; charset=utf-8", body);
                return true;
            }
            default -> {
                if (fault.status() == 429) {
                    String path = exchange.getRequestURI().getPath();
                    Integer division = ApiHandlers.divisionOf(path).stream().boxed().findFirst().orElse(null);
                    rateLimiter.injectedTooManyRequests(division, fault.delay()).addHeadersTo(exchange.getResponseHeaders());
                    if (fault.body() == null) {
                        HttpMessages.sendODataError(exchange, 429, "Too many requests");
                        return true;
                    }
                }
                String body = fault.body() == null ? "Simulated fault: HTTP " + fault.status() : fault.body();
                HttpMessages.sendText(exchange, fault.status(), body);
                return true;
            }
        }
    }

    private synchronized Fault takeFirstMatching(String path) {
        for (ListIterator<Fault> it = faults.listIterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (!fault.matches(path)) {
                continue;
            }
            if (fault.isLastUse()) {
                it.remove();
            } else {
                it.set(fault.usedOnce());
            }
            return fault;
        }
        return null;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
