package nl.koppel.simulator.exactonline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what reached the simulator, so tests can assert e.g. "exactly one refresh call was made".
 * Calls answered by an injected fault are counted too: they did reach the server.
 */
final class CallStatistics {

    private final Map<String, AtomicLong> tokenCallsByGrantType = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> apiCallsByPath = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> callsByDivision = new ConcurrentHashMap<>();
    private final AtomicLong authorizeCalls = new AtomicLong();
    private final RequestLog requestLog = new RequestLog();

    RequestLog requestLog() {
        return requestLog;
    }

    void countTokenCall(String grantType) {
        tokenCallsByGrantType.computeIfAbsent(grantType == null ? "" : grantType, k -> new AtomicLong()).incrementAndGet();
    }

    void countApiCall(String path) {
        apiCallsByPath.computeIfAbsent(path, k -> new AtomicLong()).incrementAndGet();
    }

    /** A call whose path names the division, whatever its answer (fault, 401, 403, 429 included). */
    void countDivisionCall(int division) {
        callsByDivision.computeIfAbsent(division, k -> new AtomicLong()).incrementAndGet();
    }

    long divisionCalls(int division) {
        AtomicLong count = callsByDivision.get(division);
        return count == null ? 0 : count.get();
    }

    /** Calls by division code. */
    Map<Integer, Long> divisionCalls() {
        Map<Integer, Long> snapshot = new TreeMap<>();
        callsByDivision.forEach((division, count) -> snapshot.put(division, count.get()));
        return snapshot;
    }

    void countAuthorizeCall() {
        authorizeCalls.incrementAndGet();
    }

    long tokenCalls(String grantType) {
        AtomicLong count = tokenCallsByGrantType.get(grantType);
        return count == null ? 0 : count.get();
    }

    long apiCalls(String path) {
        AtomicLong count = apiCallsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    long authorizeCalls() {
        return authorizeCalls.get();
    }

    /** Token calls by grant type; the two real grant types are always present. */
    Map<String, Long> tokenCalls() {
        Map<String, Long> snapshot = new TreeMap<>();
        snapshot.put("authorization_code", 0L);
        snapshot.put("refresh_token", 0L);
        tokenCallsByGrantType.forEach((grantType, count) -> snapshot.put(grantType, count.get()));
        return snapshot;
    }

    Map<String, Long> apiCalls() {
        Map<String, Long> snapshot = new TreeMap<>();
        apiCallsByPath.forEach((path, count) -> snapshot.put(path, count.get()));
        return snapshot;
    }

    void reset() {
        tokenCallsByGrantType.clear();
        apiCallsByPath.clear();
        callsByDivision.clear();
        authorizeCalls.set(0);
        requestLog.clear();
    }
}
