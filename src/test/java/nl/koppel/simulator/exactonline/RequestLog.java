package nl.koppel.simulator.exactonline;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every API call with its path and query, the caller's {@code User-Agent} and when it started and ended (epoch
 * ms): what the benchmark's cluster run checks "no dossier in two turns at once" and "each schedule once per
 * interval" against, from the accounting system's side rather than Koppel's own bookkeeping.
 */
final class RequestLog {

    record Request(long startedAt, long endedAt, String agent, String path, String query) {
        String line() {
            return startedAt + "\t" + endedAt + "\t" + agent + "\t" + path + "\t" + query;
        }
    }

    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    void add(Request request) {
        requests.add(request);
    }

    List<Request> all() {
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }
}
