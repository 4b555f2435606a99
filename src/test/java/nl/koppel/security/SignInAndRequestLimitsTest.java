package nl.koppel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.KoppelIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * HTTP Basic over real HTTP: repeated failures of a user name are answered 429 with Retry-After (even with the
 * right password) until the block ends (2 s in the test profile); a successful check is remembered briefly (a
 * password changed in the database takes effect when that ends); bodies over the limit get 413, an Accept header
 * Koppel cannot serve gets 406 — all in the API's error form, and no ERROR in the log.
 */
class SignInAndRequestLimitsTest extends KoppelIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    PasswordEncoder passwords;

    @Test
    void repeatedFailuresOfAUserNameAreAnswered429UntilTheBlockEnds() throws Exception {
        TestOffice office = provisionOffice();
        String user = office.user().username();
        String me = "/api/v1/me";
        for (int i = 0; i < 5; i++) {
            assertThat(get(me, user, "wrong-" + i, "application/json").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = get(me, user, PASSWORD, "application/json");
        assertThat(throttled.statusCode()).as("blocked, even with the right password").isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        assertThat(JSON.readTree(throttled.body()).path("code").asText()).isEqualTo("too_many_failed_sign_ins");
        // another user from the same address is not affected
        assertThat(get(me, office.superUser().username(), PASSWORD, "application/json").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(me, user, PASSWORD, "application/json").statusCode() == 200);
        assertThat(get(me, user, "wrong-again", "application/json").statusCode()).as("counted afresh")
                .isEqualTo(401);
    }

    @Test
    void aCheckedPasswordIsRememberedBrieflyAndAChangeTakesEffectAfterThat() throws Exception {
        TestOffice office = provisionOffice();
        String user = office.user().username();
        assertThat(get("/api/v1/me", user, PASSWORD, "application/json").statusCode()).isEqualTo(200);
        jdbc.sql("UPDATE app_user SET password_hash = :hash WHERE username = :user")
                .param("hash", passwords.encode("a-new-password")).param("user", user).update();
        // remembered: the old password still passes without bcrypt (and without a database lookup)
        assertThat(get("/api/v1/me", user, PASSWORD, "application/json").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/me", user, "not-it", "application/json").statusCode()).isEqualTo(401);
        // after remember-success-for (2 s in the test profile) the change counts
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> get("/api/v1/me", user, PASSWORD, "application/json").statusCode() == 401);
        assertThat(get("/api/v1/me", user, "a-new-password", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsAnswered413() throws Exception {
        TestOffice office = provisionOffice();
        byte[] big = ("{\"url\":\"https://hooks.example.com/" + "a".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        URI hooks = URI.create("http://localhost:" + port + office.path() + "/webhooks");
        HttpResponse<String> declared = http.send(HttpRequest.newBuilder(hooks)
                .header("Authorization", basic(office.superUser().username(), PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).path("code").asText()).isEqualTo("request_too_large");

        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(hooks)
                .header("Authorization", basic(office.superUser().username(), PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("no declared length").isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).path("code").asText()).isEqualTo("request_too_large");
        assertThat(jdbc.sql("SELECT count(*) FROM webhook WHERE office_id = :o").param("o", office.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void anAcceptHeaderKoppelCannotServeIsAnswered406WithoutAnError() throws Exception {
        TestOffice office = provisionOffice();
        try (CapturedLog log = CapturedLog.attach()) {
            HttpResponse<String> prometheus = get("/actuator/prometheus", "monitor-test", "demo", "application/json");
            assertThat(prometheus.statusCode()).as(prometheus.body()).isEqualTo(406);
            JsonNode error = JSON.readTree(prometheus.body());
            assertThat(error.path("code").asText()).isEqualTo("not_acceptable");

            HttpResponse<String> xml = get("/api/v1/me", office.superUser().username(), PASSWORD, "application/xml");
            assertThat(xml.statusCode()).as(xml.body()).isEqualTo(406);
            assertThat(JSON.readTree(xml.body()).path("code").asText()).isEqualTo("not_acceptable");

            assertThat(log.text()).doesNotContain("Unexpected failure").doesNotContain("HttpMediaTypeNotAcceptable");
        }
        // what it can serve still works
        assertThat(get("/actuator/prometheus", "monitor-test", "demo", "text/plain").statusCode()).isEqualTo(200);
    }

    @Test
    void repeatedFailuresOnTheSignInFormAreRefusedBeforeThePasswordIsChecked() throws Exception {
        TestOffice office = provisionOffice();
        String user = office.user().username();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        for (int i = 0; i < 5; i++) {
            assertThat(signInOnTheForm(browser, user, "wrong-" + i).headers().firstValue("Location").orElse(""))
                    .contains("/login?error");
        }
        HttpResponse<String> blocked = signInOnTheForm(browser, user, PASSWORD);
        assertThat(blocked.headers().firstValue("Location").orElse("")).as("blocked, even with the right password")
                .contains("/login?geblokkeerd=");
        assertThat(get("/api/v1/me", user, PASSWORD, "application/json").statusCode())
                .as("the same user name is blocked on the API too").isEqualTo(429);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> !signInOnTheForm(browser, user, PASSWORD).headers().firstValue("Location").orElse("")
                        .contains("/login?"));
    }

    /** The form as a browser posts it: the CSRF token from the page, the session cookie kept. */
    private HttpResponse<String> signInOnTheForm(HttpClient browser, String user, String password) throws Exception {
        String page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(token.find()).as("the form carries a CSRF token").isTrue();
        String form = "username=" + java.net.URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        return browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String user, String password, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic(user, password)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
