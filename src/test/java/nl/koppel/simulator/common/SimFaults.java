package nl.koppel.simulator.common;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;

/**
 * Failures injected into a simulator's next calls, for the Moneybird and Twinfield simulators: a status with a
 * body (and headers, e.g. a 429's {@code Retry-After}), a delay before the normal answer, or garbage. A fault
 * matches calls whose path starts with a prefix and, optionally, whose request body contains a text (Twinfield's
 * SOAP calls share one URL; the office is in the body). The first matching fault is used up by a call.
 */
public final class SimFaults {

    /** Pass as count to apply a fault to every matching call until {@link #clear()}. */
    public static final int EVERY_CALL = -1;

    /** What a front end answers when the back end is down: HTTP 200 but HTML. */
    public static final String GARBAGE = "<html><body><h1>Service Unavailable</h1></body></html>";

    public enum Kind { RESPOND, DELAY }

    public record Fault(String pathPrefix, String bodyContains, Kind kind, int status, String contentType, String body,
                        Map<String, String> headers, Duration delay, int remaining) {
        public Fault {
            Objects.requireNonNull(pathPrefix, "pathPrefix");
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            delay = delay == null ? Duration.ZERO : delay;
            if (remaining == 0 || remaining < EVERY_CALL) {
                throw new IllegalArgumentException("count must be positive or EVERY_CALL");
            }
        }

        boolean matches(String path, String requestBody) {
            return path.startsWith(pathPrefix) && (bodyContains == null
                    || requestBody != null && requestBody.contains(bodyContains));
        }

        Fault usedOnce() {
            return remaining == EVERY_CALL ? this : new Fault(pathPrefix, bodyContains, kind, status, contentType, body,
                    headers, delay, remaining - 1);
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    /** The next {@code count} matching calls get {@code status} with this body and these headers. */
    public void respond(String pathPrefix, String bodyContains, int status, String contentType, String body,
                        Map<String, String> headers, int count) {
        add(new Fault(pathPrefix, bodyContains, Kind.RESPOND, status, contentType, body, headers, null, count));
    }

    /** The next {@code count} calls under {@code pathPrefix} get {@code status} with a short text body. */
    public void failNext(String pathPrefix, int status, int count) {
        respond(pathPrefix, null, status, "text/plain; charset=utf-8", "Simulated fault: HTTP " + status, Map.of(),
                count);
    }

    /** The next {@code count} calls under {@code pathPrefix} get {@code 200} with an HTML body. */
    public void garbageNext(String pathPrefix, int count) {
        respond(pathPrefix, null, 200, "text/html; charset=utf-8", GARBAGE, Map.of(), count);
    }

    /** The next {@code count} calls under {@code pathPrefix} are answered normally, but only after {@code delay}. */
    public void delayNext(String pathPrefix, Duration delay, int count) {
        add(new Fault(pathPrefix, null, Kind.DELAY, 0, null, null, null, delay, count));
    }

    public synchronized void add(Fault fault) {
        faults.add(Objects.requireNonNull(fault));
    }

    public synchronized void clear() {
        faults.clear();
    }

    public synchronized List<Fault> active() {
        return List.copyOf(faults);
    }

    /**
     * Applies the first matching fault, if any.
     *
     * @return true when the fault answered the call, so the endpoint must not
     */
    public boolean intercept(HttpExchange exchange, String requestBody) throws IOException {
        Fault fault = take(exchange.getRequestURI().getPath(), requestBody);
        if (fault == null) {
            return false;
        }
        if (fault.kind() == Kind.DELAY) {
            try {
                Thread.sleep(fault.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        fault.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        SimHttp.send(exchange, fault.status(), fault.contentType() == null ? "text/plain; charset=utf-8"
                : fault.contentType(), fault.body() == null ? "" : fault.body());
        return true;
    }

    private synchronized Fault take(String path, String requestBody) {
        for (ListIterator<Fault> it = faults.listIterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (!fault.matches(path, requestBody)) {
                continue;
            }
            if (fault.remaining() == 1) {
                it.remove();
            } else {
                it.set(fault.usedOnce());
            }
            return fault;
        }
        return null;
    }
}
