package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the simulator's Exact Online rules over real HTTP, the way a connector meets them. */
class ExactOnlineSimulatorTest {

    private static final String REDIRECT_URI = "http://localhost:8080/oauth/exact/callback";
    private static final String USER = "CX_Basecone";
    private static final String ME = "/api/v1/current/Me";

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private ExactOnlineSimulator simulator;
    private AccountingUser user;

    private record Tokens(String accessToken, String refreshToken) {
    }

    @BeforeEach
    void start() {
        simulator = ExactOnlineSimulator.start(SimulatorSettings.defaults()
                .redirectUri(REDIRECT_URI)
                .refreshLatency(Duration.ofMillis(300)));
        user = simulator.addUser(USER, "Basecone Sync", "sync@example.nl", 123456);
        simulator.approveAs(USER);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    // ---- authorize ---------------------------------------------------------------------------

    @Test
    void authorizeRedirectsWithTheCodeEncodedOnceAndTheStateAsGiven() throws Exception {
        HttpResponse<String> response = get(simulator.authorizationUrl("state with spaces&!"), null);

        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT_URI + "?code=stampNL001.").contains("%21");
        Map<String, String> query = HttpMessages.decodeForm(URI.create(location).getRawQuery());
        assertThat(query.get("code")).contains("!");
        assertThat(query.get("state")).isEqualTo("state with spaces&!");
    }

    @Test
    void authorizeRejectsAnUnknownClientAWrongRedirectUriAndAnotherResponseTypeWithoutRedirecting() throws Exception {
        String clientId = simulator.settings().clientId();
        List<String> badRequests = List.of(
                authorizeUrl("unknown-client", REDIRECT_URI, "code"),
                authorizeUrl(clientId, "http://evil.example/callback", "code"),
                authorizeUrl(clientId, REDIRECT_URI, "token"));

        for (String url : badRequests) {
            HttpResponse<String> response = get(url, null);
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).as(url).isEmpty();
        }
    }

    @Test
    void authorizeWithoutAnApprovingUserRedirectsWithAccessDenied() throws Exception {
        simulator.approveAs(null);

        HttpResponse<String> response = get(simulator.authorizationUrl("abc"), null);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .isEqualTo(REDIRECT_URI + "?error=access_denied&state=abc");
    }

    // ---- code exchange -----------------------------------------------------------------------

    @Test
    void codeExchangeAnswersTokensWithExpiresInAsAString() throws Exception {
        HttpResponse<String> response = exchange(authorize());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("token_type").asText()).isEqualTo("bearer");
        assertThat(body.get("expires_in").isTextual()).isTrue();
        assertThat(body.get("expires_in").asText()).isEqualTo("600");
        assertThat(body.get("access_token").asText()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(body.get("refresh_token").asText()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(simulator.activeGrants(USER)).isEqualTo(1);
    }

    @Test
    void aCodeWorksOnce() throws Exception {
        String code = authorize();
        assertThat(exchange(code).statusCode()).isEqualTo(200);

        HttpResponse<String> reused = exchange(code);

        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(reused.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeDecodedTwiceOrNotAtAllIsUnknown() throws Exception {
        String code = authorize();

        HttpResponse<String> response = exchange(URLEncoder.encode(code, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aCodeExpires() throws Exception {
        simulator.settings().codeLifetime(Duration.ofMillis(100));
        String code = authorize();
        Thread.sleep(200);

        HttpResponse<String> response = exchange(code);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void theRedirectUriMustMatchTheOneUsedAtAuthorize() throws Exception {
        HttpResponse<String> response = token(Map.of(
                "grant_type", "authorization_code",
                "code", authorize(),
                "redirect_uri", "http://localhost:8080/other",
                "client_id", simulator.settings().clientId(),
                "client_secret", simulator.settings().clientSecret()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void wrongClientCredentialsAreAnInvalidClient() throws Exception {
        HttpResponse<String> response = token(Map.of(
                "grant_type", "authorization_code",
                "code", authorize(),
                "redirect_uri", REDIRECT_URI,
                "client_id", simulator.settings().clientId(),
                "client_secret", "wrong"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_client\"}");
    }

    // ---- Me ----------------------------------------------------------------------------------

    @Test
    void meDescribesTheUserOfTheToken() throws Exception {
        Tokens tokens = login();

        HttpResponse<String> response = get(simulator.baseUrl() + ME, tokens.accessToken());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode me = json.readTree(response.body()).at("/d/results/0");
        assertThat(me.get("UserID").asText()).isEqualTo(user.userId().toString());
        assertThat(me.get("UserName").asText()).isEqualTo(USER);
        assertThat(me.get("FullName").asText()).isEqualTo("Basecone Sync");
        assertThat(me.get("Email").asText()).isEqualTo("sync@example.nl");
        assertThat(me.get("CurrentDivision").asInt()).isEqualTo(123456);
        assertThat(me.get("LanguageCode").asText()).isEqualTo("nl-NL");
        assertThat(me.get("Legislation").asText()).isEqualTo("NL");
        assertThat(me.at("/__metadata/uri").asText()).contains(user.userId().toString());
    }

    @Test
    void theRequestLogNamesEachCallsAgentPathQueryAndWhenItRan() throws Exception {
        Tokens tokens = login();
        long before = System.currentTimeMillis();
        http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + ME + "?$select=UserID"))
                .header("Authorization", "Bearer " + tokens.accessToken()).header("User-Agent", "Koppel/2").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        // the log's end is taken after the reply went out, so it may come a millisecond after the client has it
        String[] line = get(simulator.baseUrl() + "/control/requests", null).body().strip().split("\n");
        long after = System.currentTimeMillis();
        String[] call = line[line.length - 1].split("\t", -1);
        assertThat(call[2]).isEqualTo("Koppel/2");
        assertThat(call[3]).isEqualTo(ME);
        assertThat(call[4]).isEqualTo("$select=UserID");
        assertThat(Long.parseLong(call[0])).isBetween(before, after);
        assertThat(Long.parseLong(call[1])).isBetween(Long.parseLong(call[0]), after);
    }

    @Test
    void meWithoutOrWithAnUnknownTokenIsAPlain401() throws Exception {
        for (String token : new String[] {null, "not-a-token"}) {
            HttpResponse<String> response = get(simulator.baseUrl() + ME, token);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(response.body()).doesNotStartWith("{");
        }
    }

    @Test
    void anAccessTokenExpires() throws Exception {
        simulator.settings().accessTokenLifetime(Duration.ofMillis(300));
        Tokens tokens = login();
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(200);

        Thread.sleep(400);

        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(401);
    }

    // ---- refresh -----------------------------------------------------------------------------

    @Test
    void aRefreshBeforeTheMinimumIntervalIsRefused() throws Exception {
        Tokens tokens = login();

        HttpResponse<String> response = refresh(tokens.refreshToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("invalid_request");
        assertThat(json.readTree(response.body()).get("error_description").asText()).isEqualTo("access_token not expired");
    }

    @Test
    void aRefreshIsAllowedOnceTheAccessTokenHasExpired() throws Exception {
        Tokens tokens = login();
        simulator.expireAccessTokens(USER);

        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(401);
        assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void aRefreshRotatesAndTheOldRefreshTokenIsThenRefusedWith401() throws Exception {
        simulator.settings().minRefreshInterval(Duration.ZERO);
        Tokens first = login();

        HttpResponse<String> refreshed = refresh(first.refreshToken());
        assertThat(refreshed.statusCode()).isEqualTo(200);
        Tokens second = tokensOf(refreshed);
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(get(simulator.baseUrl() + ME, second.accessToken()).statusCode()).isEqualTo(200);

        HttpResponse<String> old = refresh(first.refreshToken());

        assertThat(old.statusCode()).isEqualTo(401);
        assertThat(old.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(old.body()).isEqualTo("Unauthorized Client: Old refresh token used.");
    }

    @Test
    void twoConcurrentRefreshesBreakTheChain() throws Exception {
        simulator.settings().minRefreshInterval(Duration.ZERO);
        Tokens tokens = login();

        CompletableFuture<HttpResponse<String>> first = refreshAsync(tokens.refreshToken());
        Thread.sleep(100); // well inside the 300 ms the first refresh takes server-side
        CompletableFuture<HttpResponse<String>> second = refreshAsync(tokens.refreshToken());

        HttpResponse<String> winner = first.get(5, TimeUnit.SECONDS);
        HttpResponse<String> loser = second.get(5, TimeUnit.SECONDS);
        assertThat(winner.statusCode()).isEqualTo(200);
        assertThat(loser.statusCode()).isEqualTo(400);
        assertThat(loser.body()).isEqualTo("{\"error\":\"invalid_grant\","
                + "\"error_description\":\"Token is not allowed, because of invalid or empty chainId\"}");
        Tokens fromBrokenChain = tokensOf(winner);
        assertThat(get(simulator.baseUrl() + ME, fromBrokenChain.accessToken()).statusCode()).isEqualTo(401);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(401);
        assertThat(refresh(fromBrokenChain.refreshToken()).statusCode()).isEqualTo(400);
        assertThat(simulator.activeGrants(USER)).isZero();
        assertThat(simulator.tokenCalls("refresh_token")).isEqualTo(3);
    }

    @Test
    void anExpiredRefreshTokenNamesTheMomentItExpired() throws Exception {
        Tokens tokens = login();
        simulator.settings().refreshTokenLifetime(Duration.ofMillis(200));
        Thread.sleep(300);

        HttpResponse<String> response = refresh(tokens.refreshToken());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("invalid_request");
        String description = body.get("error_description").asText();
        assertThat(description).startsWith("The refresh token expired at ");
        Instant expiredAt = Instant.parse(description.substring("The refresh token expired at ".length()));
        assertThat(expiredAt).isBefore(Instant.now());
    }

    @Test
    void expiringRefreshTokensThroughTheJavaApi() throws Exception {
        Tokens tokens = login();
        simulator.expireRefreshTokens(USER);

        HttpResponse<String> response = refresh(tokens.refreshToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("error_description").asText()).startsWith("The refresh token expired at ");
    }

    @Test
    void anUnknownRefreshTokenIsAnInvalidGrant() throws Exception {
        HttpResponse<String> response = refresh("stampNL001.unknown");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}");
    }

    @Test
    void revokingEndsEveryChainOfTheUser() throws Exception {
        Tokens first = login();
        Tokens second = login();
        assertThat(simulator.activeGrants(USER)).isEqualTo(2);

        simulator.revokeGrants(USER);

        assertThat(get(simulator.baseUrl() + ME, first.accessToken()).statusCode()).isEqualTo(401);
        assertThat(get(simulator.baseUrl() + ME, second.accessToken()).statusCode()).isEqualTo(401);
        HttpResponse<String> response = refresh(second.refreshToken());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"invalid_grant\",\"error_description\":\"The authorization grant has been revoked\"}");
        assertThat(get(simulator.baseUrl() + ME, login().accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void aDisabledUserCannotCallTheApiNorRefresh() throws Exception {
        simulator.settings().minRefreshInterval(Duration.ZERO);
        Tokens tokens = login();

        simulator.disableUser(USER);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(401);
        HttpResponse<String> refused = refresh(tokens.refreshToken());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_grant");

        simulator.enableUser(USER);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void overTheDailyTokenCallCapTheEndpointAnswers429() throws Exception {
        simulator.settings().tokenCallsPerDay(2);
        Tokens tokens = login(); // call 1

        assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(400); // call 2: too early
        assertThat(refresh(tokens.refreshToken()).statusCode()).isEqualTo(429);
    }

    // ---- faults, counters, secrets -----------------------------------------------------------

    @Test
    void injectedStatusFaultsAnswerTheNextCallsThenStop() throws Exception {
        Tokens tokens = login();
        simulator.faults().failNext("/api/v1/", 500, 2);

        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(500);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(500);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(200);
        assertThat(simulator.apiCalls(ME)).isEqualTo(3);
    }

    @Test
    void injectedGarbageIsA200WithoutJson() throws Exception {
        Tokens tokens = login();
        simulator.faults().garbageNext("/api/v1/", 1);

        HttpResponse<String> response = get(simulator.baseUrl() + ME, tokens.accessToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<html>");
    }

    @Test
    void injectedDelaysSlowTheAnswerDown() throws Exception {
        Tokens tokens = login();
        simulator.faults().delayNext("/api/v1/", Duration.ofMillis(500), 1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + ME))
                .header("Authorization", "Bearer " + tokens.accessToken())
                .timeout(Duration.ofMillis(200))
                .build();

        CompletableFuture<HttpResponse<String>> slow = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());

        assertThat(slow).failsWithin(Duration.ofSeconds(5));
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void countsTokenCallsByGrantTypeAndApiCallsByPath() throws Exception {
        Tokens tokens = login();
        refresh(tokens.refreshToken());
        get(simulator.baseUrl() + ME, tokens.accessToken());

        assertThat(simulator.tokenCalls("authorization_code")).isEqualTo(1);
        assertThat(simulator.tokenCalls("refresh_token")).isEqualTo(1);
        assertThat(simulator.apiCalls(ME)).isEqualTo(1);

        simulator.resetCounters();
        assertThat(simulator.tokenCalls("refresh_token")).isZero();
        assertThat(simulator.apiCalls(ME)).isZero();
    }

    @Test
    void everyIssuedSecretIsListed() throws Exception {
        String code = authorize();
        Tokens tokens = tokensOf(exchange(code));

        assertThat(simulator.issuedSecrets()).containsExactly(code, tokens.accessToken(), tokens.refreshToken());
        assertThat(simulator.issuedSecrets()).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThanOrEqualTo(32));
    }

    // ---- control API -------------------------------------------------------------------------

    @Test
    void theControlApiDrivesTheSameSimulator() throws Exception {
        HttpResponse<String> created = control("POST", "/control/users",
                "{\"userName\":\"CX_Other\",\"fullName\":\"Other\",\"email\":\"o@example.nl\",\"currentDivision\":42}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("userId").asText()).hasSize(36);
        assertThat(control("PUT", "/control/approving-user", "{\"userName\":\"CX_Other\"}").statusCode()).isEqualTo(204);
        assertThat(control("PUT", "/control/settings",
                "{\"accessTokenLifetimeSeconds\":1.5,\"minRefreshIntervalSeconds\":0,\"refreshLatencyMillis\":10}").statusCode())
                .isEqualTo(200);
        assertThat(simulator.settings().accessTokenLifetime()).isEqualTo(Duration.ofMillis(1500));

        Tokens tokens = login();
        JsonNode me = json.readTree(get(simulator.baseUrl() + ME, tokens.accessToken()).body()).at("/d/results/0");
        assertThat(me.get("UserName").asText()).isEqualTo("CX_Other");
        assertThat(me.get("CurrentDivision").asInt()).isEqualTo(42);

        assertThat(control("POST", "/control/users/CX_Other/revoke", null).statusCode()).isEqualTo(204);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(401);
        assertThat(control("POST", "/control/users/nobody/disable", null).statusCode()).isEqualTo(404);

        assertThat(control("POST", "/control/faults", "{\"pathPrefix\":\"/api/v1/\",\"status\":503,\"count\":1}").statusCode())
                .isEqualTo(201);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(503);
        control("POST", "/control/faults", "{\"pathPrefix\":\"/api/v1/\",\"status\":500}");
        assertThat(control("DELETE", "/control/faults", null).statusCode()).isEqualTo(204);
        assertThat(get(simulator.baseUrl() + ME, tokens.accessToken()).statusCode()).isEqualTo(401);

        JsonNode stats = json.readTree(control("GET", "/control/stats", null).body());
        assertThat(stats.at("/tokenCalls/authorization_code").asLong()).isEqualTo(1);
        assertThat(stats.at("/tokenCalls/refresh_token").asLong()).isZero();
        assertThat(stats.at("/apiCalls").get(ME).asLong()).isEqualTo(4);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Tokens login() throws Exception {
        HttpResponse<String> response = exchange(authorize());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return tokensOf(response);
    }

    /** Runs the authorize step and returns the code, decoded once as a client must. */
    private String authorize() throws Exception {
        HttpResponse<String> response = get(simulator.authorizationUrl("xyz"), null);
        assertThat(response.statusCode()).isEqualTo(302);
        String rawQuery = URI.create(response.headers().firstValue("Location").orElseThrow()).getRawQuery();
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring("code=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no code in " + rawQuery);
    }

    private String authorizeUrl(String clientId, String redirectUri, String responseType) {
        return simulator.baseUrl() + "/api/oauth2/auth?client_id=" + encode(clientId)
                + "&redirect_uri=" + encode(redirectUri) + "&response_type=" + responseType + "&state=s";
    }

    private HttpResponse<String> exchange(String code) throws Exception {
        return token(Map.of(
                "grant_type", "authorization_code",
                "code", code,
                "redirect_uri", REDIRECT_URI,
                "client_id", simulator.settings().clientId(),
                "client_secret", simulator.settings().clientSecret()));
    }

    private HttpResponse<String> refresh(String refreshToken) throws Exception {
        return http.send(refreshRequest(refreshToken), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> refreshAsync(String refreshToken) {
        return http.sendAsync(refreshRequest(refreshToken), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest refreshRequest(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", simulator.settings().clientId());
        form.put("client_secret", simulator.settings().clientSecret());
        return tokenRequest(form);
    }

    private HttpResponse<String> token(Map<String, String> form) throws Exception {
        return http.send(tokenRequest(form), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest tokenRequest(Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(encode(name) + "=" + encode(value)));
        return HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private Tokens tokensOf(HttpResponse<String> response) throws Exception {
        JsonNode body = json.readTree(response.body());
        return new Tokens(body.get("access_token").asText(), body.get("refresh_token").asText());
    }

    private HttpResponse<String> get(String url, String bearerToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> control(String method, String path, String jsonBody) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, jsonBody == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
