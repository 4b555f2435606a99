package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST API under {@code /api/v1/}: counts the call, consults the faults, checks the bearer token, then
 * answers {@code current/Me} itself or hands {@code /api/v1/{division}/...} to {@link MasterDataHandlers}.
 */
final class ApiHandlers {

    static final String API_PREFIX = "/api/v1/";
    static final String ME_PATH = "/api/v1/current/Me";

    private static final Pattern DIVISION_PATH = Pattern.compile("^/api/v1/([0-9]{1,9})(?:/(.*))?$");

    private final SimulatedAuthorizationServer authorizationServer;
    private final DivisionDirectory directory;
    private final MasterDataHandlers masterData;
    private final FaultInjector faults;
    private final CallStatistics statistics;
    private final ConcurrentCalls concurrentCalls;
    private final ObjectMapper json;
    private final String baseUrl;

    ApiHandlers(SimulatedAuthorizationServer authorizationServer, DivisionDirectory directory, MasterDataHandlers masterData,
                FaultInjector faults, CallStatistics statistics, ConcurrentCalls concurrentCalls, ObjectMapper json,
                String baseUrl) {
        this.concurrentCalls = concurrentCalls;
        this.authorizationServer = authorizationServer;
        this.directory = directory;
        this.masterData = masterData;
        this.faults = faults;
        this.statistics = statistics;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    /** The division a path like {@code /api/v1/123456/crm/Accounts} names. */
    static OptionalInt divisionOf(String path) {
        Matcher matcher = DIVISION_PATH.matcher(path);
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String user = authorizationServer.userForAccessToken(bearerToken(exchange)).map(AccountingUser::userName)
                .orElse("");
        concurrentCalls.enter(path, user);
        long started = System.currentTimeMillis();
        try {
            answer(exchange, path);
        } finally {
            concurrentCalls.exit(path, user);
            String agent = exchange.getRequestHeaders().getFirst("User-Agent");
            String query = exchange.getRequestURI().getRawQuery();
            statistics.requestLog().add(new RequestLog.Request(started, System.currentTimeMillis(),
                    agent == null ? "" : agent, path, query == null ? "" : query));
        }
    }

    private void answer(HttpExchange exchange, String path) throws IOException {
        statistics.countApiCall(path);
        Matcher divisionPath = DIVISION_PATH.matcher(path);
        boolean namesDivision = divisionPath.matches();
        if (namesDivision) {
            statistics.countDivisionCall(Integer.parseInt(divisionPath.group(1)));
        }
        if (faults.intercept(exchange)) {
            return;
        }
        Optional<AccountingUser> user = authorizationServer.userForAccessToken(bearerToken(exchange));
        if (user.isEmpty()) {
            // Exact answers a bad token with a bare 401, never with JSON
            HttpMessages.sendText(exchange, 401, "Unauthorized");
            return;
        }
        if (namesDivision) {
            String resource = divisionPath.group(2) == null ? "" : divisionPath.group(2);
            masterData.handle(exchange, user.get(), Integer.parseInt(divisionPath.group(1)), resource);
            return;
        }
        if (!ME_PATH.equals(path)) {
            HttpMessages.sendODataError(exchange, 404, "Not found");
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            HttpMessages.sendODataError(exchange, 405, "Method not allowed");
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
        me.put("CurrentDivision", directory.currentDivisionOf(user));
        me.put("LanguageCode", user.languageCode());
        me.put("Legislation", user.legislation());
        HttpMessages.sendJson(exchange, 200, json.writeValueAsString(root));
    }

    private static String bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
