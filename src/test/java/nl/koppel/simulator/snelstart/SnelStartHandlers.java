package nl.koppel.simulator.snelstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.common.SimHttp;

/**
 * SnelStart's HTTP side: the token endpoint ({@code /b2b/token}, the auth host) and the API ({@code /v2/...}, behind
 * Azure API Management). See {@link SnelStartSimulator} for what is published and what is assumed.
 */
final class SnelStartHandlers {

    static final String MISSING_SUBSCRIPTION_KEY = "Access denied due to missing subscription key. Make sure to"
            + " include subscription key when making requests to an API.";
    static final String INVALID_SUBSCRIPTION_KEY = "Access denied due to invalid subscription key. Make sure to"
            + " provide a valid key for an active subscription.";
    /** ASP.NET Web API's answer to a request whose bearer token it does not accept (assumption A-S2). */
    static final String DENIED = "Authorization has been denied for this request.";
    private static final Pattern FILTER = Pattern.compile("^\\s*(\\w+)\\s+gt\\s+datetime'([^']+)'\\s*$");
    private static final int MAX_TOP = 500;

    private final SnelStartAccounts accounts;
    private final SnelStartData data;
    private final SimFaults faults;
    private final ObjectMapper json;
    private final String subscriptionKey;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final Map<String, String> lastQueries = new ConcurrentHashMap<>();

    SnelStartHandlers(SnelStartAccounts accounts, SnelStartData data, SimFaults faults, ObjectMapper json,
                      String subscriptionKey) {
        this.accounts = accounts;
        this.data = data;
        this.faults = faults;
        this.json = json;
        this.subscriptionKey = subscriptionKey;
    }

    int calls(String path) {
        AtomicInteger count = calls.get(path);
        return count == null ? 0 : count.get();
    }

    /** The decoded query string of the last call to this path ("" without one). */
    String lastQuery(String path) {
        return lastQueries.getOrDefault(path, "");
    }

    int tokenRequests() {
        return tokenRequests.get();
    }

    /** {@code POST /b2b/token}: {@code grant_type=clientkey&clientkey=...} or {@code grant_type=password}. */
    void token(HttpExchange exchange) throws IOException {
        String body = SimHttp.body(exchange);
        tokenRequests.incrementAndGet();
        if (faults.intercept(exchange, body)) {
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            SimHttp.sendJson(exchange, 405, "{\"message\":\"The requested resource does not support http method '"
                    + exchange.getRequestMethod() + "'.\"}");
            return;
        }
        Map<String, String> form = SimHttp.decodeForm(body);
        String grantType = form.get("grant_type");
        Optional<SnelStartAccounts.Token> token;
        if ("clientkey".equals(grantType)) {
            token = accounts.byClientKey(form.get("clientkey"));
        } else if ("password".equals(grantType)) {
            token = accounts.byPassword(form.get("username"), form.get("password"));
        } else {
            SimHttp.sendJson(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        if (token.isEmpty()) {
            // an unknown, revoked or regenerated key (assumption A-S1: OWIN's invalid_grant)
            SimHttp.sendJson(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":"
                    + "\"De koppelsleutel is ongeldig of ingetrokken.\"}");
            return;
        }
        ObjectNode reply = json.createObjectNode();
        reply.put("access_token", token.get().value());
        reply.put("token_type", "bearer");
        reply.put("expires_in", SnelStartAccounts.TOKEN_LIFETIME.toSeconds());
        SimHttp.sendJson(exchange, 200, reply.toString());
    }

    /** Everything under {@code /v2/}. */
    void api(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String query = exchange.getRequestURI().getQuery();
        lastQueries.put(path, query == null ? "" : query);
        if (faults.intercept(exchange, "")) {
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key");
        if (key == null || key.isEmpty()) {
            apim(exchange, 401, MISSING_SUBSCRIPTION_KEY);
            return;
        }
        if (!key.equals(subscriptionKey)) {
            apim(exchange, 401, INVALID_SUBSCRIPTION_KEY);
            return;
        }
        Optional<SnelStartAccounts.ConnectionKey> connection = accounts.keyOf(SimHttp.bearerToken(exchange));
        if (connection.isEmpty()) {
            SimHttp.sendJson(exchange, 401, "{\"message\":\"" + DENIED + "\"}");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            SimHttp.sendJson(exchange, 405, "{\"message\":\"The requested resource does not support http method '"
                    + exchange.getRequestMethod() + "'.\"}");
            return;
        }
        String administration = connection.get().administrationId;
        String rest = path.substring("/v2/".length());
        if (rest.startsWith("echo/")) {
            SimHttp.sendJson(exchange, 200, json.writeValueAsString(rest.substring("echo/".length())));
            return;
        }
        if (rest.equals("companyInfo")) {
            if (!scoped(exchange, connection.get(), SnelStartResource.SETTINGS_SCOPE)) {
                return;
            }
            SnelStartData.Administration found = data.administration(administration).orElseThrow();
            ObjectNode info = json.createObjectNode();
            info.put("administratieIdentifier", found.id());
            info.put("administratieNaam", found.name());
            info.put("bedrijfsnaam", found.companyName());
            info.put("huidigBoekjaar", LocalDateTime.now().getYear());
            info.put("kvkNummer", found.kvkNumber());
            info.put("btwNummer", found.vatNumber());
            SimHttp.sendJson(exchange, 200, info.toString());
            return;
        }
        Optional<SnelStartResource> resource = SnelStartResource.of(rest);
        if (resource.isEmpty()) {
            SimHttp.sendJson(exchange, 404, "{\"message\":\"No HTTP resource was found that matches the request URI"
                    + " '" + path + "'.\"}");
            return;
        }
        if (!scoped(exchange, connection.get(), resource.get().scope())) {
            return;
        }
        List<ObjectNode> rows = data.records(administration, resource.get());
        if (resource.get().odata()) {
            try {
                rows = odata(rows, SimHttp.query(exchange));
            } catch (IllegalArgumentException badQuery) {
                SimHttp.sendJson(exchange, 400, json.writeValueAsString(List.of(Map.of("errorCode", "ALG-0104",
                        "message", badQuery.getMessage()))));
                return;
            }
        }
        SimHttp.sendJson(exchange, 200, data.array(rows).toString());
    }

    /**
     * {@code $filter} (only {@code <Property> gt datetime'...'} on {@code ModifiedOn}, property names case-sensitive),
     * then {@code $skip}, then {@code $top} (1-500, default 500); anything else is ALG-0104 (assumption A-S4).
     */
    private static List<ObjectNode> odata(List<ObjectNode> rows, Map<String, String> query) {
        int top = number(query, "$top", MAX_TOP);
        if (top < 1 || top > MAX_TOP) {
            throw new IllegalArgumentException("De waarde van $top moet tussen 1 en " + MAX_TOP + " liggen.");
        }
        int skip = number(query, "$skip", 0);
        if (skip < 0) {
            throw new IllegalArgumentException("De waarde van $skip mag niet negatief zijn.");
        }
        String filter = query.get("$filter");
        if (filter != null) {
            Matcher matcher = FILTER.matcher(filter);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("Het OData-filter is ongeldig: " + filter);
            }
            if (!"ModifiedOn".equals(matcher.group(1))) {
                throw new IllegalArgumentException("Het OData-filter is ongeldig: de eigenschap '" + matcher.group(1)
                        + "' bestaat niet.");
            }
            LocalDateTime since;
            try {
                since = LocalDateTime.parse(matcher.group(2));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("Het OData-filter is ongeldig: '" + matcher.group(2)
                        + "' is geen datum.");
            }
            rows = rows.stream().filter(r -> LocalDateTime.parse(r.path("modifiedOn").asText()).isAfter(since))
                    .toList();
        }
        int from = Math.min(skip, rows.size());
        int to = (int) Math.min(rows.size(), (long) skip + top);
        return rows.subList(from, to);
    }

    private static int number(Map<String, String> query, String name, int absent) {
        String value = query.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("De waarde van " + name + " is geen getal.");
        }
    }

    private boolean scoped(HttpExchange exchange, SnelStartAccounts.ConnectionKey key, String scope)
            throws IOException {
        if (accounts.allowed(key, scope)) {
            return true;
        }
        // assumption A-S3: SnelStart does not publish the body of a 403 for a missing scope
        SimHttp.sendJson(exchange, 403, "{\"message\":\"Forbidden: the scope " + scope
                + " is not granted for this coupling.\"}");
        return false;
    }

    /** Azure API Management's own error body. */
    private void apim(HttpExchange exchange, int status, String message) throws IOException {
        SimHttp.sendJson(exchange, status, json.writeValueAsString(Map.of("statusCode", status, "message", message)));
    }
}
