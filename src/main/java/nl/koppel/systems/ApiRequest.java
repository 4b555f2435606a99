package nl.koppel.systems;

import java.util.Set;

/**
 * One call of an accounting system's API as the linked user, for the {@code api-call} route template
 * ({@code routes/systems/connector-templates.camel.yaml}). {@link #toString()} leaves out URL and body.
 *
 * @param method        {@code GET} or {@code POST}
 * @param url           an absolute URL on the configured {@code base-url}, or a path under it ({@code /api/...})
 * @param body          the JSON body of a POST; null for none
 * @param what          what is asked, for messages ({@code current/Me}, {@code contacts})
 * @param callerHandles failed statuses the caller reads itself instead of the connector's replies bean (Moneybird's
 *                      users list: 403 and 404 still name the user)
 * @param callerHandlesAll the caller reads every reply itself, failed or not (a fetch-page bean that reads the
 *                      rate-limit headers of every reply before it classifies)
 */
public record ApiRequest(String method, String url, String body, String what, Set<Integer> callerHandles,
                         boolean callerHandlesAll) {

    public ApiRequest {
        callerHandles = callerHandles == null ? Set.of() : Set.copyOf(callerHandles);
    }

    public static ApiRequest get(String url, String what) {
        return new ApiRequest("GET", url, null, what, Set.of(), false);
    }

    public static ApiRequest post(String url, String jsonBody, String what) {
        return new ApiRequest("POST", url, jsonBody, what, Set.of(), false);
    }

    /** The same request; these failed statuses come back to the caller as an {@link ApiReply}. */
    public ApiRequest handling(Integer... statuses) {
        return new ApiRequest(method, url, body, what, Set.of(statuses), callerHandlesAll);
    }

    /** The same request; every reply comes back to the caller as an {@link ApiReply}, failed or not. */
    public ApiRequest handlingEveryReply() {
        return new ApiRequest(method, url, body, what, callerHandles, true);
    }

    public ApiRequest at(String absoluteUrl) {
        return new ApiRequest(method, absoluteUrl, body, what, callerHandles, callerHandlesAll);
    }

    /** Whether the connector's replies bean classifies this reply (not 2xx and not the caller's to read). */
    public boolean failedFor(ApiReply reply) {
        return !reply.ok() && !callerHandlesAll && !callerHandles.contains(reply.status());
    }

    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + what + "]";
    }
}
