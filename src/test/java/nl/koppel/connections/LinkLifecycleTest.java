package nl.koppel.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.koppel.simulator.exactonline.AccountingUser;
import org.apache.camel.CamelContext;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The sync user's link from first add to relink, end to end through the REST API. */
class LinkLifecycleTest extends KoppelIntegrationTest {

    /** Every schedule that uses the link's token: the check, discovery and the master-data sync. */
    private static final List<String> SCHEDULES = List.of("link-check-tick", "discovery-tick", "master-data-tick");

    @Autowired
    private CamelContext camel;

    @AfterEach
    void restoreSimulator() throws Exception {
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
        startSchedules();
    }

    private void startSchedules() throws Exception {
        for (String route : SCHEDULES) {
            camel.getRouteController().startRoute(route);
        }
    }

    private void stopSchedules() throws Exception {
        for (String route : SCHEDULES) {
            camel.getRouteController().stopRoute(route);
        }
    }

    @Test
    void addLinkRefreshRevokeAndRelinkKeepOneConnection() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());

        JsonNode fresh = connection(office, connectionId, office.user()).json();
        assertThat(fresh.path("type").asText()).isEqualTo("exact-online");
        assertThat(fresh.path("status").asText()).isEqualTo("NOT_CONNECTED");
        assertThat(fresh.path("statusLabel").asText()).isEqualTo("niet verbonden");
        assertThat(fresh.path("statusReason").asText()).isEqualTo("NEVER_LINKED");
        assertThat(fresh.path("statusChangedAt").asText()).isNotBlank();
        assertThat(fresh.path("accountingSystemUser").isNull()).isTrue();
        assertThat(fresh.path("syncUser").path("id").asText()).isEqualTo(office.superUser().id().toString());
        assertThat(fresh.path("syncUser").path("role").asText()).isEqualTo("SUPERGEBRUIKER");
        assertThat(fresh.path("lastCheckedAt").isNull()).isTrue();

        // short-lived access tokens for this link only: 3 s, refresh allowed after 2 s (Exact: 600 s / 570 s)
        exact.settings().accessTokenLifetime(Duration.ofSeconds(3)).minRefreshInterval(Duration.ofSeconds(2));
        TestApi.Reply linked = link(office, connectionId, office.superUser());
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        restoreSimulator();

        JsonNode connected = connection(office, connectionId, office.user()).json();
        AccountingUser exactUser = exact.users().stream()
                .filter(u -> u.userName().equals(office.exactUserName())).findFirst().orElseThrow();
        assertThat(connected.path("id").asText()).isEqualTo(connectionId.toString());
        assertThat(connected.path("status").asText()).isEqualTo("CONNECTED");
        assertThat(connected.path("statusLabel").asText()).isEqualTo("login gelukt");
        assertThat(connected.path("statusReason").asText()).isEqualTo("LINKED");
        assertThat(connected.path("accountingSystemUser").path("username").asText()).isEqualTo(office.exactUserName());
        assertThat(connected.path("accountingSystemUser").path("externalId").asText()).isEqualTo(exactUser.userId().toString());
        // an English-speaking user reads the English label
        assertThat(connection(office, connectionId, office.accountant()).json().path("statusLabel").asText())
                .isEqualTo("Login success");

        assertTokensEncryptedAtRest(connectionId);

        // across expiry, ten concurrent callers cause exactly one refresh at Exact Online. The schedules are
        // stopped meanwhile: they would be more callers, and inside refresh-before-expiry they try a refresh
        // that Exact refuses as too early (counted by tokenCalls), or refresh before the expiry is seen here.
        stopSchedules();
        long refreshesBefore = exact.tokenCalls("refresh_token");
        await().atMost(Duration.ofSeconds(10)).until(() -> accessTokenExpiresAt(connectionId).isBefore(Instant.now()));
        List<TestApi.Reply> checks = concurrently(10, () -> api.post(office.path() + "/accounting-systems/"
                + connectionId + "/check", office.user().username(), PASSWORD, ""));
        startSchedules();
        assertThat(checks).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.json().path("result").asText()).isEqualTo("OK");
        });
        assertThat(exact.tokenCalls("refresh_token") - refreshesBefore).isEqualTo(1);
        assertThat(accessTokenExpiresAt(connectionId)).isAfter(Instant.now());
        assertThat(connection(office, connectionId, office.user()).json().path("lastCheckedAt").asText()).isNotBlank();

        // the grant is revoked in Exact Online: the scheduled check finds out
        exact.revokeGrants(office.exactUserName());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode revoked = connection(office, connectionId, office.user()).json();
            assertThat(revoked.path("status").asText()).isEqualTo("NOT_CONNECTED");
            assertThat(revoked.path("statusReason").asText()).isEqualTo("CREDENTIALS_REVOKED");
            assertThat(revoked.path("statusLabel").asText()).isEqualTo("niet verbonden");
        });
        assertThat(auditActions(connectionId)).contains("connection.disconnected");

        // the sync user links again: the same connection, never a second one
        TestApi.Reply relinked = link(office, connectionId, office.superUser());
        assertThat(relinked.status()).as(relinked.toString()).isEqualTo(200);
        assertThat(relinked.json().path("id").asText()).isEqualTo(connectionId.toString());
        assertThat(relinked.json().path("statusLabel").asText()).isEqualTo("login gelukt");
        JsonNode all = api.get(office.path() + "/accounting-systems", office.user().username(), PASSWORD).json();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("id").asText()).isEqualTo(connectionId.toString());
        assertThat(all.get(0).path("status").asText()).isEqualTo("CONNECTED");
        assertThat(auditActions(connectionId)).containsSubsequence("connection.added", "connection.linked",
                "connection.disconnected", "connection.linked");
    }

    private void assertTokensEncryptedAtRest(UUID connectionId) {
        byte[][] stored = jdbc.sql("SELECT access_token_enc, refresh_token_enc FROM credential WHERE connection_id = :id")
                .param("id", connectionId)
                .query((rs, n) -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}).single();
        for (byte[] column : stored) {
            String asText = new String(column, StandardCharsets.ISO_8859_1);
            assertThat(exact.issuedSecrets()).noneSatisfy(secret -> assertThat(asText).contains(secret));
        }
    }

    private Instant accessTokenExpiresAt(UUID connectionId) {
        return jdbc.sql("SELECT access_token_expires_at FROM credential WHERE connection_id = :id")
                .param("id", connectionId).query(java.sql.Timestamp.class).single().toInstant();
    }

    private List<String> auditActions(UUID connectionId) {
        return jdbc.sql("SELECT action FROM audit_event WHERE subject_id = :id ORDER BY id")
                .param("id", connectionId).query(String.class).list();
    }

    private static <T> List<T> concurrently(int callers, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(call);
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
