package nl.koppel.simulator.moneybird;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.koppel.simulator.common.SimHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Moneybird simulator answers as the reference says Moneybird does. */
class MoneybirdSimulatorTest {

    private static final String REDIRECT = "http://localhost/callback";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MoneybirdSimulator moneybird;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        moneybird = MoneybirdSimulator.start(new MoneybirdSimulator.Settings("app", "secret", REDIRECT));
    }

    @AfterAll
    static void stop() {
        moneybird.close();
    }

    @Test
    void oauthCodesWorkOnceTokensNeverExpireByDefaultAndRefreshTokensRotate() throws Exception {
        moneybird.addUser("Anne", "anne@oauth.example");
        JsonNode tokens = login("anne@oauth.example");
        assertThat(tokens.has("expires_in")).as("Moneybird's tokens do not expire").isFalse();
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        // no Moneybird source documents a token-info endpoint: the simulator has none
        assertThat(get("/oauth/token/info", tokens.path("access_token").asText()).statusCode()).isEqualTo(404);

        String refresh = tokens.path("refresh_token").asText();
        HttpResponse<String> refreshed = post("/oauth/token", "grant_type=refresh_token&client_id=app"
                + "&client_secret=secret&refresh_token=" + refresh, null, "application/x-www-form-urlencoded");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        HttpResponse<String> again = post("/oauth/token", "grant_type=refresh_token&client_id=app"
                + "&client_secret=secret&refresh_token=" + refresh, null, "application/x-www-form-urlencoded");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).path("error").asText()).isEqualTo("invalid_grant");

        moneybird.accessTokenLifetime(Duration.ofHours(1));
        assertThat(login("anne@oauth.example").path("expires_in").asLong()).isEqualTo(3600);
        moneybird.accessTokenLifetime(null);
    }

    @Test
    void accessIsPerAdministrationAndBadTokensGetDoorkeepersAnswers() throws Exception {
        moneybird.addUser("Bob", "bob@access.example");
        List<String> administrations = moneybird.generate(1, "bob@access.example", 2, 3);
        String token = login("bob@access.example").path("access_token").asText();
        assertThat(json(get("/api/v2/administrations.json", token)).findValuesAsText("id"))
                .containsExactlyElementsOf(administrations);
        moneybird.revoke("bob@access.example", administrations.get(1));
        assertThat(get("/api/v2/" + administrations.get(1) + "/contacts/synchronization.json", token).statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v2/123/contacts/synchronization.json", token).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/api/v2/administrations.json", "nonsense");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid");
        moneybird.expireAccessTokens("bob@access.example");
        assertThat(get("/api/v2/administrations.json", token).headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("expired");
        String fresh = login("bob@access.example").path("access_token").asText();
        moneybird.revokeGrants("bob@access.example");
        assertThat(get("/api/v2/administrations.json", fresh).headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("revoked");
    }

    @Test
    void theSynchronizationApiListsVersionsAndFetchesAtMost100Ids() throws Exception {
        moneybird.addUser("Cas", "cas@sync.example");
        String administration = moneybird.generate(2, "cas@sync.example", 1, 120).get(0);
        String token = login("cas@sync.example").path("access_token").asText();
        String path = "/api/v2/" + administration + "/contacts/synchronization.json";
        JsonNode listed = json(get(path, token));
        assertThat(listed).hasSize(120);
        String id = listed.get(0).path("id").asText();
        long version = listed.get(0).path("version").asLong();
        moneybird.update(administration, MoneybirdKind.CONTACTS, id, Map.of("city", "Zwolle"));
        assertThat(json(get(path, token)).get(0).path("version").asLong()).isGreaterThan(version);

        StringBuilder ids = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(listed.get(i).path("id").asText()).append('"');
        }
        assertThat(post(path, "{\"ids\":" + ids + "]}", token, "application/json").statusCode()).isEqualTo(400);
        JsonNode fetched = json(post(path, "{\"ids\":[\"" + id + "\",\"1\"]}", token, "application/json"));
        assertThat(fetched).hasSize(1);
        assertThat(fetched.get(0).path("city").asText()).isEqualTo("Zwolle");
        assertThat(fetched.get(0).path("administration_id").asText()).isEqualTo(administration);
    }

    @Test
    void ledgerAccountsComeAtOnceTaxRatesArePagedWithALinkHeader() throws Exception {
        moneybird.addUser("Dirk", "dirk@paging.example");
        String administration = moneybird.generate(3, "dirk@paging.example", 1, 1).get(0);
        String token = login("dirk@paging.example").path("access_token").asText();
        HttpResponse<String> ledger = get("/api/v2/" + administration + "/ledger_accounts.json", token);
        assertThat(json(ledger)).hasSize(24);
        assertThat(ledger.headers().firstValue("Link")).isEmpty();
        HttpResponse<String> first = get("/api/v2/" + administration + "/tax_rates.json?per_page=4&page=1", token);
        assertThat(json(first)).hasSize(4);
        String next = first.headers().firstValue("Link").orElseThrow();
        assertThat(next).contains("rel=\"next\"").contains("page=2");
        String url = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json(second)).hasSize(2);
        assertThat(second.headers().firstValue("Link").orElse("")).doesNotContain("next");
    }

    @Test
    void theUsersListHidesAccountantsUnlessAskedFor() throws Exception {
        moneybird.addUser("Fenna Boekhouder", "fenna@accountant.example");
        String administration = moneybird.generate(5, "fenna@accountant.example", 1, 1).get(0);
        String token = login("fenna@accountant.example").path("access_token").asText();
        JsonNode plain = json(get("/api/v2/" + administration + "/users.json", token));
        assertThat(plain.findValuesAsText("user_type")).containsExactly("owner");
        JsonNode all = json(get("/api/v2/" + administration + "/users.json?include_accountants=true", token));
        assertThat(all.findValuesAsText("email")).contains("fenna@accountant.example");
        assertThat(all.findValuesAsText("user_type")).containsExactlyInAnyOrder("owner", "accountant");
    }

    @Test
    void theLimitIsOneBudgetPerUserOverAllAdministrations() throws Exception {
        moneybird.addUser("Gijs", "gijs@budget.example");
        List<String> administrations = moneybird.generate(6, "gijs@budget.example", 2, 1);
        String token = login("gijs@budget.example").path("access_token").asText();
        moneybird.rateLimit(2, Duration.ofSeconds(30));
        try {
            assertThat(get("/api/v2/" + administrations.get(0) + "/ledger_accounts.json", token).statusCode())
                    .isEqualTo(200);
            assertThat(get("/api/v2/" + administrations.get(1) + "/ledger_accounts.json", token).statusCode())
                    .isEqualTo(200);
            assertThat(get("/api/v2/" + administrations.get(1) + "/tax_rates.json", token).statusCode())
                    .as("the other administration's calls spent the same budget").isEqualTo(429);
        } finally {
            moneybird.rateLimit(150, Duration.ofMinutes(5));
        }
    }

    @Test
    void overTheLimitMoneybirdAnswers429WithRetryAfter() throws Exception {
        moneybird.addUser("Eva", "eva@limit.example");
        moneybird.generate(4, "eva@limit.example", 1, 1);
        String token = login("eva@limit.example").path("access_token").asText();
        moneybird.rateLimit(3, Duration.ofSeconds(30));
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> ok = get("/api/v2/administrations.json", token);
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().map().keySet()).as("no rate-limit headers are documented")
                        .noneMatch(h -> h.toLowerCase().startsWith("ratelimit") || h.toLowerCase().startsWith("x-ratelimit"));
            }
            HttpResponse<String> limited = get("/api/v2/administrations.json", token);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 30L);
        } finally {
            moneybird.rateLimit(150, Duration.ofMinutes(5));
        }
    }

    private JsonNode login(String email) throws Exception {
        moneybird.approveAs(email);
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(moneybird.baseUrl()
                + "/oauth/authorize?client_id=app&response_type=code&scope=settings&state=s&redirect_uri="
                + SimHttp.encode(REDIRECT))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).isEqualTo(302);
        String location = authorize.headers().firstValue("Location").orElseThrow();
        String code = SimHttp.decodeForm(URI.create(location).getRawQuery()).get("code");
        String form = "grant_type=authorization_code&client_id=app&client_secret=secret&code=" + SimHttp.encode(code)
                + "&redirect_uri=" + SimHttp.encode(REDIRECT);
        HttpResponse<String> token = post("/oauth/token", form, null, "application/x-www-form-urlencoded");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(post("/oauth/token", form, null, "application/x-www-form-urlencoded").statusCode())
                .as("a code works once").isEqualTo(400);
        return json(token);
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(moneybird.baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token, String type)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(moneybird.baseUrl() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
