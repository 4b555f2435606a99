package nl.koppel.simulator.moneybird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.common.SignInForm;
import nl.koppel.simulator.common.SimHttp;

/**
 * The HTTP face of the Moneybird simulator: {@code /oauth/authorize}, {@code /oauth/token},
 * (no token-info endpoint: none is documented) and the REST API under {@code /api/v2/} (JSON, {@code .json} suffix on every path).
 * Order per API call: count it, faults, bearer token (401 with Doorkeeper's {@code WWW-Authenticate}), rate limit
 * (429 with {@code Retry-After}), administration (404 unknown, 403 no access), then the resource.
 */
final class MoneybirdHandlers {

    private static final Pattern ADMINISTRATION_PATH = Pattern.compile("^/api/v2/([0-9]+)/(.+)\\.json$");

    private final MoneybirdAccounts accounts;
    private final SignInForm signIn;
    private final MoneybirdData data;
    private final MoneybirdRateLimiter rateLimiter;
    private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
    private final SimFaults faults;
    private final ObjectMapper json;
    private final String baseUrl;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final AtomicLong tooManyRequests = new AtomicLong();

    MoneybirdHandlers(MoneybirdAccounts accounts, MoneybirdData data, MoneybirdRateLimiter rateLimiter,
                      SimFaults faults, ObjectMapper json, String baseUrl, SignInForm signIn) {
        this.signIn = signIn;
        this.accounts = accounts;
        this.data = data;
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    long calls(String pathPrefix) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(pathPrefix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    long tooManyRequests() {
        return tooManyRequests.get();
    }

    void resetCounters() {
        calls.clear();
        tooManyRequests.set(0);
    }

    // ---- OAuth -------------------------------------------------------------------------------

    void oauth(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = SimHttp.body(exchange);
        count(path);
        if (faults.intercept(exchange, body)) {
            return;
        }
        switch (path) {
            case "/oauth/authorize" -> authorize(exchange, body);
            case "/oauth/token" -> token(exchange, body);
            default -> SimHttp.sendText(exchange, 404, "Not Found");
        }
    }

    /**
     * Moneybird's login screen: a browser gets the sign-in form (e-mail address and password); any other client
     * stands in for a browser whose approving user consents at once.
     */
    private void authorize(HttpExchange exchange, String body) throws IOException {
        boolean submitted = SignInForm.isSubmission(exchange);
        Map<String, String> query = submitted ? SimHttp.decodeForm(body) : SimHttp.query(exchange);
        String redirect = query.get("redirect_uri");
        String code;
        try {
            if (!"code".equals(query.get("response_type"))) {
                throw new IllegalArgumentException("The authorization server does not support this response type.");
            }
            accounts.authorizeAs(query.get("client_id"), redirect, null); // a bad client or redirect: 400 first
            if (signIn.answers(exchange, query)) {
                return;
            }
            code = submitted ? accounts.authorizeAs(query.get("client_id"), redirect, query.get("username"))
                    : accounts.authorize(query.get("client_id"), redirect);
        } catch (IllegalArgumentException refused) {
            // never redirect to an unverified URI: answer the browser directly
            SimHttp.sendText(exchange, 400, refused.getMessage());
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (code == null) {
            parameters.put("error", "access_denied");
        } else {
            parameters.put("code", code);
        }
        parameters.put("state", query.get("state"));
        SimHttp.redirect(exchange, SimHttp.withParameters(redirect, parameters));
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            SimHttp.sendText(exchange, 405, "Method Not Allowed");
            return;
        }
        Map<String, String> form = SimHttp.decodeForm(body);
        String grantType = form.get("grant_type");
        count("/oauth/token#" + grantType);
        MoneybirdAccounts.Grant grant;
        if ("authorization_code".equals(grantType)) {
            grant = accounts.exchangeCode(form.get("client_id"), form.get("client_secret"), form.get("code"),
                    form.get("redirect_uri"));
        } else if ("refresh_token".equals(grantType)) {
            grant = accounts.refresh(form.get("client_id"), form.get("client_secret"), form.get("refresh_token"));
        } else {
            grant = new MoneybirdAccounts.Grant.Refused(400, "unsupported_grant_type",
                    "The authorization grant type is not supported by the authorization server.");
        }
        ObjectNode reply = json.createObjectNode();
        if (grant instanceof MoneybirdAccounts.Grant.Issued issued) {
            reply.put("access_token", issued.accessToken());
            reply.put("token_type", "Bearer");
            if (issued.expiresInSeconds() != null) {
                reply.put("expires_in", issued.expiresInSeconds());
            }
            if (issued.refreshToken() != null) {
                reply.put("refresh_token", issued.refreshToken());
            }
            reply.put("scope", "sales_invoices settings");
            reply.put("created_at", issued.createdAt());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            SimHttp.sendJson(exchange, 200, reply.toString());
        } else {
            MoneybirdAccounts.Grant.Refused refused = (MoneybirdAccounts.Grant.Refused) grant;
            reply.put("error", refused.error());
            reply.put("error_description", refused.description());
            SimHttp.sendJson(exchange, refused.status(), reply.toString());
        }
    }

    // ---- API ---------------------------------------------------------------------------------

    void api(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = SimHttp.body(exchange);
        count(path);
        count(exchange.getRequestMethod() + " " + path);
        if (faults.intercept(exchange, body)) {
            return;
        }
        Object checked = accounts.check(SimHttp.bearerToken(exchange));
        if (checked instanceof MoneybirdAccounts.TokenProblem problem) {
            unauthorized(exchange, problem);
            return;
        }
        MoneybirdAccounts.User user = (MoneybirdAccounts.User) checked;
        // one budget per user over the whole platform; no rate-limit headers (none are documented)
        MoneybirdRateLimiter.Verdict verdict = rateLimiter.acquire(user.id());
        if (!verdict.allowed()) {
            tooManyRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", Long.toString(verdict.resetSeconds()));
            error(exchange, 429, "Too many requests, retry after " + verdict.resetSeconds() + " seconds");
            return;
        }
        if ("/api/v2/administrations.json".equals(path)) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "Method not allowed");
                return;
            }
            ArrayNode list = json.createArrayNode();
            for (String id : accounts.administrationsOf(user.id())) {
                data.administration(id).ifPresent(a -> list.addObject().put("id", a.id()).put("name", a.name())
                        .put("language", "nl").put("currency", "EUR").put("country", "NL")
                        .put("time_zone", "Europe/Amsterdam").put("access", "user"));
            }
            SimHttp.sendJson(exchange, 200, list.toString());
            return;
        }
        Matcher matcher = ADMINISTRATION_PATH.matcher(path);
        if (!matcher.matches()) {
            error(exchange, 404, "Not found");
            return;
        }
        String administration = matcher.group(1);
        if (data.administration(administration).isEmpty()) {
            error(exchange, 404, "Administration not found");
            return;
        }
        if (!accounts.mayAccess(user.id(), administration)) {
            error(exchange, 403, "No access to this administration");
            return;
        }
        int atOnce = running.computeIfAbsent(user.id(), id -> new AtomicInteger()).incrementAndGet();
        mostAtOnce.computeIfAbsent(user.id(), id -> new AtomicInteger()).accumulateAndGet(atOnce, Math::max);
        try {
            resource(exchange, administration, matcher.group(2), body);
        } finally {
            running.get(user.id()).decrementAndGet();
        }
    }

    /** The most administration calls of the user that ran at the same time so far. */
    int mostAtOnce(long userId) {
        AtomicInteger most = mostAtOnce.get(userId);
        return most == null ? 0 : most.get();
    }

    private void resource(HttpExchange exchange, String administration, String resource, String body)
            throws IOException {
        String method = exchange.getRequestMethod();
        switch (resource) {
            case "users" -> {
                // accountants are listed only when asked for
                boolean accountants = "true".equals(SimHttp.query(exchange).get("include_accountants"));
                ArrayNode users = json.createArrayNode();
                for (MoneybirdAccounts.User u : accounts.usersOf(administration)) {
                    if ("accountant".equals(u.userType()) && !accountants) {
                        continue;
                    }
                    users.addObject().put("id", Long.toString(u.id())).put("name", u.name()).put("email", u.email())
                            .put("email_validated", true).put("language", "nl").put("time_zone", "Europe/Amsterdam")
                            .put("user_type", u.userType());
                }
                SimHttp.sendJson(exchange, 200, users.toString());
            }
            case "contacts/synchronization" -> {
                if ("GET".equals(method)) {
                    ArrayNode list = json.createArrayNode();
                    for (ObjectNode contact : data.all(administration, MoneybirdKind.CONTACTS)) {
                        list.addObject().put("id", contact.path("id").asText()).put("version",
                                contact.path("version").asLong());
                    }
                    SimHttp.sendJson(exchange, 200, list.toString());
                } else if ("POST".equals(method)) {
                    synchronizationFetch(exchange, administration, body);
                } else {
                    error(exchange, 405, "Method not allowed");
                }
            }
            case "contacts" -> paged(exchange, data.all(administration, MoneybirdKind.CONTACTS), administration,
                    "contacts");
            case "ledger_accounts" -> {
                // not paged: every ledger account at once
                ArrayNode all = json.createArrayNode();
                data.all(administration, MoneybirdKind.LEDGER_ACCOUNTS).forEach(all::add);
                SimHttp.sendJson(exchange, 200, all.toString());
            }
            case "tax_rates" -> {
                List<ObjectNode> rates = data.all(administration, MoneybirdKind.TAX_RATES);
                String filter = SimHttp.query(exchange).getOrDefault("filter", "");
                if (filter.contains("active:true")) {
                    rates = rates.stream().filter(r -> r.path("active").asBoolean(true)).toList();
                }
                paged(exchange, rates, administration, "tax_rates");
            }
            default -> error(exchange, 404, "Not found");
        }
    }

    /** {@code POST contacts/synchronization.json {"ids": [...]}}: the full contacts; unknown ids are left out. */
    private void synchronizationFetch(HttpExchange exchange, String administration, String body) throws IOException {
        JsonNode ids;
        try {
            ids = json.readTree(body).path("ids");
        } catch (IOException e) {
            error(exchange, 400, "Body is not valid JSON");
            return;
        }
        if (!ids.isArray() || ids.isEmpty()) {
            error(exchange, 400, "ids is missing");
            return;
        }
        if (ids.size() > 100) {
            error(exchange, 400, "ids: at most 100 ids per request");
            return;
        }
        ArrayNode contacts = json.createArrayNode();
        for (JsonNode id : ids) {
            data.find(administration, MoneybirdKind.CONTACTS, id.asText()).ifPresent(contacts::add);
        }
        SimHttp.sendJson(exchange, 200, contacts.toString());
    }

    /** {@code page} (from 1) and {@code per_page} (1..100, default 50); a {@code Link} header with rel="next". */
    private void paged(HttpExchange exchange, List<ObjectNode> all, String administration, String resource)
            throws IOException {
        Map<String, String> query = SimHttp.query(exchange);
        int page;
        int perPage;
        try {
            page = Integer.parseInt(query.getOrDefault("page", "1"));
            perPage = Integer.parseInt(query.getOrDefault("per_page", "50"));
        } catch (NumberFormatException e) {
            error(exchange, 400, "page and per_page must be numbers");
            return;
        }
        if (page < 1 || perPage < 1 || perPage > 100) {
            error(exchange, 400, "per_page must be between 1 and 100");
            return;
        }
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        ArrayNode items = json.createArrayNode();
        all.subList(from, to).forEach(items::add);
        List<String> links = new ArrayList<>();
        String self = baseUrl + "/api/v2/" + administration + "/" + resource + ".json?per_page=" + perPage
                + (query.containsKey("filter") ? "&filter=" + SimHttp.encode(query.get("filter")) : "");
        if (to < all.size()) {
            links.add("<" + self + "&page=" + (page + 1) + ">; rel=\"next\"");
        }
        if (page > 1) {
            links.add("<" + self + "&page=" + (page - 1) + ">; rel=\"prev\"");
        }
        if (!links.isEmpty()) {
            exchange.getResponseHeaders().set("Link", String.join(", ", links));
        }
        SimHttp.sendJson(exchange, 200, items.toString());
    }

    private void unauthorized(HttpExchange exchange, MoneybirdAccounts.TokenProblem problem) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"Doorkeeper\", error=\"invalid_token\","
                + " error_description=\"" + problem.description + "\"");
        ObjectNode body = json.createObjectNode().put("error", "invalid_token")
                .put("error_description", problem.description);
        SimHttp.sendJson(exchange, 401, body.toString());
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        SimHttp.sendJson(exchange, status, json.createObjectNode().put("error", message).toString());
    }

    private void count(String key) {
        calls.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }
}
