package nl.koppel.api;

import static nl.koppel.support.ApiErrors.assertApiError;
import static nl.koppel.support.ApiErrors.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.support.DatabaseSnapshot;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies, paths and content types the API cannot use: each has its specific 4xx in the error shape and changes
 * nothing. The callers are the office's super user, who may do everything the request asks for, so only the
 * request itself can be the reason for the refusal. One office (with its Exact Online) serves every test here.
 */
class BadRequestsTest extends KoppelIntegrationTest {

    private static TestOffice office;
    private static UUID connectionId;

    private DatabaseSnapshot db;

    @BeforeEach
    void officeWithExactOnline() {
        if (office == null) {
            office = provisionOffice();
            connectionId = addExactOnline(office, office.superUser());
        }
        db = DatabaseSnapshot.of(jdbc, office.id());
    }

    @AfterEach
    void nothingChanged() {
        db.assertUnchanged();
    }

    @Test
    void malformedJson() {
        for (String body : List.of("{\"type\": \"exact-online\", \"syncUserId\": ", "{type: exact-online}",
                "not json at all", "", "[\"exact-online\"]")) {
            assertApiError(postRaw(addPath(), body), 400, "malformed_json");
        }
        assertApiError(send("PUT", syncUserPath(), "application/json", "{\"userId\": \"" + office.accountant().id()),
                400, "malformed_json");
    }

    @Test
    void missingFieldsAreNamed() {
        JsonNode noSyncUser = assertApiError(post(addPath(), Map.of("type", "exact-online")), 400,
                "validation_failed");
        assertThat(noSyncUser.path("_metadata")).singleElement().satisfies(problem -> {
            assertThat(problem.path("field").asText()).isEqualTo("syncUserId");
            assertThat(problem.path("code").asText()).isEqualTo("required");
            assertThat(problem.path("message").asText()).isNotBlank();
        });
        JsonNode noType = assertApiError(post(addPath(), Map.of("syncUserId", office.superUser().id().toString())),
                400, "validation_failed");
        assertThat(fields(noType)).containsExactly("type");
        JsonNode blankType = assertApiError(post(addPath(),
                Map.of("type", " ", "syncUserId", office.superUser().id().toString())), 400, "validation_failed");
        assertThat(fields(blankType)).containsExactly("type");
        JsonNode nothing = assertApiError(postRaw(addPath(), "{}"), 400, "validation_failed");
        assertThat(fields(nothing)).containsExactlyInAnyOrder("type", "syncUserId");
        JsonNode noUser = assertApiError(send("PUT", syncUserPath(), "application/json", "{}"), 400,
                "validation_failed");
        assertThat(fields(noUser)).containsExactly("userId");
    }

    @Test
    void fieldsOfTheWrongTypeAreNamed() {
        for (String syncUserId : List.of("\"abc\"", "42", "{\"id\": 1}", "[]", "true")) {
            JsonNode refused = assertApiError(postRaw(addPath(),
                    "{\"type\": \"exact-online\", \"syncUserId\": " + syncUserId + "}"), 400, "validation_failed");
            assertThat(fields(refused)).as("syncUserId %s", syncUserId).containsExactly("syncUserId");
        }
        JsonNode refused = assertApiError(send("PUT", syncUserPath(), "application/json", "{\"userId\": \"abc\"}"),
                400, "validation_failed");
        assertThat(fields(refused)).containsExactly("userId");
    }

    @Test
    void anUnknownSystemType() {
        // Twinfield, Moneybird and SnelStart are known now; Yuki has no connector
        for (String type : List.of("yuki", "SNELSTART", "EXACT-ONLINE", "exact online", "unknown")) {
            JsonNode refused = assertApiError(post(addPath(),
                    Map.of("type", type, "syncUserId", office.superUser().id().toString())), 422,
                    "accounting_system_type_unknown");
            assertThat(fields(refused)).containsExactly("type");
            assertThat(refused.path("message").asText()).contains("exact-online, moneybird, snelstart, twinfield");
        }
    }

    @Test
    void anIdThatIsNoUuidNamesNothing() {
        String user = office.superUser().username();
        String systems = office.path() + "/accounting-systems";
        List<TestApi.Reply> replies = List.of(
                api.get("/api/v1/offices/not-a-uuid/accounting-systems", user, PASSWORD),
                api.post("/api/v1/offices/not-a-uuid/accounting-systems", user, PASSWORD,
                        Map.of("type", "exact-online", "syncUserId", office.accountant().id().toString())),
                api.get(systems + "/not-a-uuid", user, PASSWORD),
                api.get(systems + "/" + connectionId + "x", user, PASSWORD),
                api.put(systems + "/12345/sync-user", user, PASSWORD,
                        Map.of("userId", office.accountant().id().toString())),
                api.post(systems + "/not-a-uuid/link", user, PASSWORD, ""),
                api.post(systems + "/not-a-uuid/check", user, PASSWORD, ""));
        replies.forEach(reply -> assertApiError(reply, 404, "not_found"));
    }

    @Test
    void anUnsupportedContentType() {
        String add = "{\"type\": \"exact-online\", \"syncUserId\": \"" + office.accountant().id() + "\"}";
        assertApiError(send("POST", addPath(), "text/plain", add), 415, "unsupported_media_type");
        assertApiError(send("POST", addPath(), "application/x-www-form-urlencoded",
                "type=exact-online&syncUserId=" + office.accountant().id()), 415, "unsupported_media_type");
        assertApiError(send("PUT", syncUserPath(), "application/xml",
                "<userId>" + office.accountant().id() + "</userId>"), 415, "unsupported_media_type");
    }

    @Test
    void unknownPathsAndMethods() {
        String user = office.superUser().username();
        assertApiError(api.get("/api/v1/no-such-thing", user, PASSWORD), 404, "not_found");
        assertApiError(api.get(office.path() + "/accounting-systems/" + connectionId + "/nothing", user, PASSWORD),
                404, "not_found");
        assertApiError(send("DELETE", office.path() + "/accounting-systems/" + connectionId, null, null), 405,
                "method_not_allowed");
    }

    private String addPath() {
        return office.path() + "/accounting-systems";
    }

    private String syncUserPath() {
        return office.path() + "/accounting-systems/" + connectionId + "/sync-user";
    }

    private TestApi.Reply post(String path, Object body) {
        return api.post(path, office.superUser().username(), PASSWORD, body);
    }

    private TestApi.Reply postRaw(String path, String body) {
        return api.postRaw(path, office.superUser().username(), PASSWORD, body);
    }

    /** Any method, any content type (null: none), as the office's super user. */
    private TestApi.Reply send(String method, String path, String contentType, String body) {
        String credentials = Base64.getEncoder().encodeToString(
                (office.superUser().username() + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Basic " + credentials)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new TestApi.Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
