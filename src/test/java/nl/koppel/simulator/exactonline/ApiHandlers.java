package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Optional;

/**
 * The REST API under {@code /api/v1/}: checks the bearer token, then answers the resource.
 * For now only {@code current/Me}; divisions and master data will be routed from here.
 */
final class ApiHandlers {

    static final String API_PREFIX = "/api/v1/";
    static final String ME_PATH = "/api/v1/current/Me";

    private final SimulatedAuthorizationServer authorizationServer;
    private final FaultInjector faults;
    private final CallStatistics statistics;
    private final ObjectMapper json;
    private final String baseUrl;

    ApiHandlers(SimulatedAuthorizationServer authorizationServer, FaultInjector faults,
                CallStatistics statistics, ObjectMapper json, String baseUrl) {
        this.authorizationServer = authorizationServer;
        this.faults = faults;
        this.statistics = statistics;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        statistics.countApiCall(path);
        if (faults.intercept(exchange)) {
            return;
        }
        Optional<AccountingUser> user = authorizationServer.userForAccessToken(bearerToken(exchange));
        if (user.isEmpty()) {
            // Exact answers a bad token with a bare 401, never with JSON
            HttpMessages.sendText(exchange, 401, "Unauthorized");
            return;
        }
        if (!ME_PATH.equals(path)) {
            sendODataError(exchange, 404, "Not found");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            sendODataError(exchange, 405, "Method not allowed");
            return;
        }
        me(exchange, user.get());
    }

    private void me(HttpExchange exchange, AccountingUser user) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode me = root.putObject("d").putArray("results").addObject();
        ObjectNode metadata = me.putObject("__metadata");
        metadata.put("uri", baseUrl + ME_PATH + "(guid'" + user.userId() + "')");
        metadata.put("type", "Exact.Web.Api.System.Me");
        me.put("UserID", user.userId().toString());
        me.put("UserName", user.userName());
        me.put("FullName", user.fullName());
        me.put("Email", user.email());
        me.put("CurrentDivision", user.currentDivision());
        me.put("LanguageCode", user.languageCode());
        me.put("Legislation", user.legislation());
        HttpMessages.sendJson(exchange, 200, json.writeValueAsString(root));
    }

    /** Exact's OData error shape; clients read {@code error.message.value}. */
    private void sendODataError(HttpExchange exchange, int status, String message) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", "");
        ObjectNode messageNode = error.putObject("message");
        messageNode.put("lang", "");
        messageNode.put("value", message);
        HttpMessages.sendJson(exchange, status, json.writeValueAsString(root));
    }

    private static String bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
