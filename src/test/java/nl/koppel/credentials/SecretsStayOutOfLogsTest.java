package nl.koppel.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A full link-and-refresh run, with failures on the way, captured from every logger (Koppel's and Camel's
 * at DEBUG): none of the
 * simulator's codes and tokens, nor the client secret, the encryption key or a password, may appear in the
 * log or in any API reply.
 */
class SecretsStayOutOfLogsTest extends KoppelIntegrationTest {

    @Value("${koppel.credentials.encryption-key}")
    String encryptionKey;

    /** The test drives every call itself: a scheduled refresh in between would race its expiries. */
    private static final List<String> SCHEDULES = List.of("link-check-tick", "discovery-tick", "master-data-tick");

    @Autowired
    CamelContext camel;

    @BeforeEach
    void stopSchedules() throws Exception {
        for (String route : SCHEDULES) {
            camel.getRouteController().stopRoute(route);
        }
    }

    @AfterEach
    void restoreSimulator() throws Exception {
        for (String route : SCHEDULES) {
            camel.getRouteController().startRoute(route);
        }
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
        exact.faults().clear();
    }

    @Test
    void noSecretReachesTheLogOrTheApi() {
        List<String> replies = new ArrayList<>();
        try (CapturedLog log = CapturedLog.attach("nl.koppel", "org.apache.camel")) {
            TestOffice office = provisionOffice();
            UUID connectionId = addExactOnline(office, office.superUser());
            String check = office.path() + "/accounting-systems/" + connectionId + "/check";

            exact.settings().accessTokenLifetime(Duration.ofSeconds(2)).minRefreshInterval(Duration.ofSeconds(1));
            TestApi.Reply linked = link(office, connectionId, office.superUser());
            replies.add(linked.body());
            assertThat(linked.status()).as(linked.toString()).isEqualTo(200);

            // refreshes across expiry, with Exact's garbage and 500 replies on the way
            await().pollDelay(Duration.ofMillis(2100)).atMost(Duration.ofSeconds(5)).until(() -> true);
            exact.faults().garbageNext("/api/v1/current/Me", 1);
            replies.add(api.post(check, office.user().username(), PASSWORD, "").body());
            exact.faults().failNext("/api/v1/current/Me", 500, 1);
            replies.add(api.post(check, office.user().username(), PASSWORD, "").body());
            TestApi.Reply ok = api.post(check, office.user().username(), PASSWORD, "");
            replies.add(ok.body());
            assertThat(ok.json().path("result").asText()).isEqualTo("OK");

            // a reused code, then the refresh chain broken by an expired refresh token
            var redirect = authorizeAtExact(office, connectionId, office.superUser());
            replies.add(callback(redirect.get("code"), redirect.get("state")).body());
            var again = authorizeAtExact(office, connectionId, office.superUser());
            replies.add(callback(redirect.get("code"), again.get("state")).body());
            await().pollDelay(Duration.ofMillis(2100)).atMost(Duration.ofSeconds(5)).until(() -> true);
            exact.expireRefreshTokens(office.exactUserName());
            replies.add(api.post(check, office.user().username(), PASSWORD, "").body());
            await().atMost(Duration.ofSeconds(5)).until(() -> connection(office, connectionId, office.user())
                    .json().path("status").asText().equals("NOT_CONNECTED"));
            replies.add(connection(office, connectionId, office.user()).body());

            List<String> secrets = new ArrayList<>(exact.issuedSecrets());
            assertThat(secrets).as("the run handed out codes and tokens").hasSizeGreaterThan(5);
            secrets.add(TestSimulators.CLIENT_SECRET);
            secrets.add(encryptionKey);
            secrets.add(PASSWORD);

            String logText = log.text();
            assertThat(logText).as("captured log").contains("Refreshed the access token");
            for (String secret : secrets) {
                assertThat(logText).as("the log").doesNotContain(secret);
                assertThat(replies).as("API replies").noneMatch(body -> body != null && body.contains(secret));
            }
        }
    }
}
