package nl.koppel.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.koppel.simulator.exactonline.FaultInjector;
import nl.koppel.support.DatabaseSnapshot;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a failed call as the linked user means for the status: a link that can no longer work becomes
 * {@code niet verbonden} with the right reason; trouble that passes leaves {@code login gelukt} alone.
 */
class RefreshFailuresTest extends KoppelIntegrationTest {

    private static final String ME = "/api/v1/current/Me";

    @AfterEach
    void restoreSimulator() {
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
        exact.faults().clear();
    }

    @Test
    void aRefreshTokenThatExpiredAtExactMeansRefreshTokenExpired() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        // a short-lived access token for this link only, so that Koppel soon needs the refresh token
        exact.settings().accessTokenLifetime(Duration.ofSeconds(2)).minRefreshInterval(Duration.ofSeconds(1));
        TestApi.Reply linked = link(office, connectionId, office.superUser());
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        restoreSimulator();
        exact.expireRefreshTokens(office.exactUserName());

        await().atMost(Duration.ofSeconds(10)).until(() -> accessTokenExpiresAt(connectionId).isBefore(Instant.now()));
        TestApi.Reply check = check(office, connectionId);
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("NOT_CONNECTED");
        assertNotConnected(office, connectionId, "REFRESH_TOKEN_EXPIRED");
    }

    @Test
    void exactAnsweringServerErrorsLeavesTheLinkAlone() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        // Every call to current/Me fails until cleared. Not failNext(ME, 500, 3): the scheduled check of every
        // other linked connection in this JVM also calls current/Me and could use up a counted fault first.
        exact.faults().failNext(ME, 500, FaultInjector.EVERY_CALL);
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());

        for (int attempt = 0; attempt < 3; attempt++) {
            TestApi.Reply check = check(office, connectionId);
            assertThat(check.status()).as(check.toString()).isEqualTo(200);
            assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("UNAVAILABLE");
            assertThat(check.json().path("message").asText()).contains("500");
            assertThat(check.json().path("accountingSystem").path("status").asText()).isEqualTo("CONNECTED");
            assertThat(check.json().path("accountingSystem").path("statusReason").asText()).isEqualTo("LINKED");
        }
        db.assertUnchanged();

        exact.faults().clear();
        TestApi.Reply recovered = check(office, connectionId);
        assertThat(recovered.json().path("result").asText()).as(recovered.toString()).isEqualTo("OK");
        assertThat(recovered.json().path("accountingSystem").path("lastCheckedAt").asText()).isNotBlank();
    }

    /**
     * A disabled Exact user's access token gets a bare 401 from current/Me, which {@code ExactOnlineReplies}
     * cannot tell from a revoked grant: CREDENTIALS_REVOKED. (USER_DISABLED comes only from the token endpoint,
     * when a refresh is refused with "disabled"; with a fresh access token no refresh happens.)
     */
    @Test
    void aDisabledExactUserMeansCredentialsRevoked() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        exact.disableUser(office.exactUserName());

        TestApi.Reply check = check(office, connectionId);
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("NOT_CONNECTED");
        assertNotConnected(office, connectionId, "CREDENTIALS_REVOKED");
    }

    private void assertNotConnected(TestOffice office, UUID connectionId, String reason) {
        JsonNode view = connection(office, connectionId, office.user()).json();
        assertThat(view.path("status").asText()).isEqualTo("NOT_CONNECTED");
        assertThat(view.path("statusLabel").asText()).isEqualTo("niet verbonden");
        assertThat(view.path("statusReason").asText()).isEqualTo(reason);
        // exactly one flip, by the system, with the reason, however many checks saw the failure
        List<String> disconnects = jdbc.sql("SELECT details->>'reason' FROM audit_event WHERE subject_id = :id"
                        + " AND action = 'connection.disconnected' AND actor = 'system'")
                .param("id", connectionId).query(String.class).list();
        assertThat(disconnects).containsExactly(reason);
        // once niet verbonden, a further check does not flip again and answers the same
        TestApi.Reply again = check(office, connectionId);
        assertThat(again.json().path("result").asText()).as(again.toString()).isEqualTo("NOT_CONNECTED");
        assertThat(connection(office, connectionId, office.user()).json().path("statusReason").asText())
                .isEqualTo(reason);
    }

    private TestApi.Reply check(TestOffice office, UUID connectionId) {
        return api.post(office.path() + "/accounting-systems/" + connectionId + "/check", office.user().username(),
                PASSWORD, "");
    }

    private Instant accessTokenExpiresAt(UUID connectionId) {
        return jdbc.sql("SELECT access_token_expires_at FROM credential WHERE connection_id = :id")
                .param("id", connectionId).query(Timestamp.class).single().toInstant();
    }
}
