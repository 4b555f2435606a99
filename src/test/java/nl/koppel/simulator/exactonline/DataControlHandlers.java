package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * The control API for divisions, access, master data, the generator and rate limits (routed here by
 * {@link ControlHandlers}). Records and divisions use Exact's property names and JSON encoding
 * (GUIDs as text, dates as {@code /Date(millis)/}). Errors are thrown and answered by {@link ControlHandlers}.
 */
final class DataControlHandlers {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final ExactOnlineSimulator simulator;
    private final ObjectMapper json;

    DataControlHandlers(ExactOnlineSimulator simulator, ObjectMapper json) {
        this.simulator = simulator;
        this.json = json;
    }

    /**
     * {@code GET /control/divisions}, {@code GET|PUT /control/divisions/{code}},
     * {@code POST /control/divisions/{code}/move}, {@code GET|POST /control/divisions/{code}/{kind}},
     * {@code GET|PATCH|DELETE /control/divisions/{code}/{kind}/{id}}.
     *
     * @param segments the path after {@code /control}, split: {@code ["", "divisions", ...]}
     */
    void divisions(HttpExchange exchange, String method, String[] segments) throws IOException {
        if (segments.length == 2) {
            requireMethod("GET", method);
            sendJson(exchange, 200, simulator.divisions().stream().map(DataControlHandlers::divisionView).toList());
            return;
        }
        int code = integer(segments[2], "division code");
        if (segments.length == 3) {
            if ("PUT".equals(method)) {
                boolean existed = simulator.division(code).isPresent();
                SimulatedDivision division = simulator.putDivision(divisionFrom(code, readJson(exchange)));
                sendJson(exchange, existed ? 200 : 201, divisionView(division));
            } else {
                requireMethod("GET", method);
                sendJson(exchange, 200, divisionView(simulator.division(code).orElseThrow(() -> noSuchDivision(code))));
            }
            return;
        }
        if (segments.length == 4 && "move".equals(segments[3])) {
            requireMethod("POST", method);
            sendJson(exchange, 200, divisionView(simulator.moveDivision(code)));
            return;
        }
        Kind kind = Kind.fromName(segments[3]);
        if (segments.length == 4) {
            switch (method) {
                case "GET" -> sendJson(exchange, 200, simulator.records(code, kind).stream().map(DataControlHandlers::recordView).toList());
                case "POST" -> {
                    Map<String, Object> values = readObject(exchange);
                    Object id = values.remove("ID");
                    SimulatedRecord created = simulator.createRecord(code, kind, id == null ? null : UUID.fromString(id.toString()), values);
                    sendJson(exchange, 201, recordView(created));
                }
                default -> throw new IllegalArgumentException("method not allowed: " + method);
            }
            return;
        }
        if (segments.length == 5) {
            UUID id = UUID.fromString(segments[4]);
            switch (method) {
                case "GET" -> sendJson(exchange, 200, recordView(simulator.record(code, kind, id)
                        .orElseThrow(() -> new NoSuchElementException(kind.endpointPath() + " has no record " + id))));
                case "PATCH" -> sendJson(exchange, 200, recordView(simulator.updateRecord(code, kind, id, readObject(exchange))));
                case "DELETE" -> {
                    simulator.deleteRecord(code, kind, id);
                    HttpMessages.sendEmpty(exchange, 204);
                }
                default -> throw new IllegalArgumentException("method not allowed: " + method);
            }
            return;
        }
        throw new NoSuchElementException("no such control endpoint");
    }

    /** {@code GET /control/users/{userName}/divisions}, {@code PUT|DELETE /control/users/{userName}/divisions/{code}}. */
    void access(HttpExchange exchange, String method, String userName, String codeSegment) throws IOException {
        if (codeSegment == null) {
            requireMethod("GET", method);
            sendJson(exchange, 200, simulator.accessibleDivisions(userName).stream().sorted().toList());
            return;
        }
        int code = integer(codeSegment, "division code");
        switch (method) {
            case "PUT" -> simulator.grantDivision(userName, code);
            case "DELETE" -> simulator.revokeDivision(userName, code);
            default -> throw new IllegalArgumentException("method not allowed: " + method);
        }
        HttpMessages.sendEmpty(exchange, 204);
    }

    /** {@code POST /control/generate}: {@link GenerationPlan}'s fields; the kinds other than relations are optional. */
    void generate(HttpExchange exchange, String method) throws IOException {
        requireMethod("POST", method);
        JsonNode body = readJson(exchange);
        if (!body.hasNonNull("userName")) {
            throw new IllegalArgumentException("userName is required");
        }
        GenerationPlan plan = new GenerationPlan(
                body.path("seed").asLong(0),
                body.get("userName").asText(),
                body.path("divisions").asInt(1),
                body.path("relationsPerDivision").asInt(100),
                body.path("glAccountsPerDivision").asInt(GenerationPlan.DEFAULT_GL_ACCOUNTS),
                body.path("vatCodesPerDivision").asInt(GenerationPlan.DEFAULT_VAT_CODES),
                body.path("journalsPerDivision").asInt(GenerationPlan.DEFAULT_JOURNALS),
                body.path("costCentersPerDivision").asInt(GenerationPlan.DEFAULT_COST_CENTERS),
                body.path("costUnitsPerDivision").asInt(GenerationPlan.DEFAULT_COST_UNITS),
                body.path("projectsPerDivision").asInt(GenerationPlan.DEFAULT_PROJECTS),
                body.path("paymentConditionsPerDivision").asInt(GenerationPlan.DEFAULT_PAYMENT_CONDITIONS),
                body.path("archivedDivisions").asInt(0));
        long started = System.nanoTime();
        List<SimulatedDivision> divisions = simulator.generate(plan);
        long records = 0;
        for (Kind kind : Kind.values()) {
            records += (long) plan.count(kind) * divisions.size();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("divisions", divisions.stream().map(SimulatedDivision::code).toList());
        view.put("records", records);
        view.put("millis", (System.nanoTime() - started) / 1_000_000);
        sendJson(exchange, 201, view);
    }

    /** {@code GET|PUT /control/rate-limits}: limits, and windows in (fractional) seconds. */
    void rateLimits(HttpExchange exchange, String method) throws IOException {
        RateLimitSettings limits = simulator.rateLimits();
        if ("PUT".equals(method)) {
            JsonNode body = readJson(exchange);
            if (body.has("minutelyLimit")) limits.minutelyLimit(body.get("minutelyLimit").asInt());
            if (body.has("dailyLimit")) limits.dailyLimit(body.get("dailyLimit").asInt());
            if (body.has("minuteWindowSeconds")) limits.minuteWindow(seconds(body, "minuteWindowSeconds"));
            if (body.has("dayWindowSeconds")) limits.dayWindow(seconds(body, "dayWindowSeconds"));
            if (body.has("injectedResetDelaySeconds")) limits.injectedResetDelay(seconds(body, "injectedResetDelaySeconds"));
        } else {
            requireMethod("GET", method);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("minutelyLimit", limits.minutelyLimit());
        view.put("dailyLimit", limits.dailyLimit());
        view.put("minuteWindowSeconds", limits.minuteWindow().toNanos() / 1e9);
        view.put("dayWindowSeconds", limits.dayWindow().toNanos() / 1e9);
        view.put("injectedResetDelaySeconds", limits.injectedResetDelay().toNanos() / 1e9);
        sendJson(exchange, 200, view);
    }

    // ---- views and parsing -------------------------------------------------------------------

    private static SimulatedDivision divisionFrom(int code, JsonNode body) {
        return new SimulatedDivision(
                code,
                text(body, "Description"),
                body.path("Status").asInt(SimulatedDivision.ACTIVE),
                text(body, "ChamberOfCommerceNumber"),
                text(body, "VATNumber"),
                body.hasNonNull("Customer") ? UUID.fromString(body.get("Customer").asText()) : null,
                text(body, "CustomerName"),
                body.path("IsMainDivision").asBoolean(false),
                null,
                null);
    }

    static Map<String, Object> divisionView(SimulatedDivision division) {
        return exactJson(division.values());
    }

    static Map<String, Object> recordView(SimulatedRecord record) {
        return exactJson(record.fields());
    }

    /** GUIDs as text and dates as {@code /Date(millis)/}, as the API writes them. */
    private static Map<String, Object> exactJson(Map<String, Object> values) {
        Map<String, Object> view = new LinkedHashMap<>();
        values.forEach((name, value) -> view.put(name,
                value instanceof Instant instant ? "/Date(" + instant.toEpochMilli() + ")/"
                        : value instanceof UUID uuid ? uuid.toString()
                        : value));
        return view;
    }

    private Map<String, Object> readObject(HttpExchange exchange) throws IOException {
        return new HashMap<>(json.convertValue(readJson(exchange), JSON_OBJECT));
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        String body = HttpMessages.body(exchange);
        JsonNode node = body.isBlank() ? json.createObjectNode() : json.readTree(body);
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return node;
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        HttpMessages.sendJson(exchange, status, json.writeValueAsString(body));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Duration seconds(JsonNode body, String field) {
        BigDecimal value = new BigDecimal(body.get(field).asText().trim());
        return Duration.ofNanos(value.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a number: " + text);
        }
    }

    private static NoSuchElementException noSuchDivision(int code) {
        return new NoSuchElementException("no such division: " + code);
    }

    private static void requireMethod(String expected, String actual) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("method not allowed: " + actual);
        }
    }
}
