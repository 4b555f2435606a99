package nl.koppel.simulator.snelstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SnelStart simulator answers as the reference says SnelStart does (and as its Javadoc says where it is silent). */
class SnelStartSimulatorTest {

    private static final String SUBSCRIPTION = "sub-key-for-the-simulator-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SnelStartSimulator snelstart;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        snelstart = SnelStartSimulator.start(SUBSCRIPTION);
    }

    @AfterAll
    static void stop() {
        snelstart.close();
    }

    @Test
    void aKeyIsExchangedForAnHourLongTokenByClientkeyOrAsUserAndPassword() throws Exception {
        var administration = snelstart.addAdministration("Bakkerij Jansen", "12345678", "NL001234567B01");
        String key = snelstart.createKey(administration.id());

        HttpResponse<String> reply = token("grant_type=clientkey&clientkey=" + encode(key));
        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode token = JSON.readTree(reply.body());
        assertThat(token.path("token_type").asText()).isEqualTo("bearer");
        assertThat(token.path("expires_in").asLong()).isEqualTo(3599);
        assertThat(token.has("refresh_token")).as("no refresh token: the key is exchanged again").isFalse();

        String[] userAndPassword = new String(Base64.getDecoder().decode(key), StandardCharsets.UTF_8).split(":", 2);
        HttpResponse<String> byPassword = token("grant_type=password&username=" + encode(userAndPassword[0])
                + "&password=" + encode(userAndPassword[1]));
        assertThat(byPassword.statusCode()).isEqualTo(200);

        JsonNode info = JSON.readTree(get("/v2/companyInfo", token.path("access_token").asText()).body());
        assertThat(info.path("administratieIdentifier").asText()).isEqualTo(administration.id());
        assertThat(info.path("administratieNaam").asText()).isEqualTo("Bakkerij Jansen");
        assertThat(info.path("kvkNummer").asText()).isEqualTo("12345678");
        assertThat(get("/v2/echo/hallo", token.path("access_token").asText()).body()).isEqualTo("\"hallo\"");

        assertThat(token("grant_type=authorization_code&code=x").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = token("grant_type=clientkey&clientkey=" + encode("bm90OmEta2V5"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aRevokedKeyIsRefusedAndItsTokensAnswer401WhileOtherAdministrationsGoOn() throws Exception {
        var first = snelstart.addAdministration("Eerste");
        var second = snelstart.addAdministration("Tweede");
        String firstKey = snelstart.createKey(first.id());
        String firstToken = accessToken(firstKey);
        String secondToken = accessToken(snelstart.createKey(second.id()));

        snelstart.revokeKey(firstKey);
        HttpResponse<String> refused = token("grant_type=clientkey&clientkey=" + encode(firstKey));
        assertThat(refused.statusCode()).isEqualTo(400);
        HttpResponse<String> denied = get("/v2/companyInfo", firstToken);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).contains("Authorization has been denied");
        assertThat(get("/v2/companyInfo", secondToken).statusCode()).isEqualTo(200);

        String newKey = snelstart.regenerateKey(first.id());
        assertThat(get("/v2/companyInfo", accessToken(newKey)).statusCode()).isEqualTo(200);
        snelstart.expireTokens(second.id());
        assertThat(get("/v2/companyInfo", secondToken).statusCode()).isEqualTo(401);
    }

    @Test
    void everyApiCallNeedsTheSubscriptionKeyAndTheScopeOfItsOperation() throws Exception {
        var administration = snelstart.addAdministration("Scopes");
        String key = snelstart.createKey(administration.id());
        String token = accessToken(key);

        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/v2/companyInfo"))
                .header("Authorization", "Bearer " + token).GET().build());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).contains("missing subscription key");
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri("/v2/companyInfo"))
                .header("Authorization", "Bearer " + token).header("Ocp-Apim-Subscription-Key", "other").GET()
                .build());
        assertThat(JSON.readTree(wrong.body()).path("message").asText()).contains("invalid subscription key");

        snelstart.scopes(key, Set.of("settings:read"));
        assertThat(get("/v2/relaties", token).statusCode()).isEqualTo(403);
        assertThat(get("/v2/dagboeken", token).statusCode()).isEqualTo(403);
        assertThat(get("/v2/kostenplaatsen", token).statusCode()).isEqualTo(200);
        assertThat(get("/v2/btwtarieven", token).statusCode()).isEqualTo(200);
    }

    @Test
    void odataResourcesPageWithTopAndSkipAndFilterOnModifiedOnOthersAnswerEverything() throws Exception {
        var administration = snelstart.addAdministration("Paging");
        snelstart.generate(administration.id(), 7, 23, 10);
        String token = accessToken(snelstart.createKey(administration.id()));

        List<String> ids = new ArrayList<>();
        for (int skip = 0; ; skip += 10) {
            JsonNode page = JSON.readTree(get("/v2/relaties?$top=10&$skip=" + skip, token).body());
            assertThat(page.isArray()).as("a bare JSON array").isTrue();
            page.forEach(r -> ids.add(r.path("id").asText()));
            if (page.size() < 10) {
                break;
            }
        }
        assertThat(ids).hasSize(23).doesNotHaveDuplicates();
        assertThat(JSON.readTree(get("/v2/relaties", token).body())).hasSize(23);

        HttpResponse<String> tooMany = get("/v2/relaties?$top=501", token);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get(0).path("errorCode").asText()).isEqualTo("ALG-0104");

        var records = snelstart.records(administration.id(), SnelStartResource.RELATIES);
        String lastModified = records.get(records.size() - 1).path("modifiedOn").asText();
        assertThat(JSON.readTree(get("/v2/relaties?$filter=" + encode("ModifiedOn gt datetime'" + lastModified
                + "'"), token).body())).isEmpty();
        String changed = records.get(3).path("id").asText();
        snelstart.update(administration.id(), SnelStartResource.RELATIES, changed, Map.of("naam", "Nieuwe naam"));
        JsonNode since = JSON.readTree(get("/v2/relaties?$filter=" + encode("ModifiedOn gt datetime'" + lastModified
                + "'"), token).body());
        assertThat(since).hasSize(1);
        assertThat(since.get(0).path("naam").asText()).isEqualTo("Nieuwe naam");

        HttpResponse<String> lowerCase = get("/v2/relaties?$filter=" + encode("modifiedOn gt datetime'"
                + lastModified + "'"), token);
        assertThat(lowerCase.statusCode()).as("property names are case-sensitive").isEqualTo(400);
        assertThat(lowerCase.body()).contains("ALG-0104");

        assertThat(JSON.readTree(get("/v2/dagboeken?$top=1&$filter=" + encode("x eq 1"), token).body()))
                .as("dagboeken: no OData, the query is ignored").hasSize(5);
        assertThat(JSON.readTree(get("/v2/btwtarieven", token).body())).hasSize(5);
        snelstart.delete(administration.id(), SnelStartResource.RELATIES, changed);
        assertThat(JSON.readTree(get("/v2/relaties", token).body())).hasSize(22);
    }

    @Test
    void faultsAnswerFirstAnd429ComesAsApiManagementSendsIt() throws Exception {
        var administration = snelstart.addAdministration("Limiet");
        String token = accessToken(snelstart.createKey(administration.id()));
        int before = snelstart.calls("/v2/grootboeken");

        snelstart.tooManyRequestsNext("/v2/grootboeken", 1, 7);
        HttpResponse<String> limited = get("/v2/grootboeken", token);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(JSON.readTree(limited.body()).path("message").asText())
                .isEqualTo("Rate limit is exceeded. Try again in 7 seconds.");
        assertThat(get("/v2/grootboeken", token).statusCode()).isEqualTo(200);

        snelstart.faults().garbageNext("/v2/grootboeken", 1);
        assertThat(get("/v2/grootboeken", token).body()).startsWith("<html>");
        assertThat(snelstart.calls("/v2/grootboeken") - before).isEqualTo(3);
        assertThat(snelstart.issuedSecrets()).contains(SUBSCRIPTION, token);
    }

    private String accessToken(String key) throws Exception {
        HttpResponse<String> reply = token("grant_type=clientkey&clientkey=" + encode(key));
        assertThat(reply.statusCode()).isEqualTo(200);
        return JSON.readTree(reply.body()).path("access_token").asText();
    }

    private HttpResponse<String> token(String form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(snelstart.authUrl() + "/b2b/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Ocp-Apim-Subscription-Key", SUBSCRIPTION).GET().build());
    }

    private URI uri(String path) {
        return URI.create(snelstart.baseUrl() + path.replace("$", "%24"));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
