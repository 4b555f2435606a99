package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import nl.koppel.simulator.common.SignInForm;
import java.util.LinkedHashMap;
import java.util.Map;

/** The HTTP face of {@link SimulatedAuthorizationServer}: {@code /api/oauth2/auth} and {@code /api/oauth2/token}. */
final class OAuthHandlers {

    static final String AUTHORIZE_PATH = "/api/oauth2/auth";
    static final String TOKEN_PATH = "/api/oauth2/token";

    private final SimulatedAuthorizationServer authorizationServer;
    private final FaultInjector faults;
    private final CallStatistics statistics;
    private final ObjectMapper json;
    private final SignInForm signIn;

    OAuthHandlers(SimulatedAuthorizationServer authorizationServer, FaultInjector faults,
                  CallStatistics statistics, ObjectMapper json, SignInForm signIn) {
        this.signIn = signIn;
        this.authorizationServer = authorizationServer;
        this.faults = faults;
        this.statistics = statistics;
        this.json = json;
    }

    /**
     * The login screen: a browser gets the sign-in form (user name and password of the accounting-system user);
     * any other client stands in for a browser whose approving user (set by the test or the demo) consents at once.
     */
    void authorize(HttpExchange exchange) throws IOException {
        if (!AUTHORIZE_PATH.equals(exchange.getRequestURI().getPath())) {
            HttpMessages.sendText(exchange, 404, "Not Found");
            return;
        }
        statistics.countAuthorizeCall();
        if (faults.intercept(exchange)) {
            return;
        }
        boolean submitted = SignInForm.isSubmission(exchange);
        if (!"GET".equals(exchange.getRequestMethod()) && !submitted) {
            HttpMessages.sendText(exchange, 405, "Method Not Allowed");
            return;
        }
        Map<String, String> query = submitted ? HttpMessages.decodeForm(HttpMessages.body(exchange))
                : HttpMessages.query(exchange);
        String redirectUri = query.get("redirect_uri");
        String state = query.get("state");
        AuthorizeDecision.Rejected bad = authorizationServer.reject(query.get("client_id"), redirectUri,
                query.get("response_type"));
        if (bad == null && signIn.answers(exchange, query)) {
            return;
        }
        AuthorizeDecision decision = submitted
                ? authorizationServer.authorizeAs(query.get("client_id"), redirectUri, query.get("response_type"),
                        query.get("username"))
                : authorizationServer.authorize(query.get("client_id"), redirectUri, query.get("response_type"));
        if (decision instanceof AuthorizeDecision.Approved approved) {
            HttpMessages.redirect(exchange, withParameters(redirectUri, "code", approved.code(), state));
        } else if (decision instanceof AuthorizeDecision.Rejected rejected) {
            // never redirect to an unverified URI: answer the browser directly
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", "invalid_request");
            body.put("error_description", rejected.reason());
            HttpMessages.sendJson(exchange, 400, json.writeValueAsString(body));
        } else {
            HttpMessages.redirect(exchange, withParameters(redirectUri, "error", "access_denied", state));
        }
    }

    void token(HttpExchange exchange) throws IOException {
        if (!TOKEN_PATH.equals(exchange.getRequestURI().getPath())) {
            HttpMessages.sendText(exchange, 404, "Not Found");
            return;
        }
        // read and count before any fault, so a test can see how many calls reached the server
        Map<String, String> form = HttpMessages.decodeForm(HttpMessages.body(exchange));
        String grantType = form.get("grant_type");
        statistics.countTokenCall(grantType);
        if (faults.intercept(exchange)) {
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            HttpMessages.sendText(exchange, 405, "Method Not Allowed");
            return;
        }
        String clientId = form.get("client_id");
        String clientSecret = form.get("client_secret");
        TokenGrantResult result;
        if ("authorization_code".equals(grantType)) {
            result = authorizationServer.exchangeCode(clientId, clientSecret, form.get("code"), form.get("redirect_uri"));
        } else if ("refresh_token".equals(grantType)) {
            result = authorizationServer.refresh(clientId, clientSecret, form.get("refresh_token"));
        } else {
            result = new TokenGrantResult.Refused(400, "unsupported_grant_type", null);
        }
        send(exchange, result);
    }

    private void send(HttpExchange exchange, TokenGrantResult result) throws IOException {
        if (result instanceof TokenGrantResult.Issued issued) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("access_token", issued.accessToken());
            body.put("token_type", "bearer");
            body.put("expires_in", Long.toString(issued.expiresInSeconds())); // a string, as Exact sends it
            body.put("refresh_token", issued.refreshToken());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            HttpMessages.sendJson(exchange, 200, json.writeValueAsString(body));
        } else if (result instanceof TokenGrantResult.Refused refused) {
            Map<String, String> body = new LinkedHashMap<>();
            body.put("error", refused.error());
            if (refused.description() != null) {
                body.put("error_description", refused.description());
            }
            HttpMessages.sendJson(exchange, refused.status(), json.writeValueAsString(body));
        } else if (result instanceof TokenGrantResult.OldRefreshTokenUsed) {
            HttpMessages.sendText(exchange, 401, "Unauthorized Client: Old refresh token used.");
        } else {
            HttpMessages.sendText(exchange, 429, "Too Many Requests");
        }
    }

    /** {@code redirectUri} plus one parameter and the state, each URL-encoded once. */
    private static String withParameters(String redirectUri, String name, String value, String state) {
        StringBuilder location = new StringBuilder(redirectUri)
                .append(redirectUri.contains("?") ? '&' : '?')
                .append(name).append('=').append(HttpMessages.encode(value));
        if (state != null) {
            location.append("&state=").append(HttpMessages.encode(state));
        }
        return location.toString();
    }
}
