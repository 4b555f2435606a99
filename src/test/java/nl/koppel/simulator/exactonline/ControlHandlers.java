package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * {@code /control/...}: the simulator's own JSON API for tests in other processes and the demo.
 * Mirrors the Java API of {@link ExactOnlineSimulator}; no auth, no faults, not counted.
 * <ul>
 *   <li>{@code POST|GET /control/users}, {@code POST /control/users/{userName}/{revoke|expire-access-tokens|...}},
 *       {@code PUT /control/approving-user}, {@code GET|PUT /control/settings}, {@code GET|DELETE /control/stats}, {@code GET /control/requests} (the request log),
 *       {@code POST|GET|DELETE /control/faults} (a 429 may carry {@code resetMillis})</li>
 *   <li>{@code GET /control/users/{userName}/divisions}, {@code PUT|DELETE /control/users/{userName}/divisions/{code}}</li>
 *   <li>{@code GET /control/divisions}, {@code GET|PUT /control/divisions/{code}}, {@code POST /control/divisions/{code}/move}</li>
 *   <li>{@code GET|POST /control/divisions/{code}/{kind}}, {@code GET|PATCH|DELETE /control/divisions/{code}/{kind}/{id}}
 *       with kind {@code accounts, gl-accounts, vat-codes, journals, cost-centers, cost-units, projects,
 *       payment-conditions}</li>
 *   <li>{@code GET|PUT /control/rate-limits}, {@code POST /control/generate}</li>
 * </ul>
 * Details in {@link DataControlHandlers}.
 */
final class ControlHandlers {

    static final String CONTROL_PREFIX = "/control";

    private final ExactOnlineSimulator simulator;
    private final ObjectMapper json;
    private final DataControlHandlers data;

    ControlHandlers(ExactOnlineSimulator simulator, ObjectMapper json) {
        this.simulator = simulator;
        this.json = json;
        this.data = new DataControlHandlers(simulator, json);
    }

    void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (JsonProcessingException | IllegalArgumentException | ArithmeticException badRequest) {
            sendError(exchange, 400, badRequest.getMessage());
        } catch (NoSuchElementException notFound) {
            sendError(exchange, 404, notFound.getMessage());
        } catch (IllegalStateException conflict) {
            sendError(exchange, 409, conflict.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String[] segments = pathSegments(exchange);
        String resource = segments.length > 1 ? segments[1] : "";
        switch (resource) {
            case "users" -> {
                if (segments.length == 2 && "POST".equals(method)) {
                    addUser(exchange);
                } else if (segments.length == 2 && "GET".equals(method)) {
                    sendJson(exchange, 200, simulator.users());
                } else if (segments.length == 4 && "divisions".equals(segments[3])) {
                    data.access(exchange, method, segments[2], null);
                } else if (segments.length == 5 && "divisions".equals(segments[3])) {
                    data.access(exchange, method, segments[2], segments[4]);
                } else if (segments.length == 4 && "POST".equals(method)) {
                    userAction(exchange, segments[2], segments[3]);
                } else {
                    sendError(exchange, 404, "no such control endpoint");
                }
            }
            case "approving-user" -> {
                requireMethod("PUT", method);
                JsonNode body = readJson(exchange);
                simulator.approveAs(body.path("userName").isTextual() ? body.get("userName").asText() : null);
                HttpMessages.sendEmpty(exchange, 204);
            }
            case "settings" -> {
                if ("PUT".equals(method)) {
                    applySettings(readJson(exchange));
                } else {
                    requireMethod("GET", method);
                }
                sendJson(exchange, 200, settingsView());
            }
            case "stats" -> {
                if ("DELETE".equals(method)) {
                    simulator.resetCounters();
                    HttpMessages.sendEmpty(exchange, 204);
                } else {
                    requireMethod("GET", method);
                    sendJson(exchange, 200, Map.of(
                            "tokenCalls", simulator.statistics().tokenCalls(),
                            "apiCalls", simulator.statistics().apiCalls(),
                            "divisionCalls", simulator.statistics().divisionCalls(),
                            "authorizeCalls", simulator.statistics().authorizeCalls()));
                }
            }
            case "requests" -> {
                // one line per API call: started, ended (epoch ms), User-Agent, path, query; tab-separated
                requireMethod("GET", method);
                StringBuilder lines = new StringBuilder();
                simulator.statistics().requestLog().all().forEach(request -> lines.append(request.line()).append('\n'));
                HttpMessages.sendText(exchange, 200, lines.toString());
            }
            case "faults" -> {
                switch (method) {
                    case "POST" -> {
                        FaultInjector.Fault fault = faultFrom(readJson(exchange));
                        simulator.faults().add(fault);
                        sendJson(exchange, 201, faultView(fault));
                    }
                    case "DELETE" -> {
                        simulator.faults().clear();
                        HttpMessages.sendEmpty(exchange, 204);
                    }
                    case "GET" -> {
                        ArrayNode faults = json.createArrayNode();
                        simulator.faults().active().forEach(fault -> faults.add(faultView(fault)));
                        sendJson(exchange, 200, faults);
                    }
                    default -> throw new IllegalArgumentException("method not allowed: " + method);
                }
            }
            case "divisions" -> data.divisions(exchange, method, segments);
            case "generate" -> data.generate(exchange, method);
            case "rate-limits" -> data.rateLimits(exchange, method);
            default -> sendError(exchange, 404, "no such control endpoint");
        }
    }

    private void addUser(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        String userName = text(body, "userName");
        if (userName == null) {
            throw new IllegalArgumentException("userName is required");
        }
        String userId = text(body, "userId");
        AccountingUser user = simulator.addUser(new AccountingUser(
                userId == null ? UUID.randomUUID() : UUID.fromString(userId),
                userName,
                text(body, "fullName"),
                text(body, "email"),
                body.path("currentDivision").asInt(0),
                text(body, "languageCode"),
                text(body, "legislation")));
        sendJson(exchange, 201, user);
    }

    private void userAction(HttpExchange exchange, String userName, String action) throws IOException {
        switch (action) {
            case "revoke" -> simulator.revokeGrants(userName);
            case "expire-access-tokens" -> simulator.expireAccessTokens(userName);
            case "expire-refresh-tokens" -> simulator.expireRefreshTokens(userName);
            case "disable" -> simulator.disableUser(userName);
            case "enable" -> simulator.enableUser(userName);
            default -> {
                sendError(exchange, 404, "no such user action: " + action);
                return;
            }
        }
        HttpMessages.sendEmpty(exchange, 204);
    }

    private void applySettings(JsonNode body) {
        SimulatorSettings settings = simulator.settings();
        if (body.has("clientId")) settings.clientId(body.get("clientId").asText());
        if (body.has("clientSecret")) settings.clientSecret(body.get("clientSecret").asText());
        if (body.has("redirectUri")) settings.redirectUri(body.get("redirectUri").asText());
        if (body.has("accessTokenLifetimeSeconds")) settings.accessTokenLifetime(seconds(body, "accessTokenLifetimeSeconds"));
        if (body.has("minRefreshIntervalSeconds")) settings.minRefreshInterval(seconds(body, "minRefreshIntervalSeconds"));
        if (body.has("refreshTokenLifetimeSeconds")) settings.refreshTokenLifetime(seconds(body, "refreshTokenLifetimeSeconds"));
        if (body.has("codeLifetimeSeconds")) settings.codeLifetime(seconds(body, "codeLifetimeSeconds"));
        if (body.has("refreshLatencyMillis")) settings.refreshLatency(millis(body, "refreshLatencyMillis"));
        if (body.has("tokenCallsPerDay")) settings.tokenCallsPerDay(body.get("tokenCallsPerDay").asInt());
    }

    private ObjectNode settingsView() {
        SimulatorSettings settings = simulator.settings();
        ObjectNode view = json.createObjectNode();
        view.put("clientId", settings.clientId()); // the secret is left out: it must not end up in logs
        view.put("redirectUri", settings.redirectUri());
        view.put("accessTokenLifetimeSeconds", asSeconds(settings.accessTokenLifetime()));
        view.put("minRefreshIntervalSeconds", asSeconds(settings.minRefreshInterval()));
        view.put("refreshTokenLifetimeSeconds", asSeconds(settings.refreshTokenLifetime()));
        view.put("codeLifetimeSeconds", asSeconds(settings.codeLifetime()));
        view.put("refreshLatencyMillis", settings.refreshLatency().toNanos() / 1_000_000.0);
        view.put("tokenCallsPerDay", settings.tokenCallsPerDay());
        return view;
    }

    private FaultInjector.Fault faultFrom(JsonNode body) {
        String pathPrefix = text(body, "pathPrefix");
        if (pathPrefix == null) {
            throw new IllegalArgumentException("pathPrefix is required");
        }
        int count = body.has("count") ? body.get("count").asInt() : FaultInjector.EVERY_CALL;
        String responseBody = text(body, "body");
        if (body.path("garbage").asBoolean(false)) {
            return new FaultInjector.Fault(pathPrefix, FaultInjector.Kind.GARBAGE, body.path("status").asInt(200),
                    Duration.ZERO, responseBody == null ? FaultInjector.DEFAULT_GARBAGE : responseBody, count);
        }
        if (body.has("delayMillis")) {
            return new FaultInjector.Fault(pathPrefix, FaultInjector.Kind.DELAY, 0, millis(body, "delayMillis"), null, count);
        }
        if (body.has("status")) {
            // for a 429: how far ahead the announced X-RateLimit-Minutely-Reset lies (0: the default)
            Duration resetIn = body.has("resetMillis") ? millis(body, "resetMillis") : Duration.ZERO;
            return new FaultInjector.Fault(pathPrefix, FaultInjector.Kind.STATUS, body.get("status").asInt(),
                    resetIn, responseBody, count);
        }
        throw new IllegalArgumentException("a fault needs one of: status, delayMillis, garbage");
    }

    private ObjectNode faultView(FaultInjector.Fault fault) {
        ObjectNode view = json.createObjectNode();
        view.put("pathPrefix", fault.pathPrefix());
        view.put("kind", fault.kind().name());
        if (fault.kind() == FaultInjector.Kind.DELAY) {
            view.put("delayMillis", fault.delay().toMillis());
        } else {
            view.put("status", fault.status());
        }
        view.put("count", fault.remaining());
        return view;
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        String body = HttpMessages.body(exchange);
        JsonNode node = body.isBlank() ? json.createObjectNode() : json.readTree(body);
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return node;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Fractional seconds allowed (1.5), as a JSON number or a numeric string. */
    private static Duration seconds(JsonNode body, String field) {
        return Duration.ofNanos(decimal(body, field).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static Duration millis(JsonNode body, String field) {
        return Duration.ofNanos(decimal(body, field).movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a number");
        }
    }

    private static double asSeconds(Duration duration) {
        return duration.toNanos() / 1_000_000_000.0;
    }

    private static void requireMethod(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("method not allowed: " + actual);
        }
    }

    /** Raw path split on '/', each segment decoded once, so a user name may contain any character. */
    private static String[] pathSegments(HttpExchange exchange) {
        String relative = exchange.getRequestURI().getRawPath().substring(CONTROL_PREFIX.length());
        String[] segments = relative.split("/");
        for (int i = 0; i < segments.length; i++) {
            segments[i] = URLDecoder.decode(segments[i], StandardCharsets.UTF_8);
        }
        return segments;
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        HttpMessages.sendJson(exchange, status, json.writeValueAsString(body));
    }

    private void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, Map.of("error", message == null ? "bad request" : message));
    }
}
