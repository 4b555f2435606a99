package nl.koppel.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A token per call (issue 10, item 8), against the Exact Online simulator with short token lifetimes: a discovery
 * whose division pages outlive the token it started with completes and the link stays {@code login gelukt}; a
 * 401 on a token of an earlier link (the sync user linked again while a call was under way) never flips the new
 * link.
 */
class TokenPerCallTest extends KoppelIntegrationTest {

    private final List<UUID> offices = new ArrayList<>();

    @Autowired
    private CamelContext camel;

    @AfterEach
    void restoreSimulator() throws Exception {
        camel.getRouteController().resumeRoute("discovery-tick");
        exact.faults().clear();
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
        for (UUID office : offices) { // parked, so they do not keep calling the simulator during later tests
            jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED',"
                    + " status_reason = 'SYNC_USER_CHANGED', status_changed_at = now() WHERE office_id = :o")
                    .param("o", office).update();
        }
    }

    @Test
    void aDiscoveryOfManyPagesOutlivesItsFirstTokenAndCompletesLinked() {
        TestOffice office = provisionOffice();
        offices.add(office.id());
        int own = ownDivision(office);
        // 10 pages of divisions (60 a page), each answered after 200 ms: about 2 s, longer than a token lives
        int n = own - 100_000;
        for (int i = 0; i < 600; i++) {
            exact.putDivision(SimulatedDivision.of(5_000_000 + n * 1000 + i, "Administratie " + i));
            exact.grantDivision(office.exactUserName(), 5_000_000 + n * 1000 + i);
        }
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(api.patch(office.path() + "/accounting-systems/" + connectionId, office.superUser().username(),
                PASSWORD, Map.of("autoAddNewDossiers", false)).status()).isEqualTo(200);
        exact.settings().accessTokenLifetime(Duration.ofMillis(1500)).minRefreshInterval(Duration.ZERO);
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        exact.faults().delayNext("/api/v1/" + own + "/system/Divisions", Duration.ofMillis(200), -1);
        long refreshesBefore = exact.tokenCalls("refresh_token");

        TestApi.Reply connectable = api.get(office.path() + "/accounting-systems/" + connectionId
                + "/connectable-dossiers", office.superUser().username(), PASSWORD);

        assertThat(connectable.status()).as(connectable.toString()).isEqualTo(200);
        assertThat(connectable.json()).hasSize(601);
        assertThat(exact.tokenCalls("refresh_token")).as("tokens were renewed during the discovery")
                .isGreaterThan(refreshesBefore);
        assertThat(connection(office, connectionId, office.user()).json().path("statusLabel").asText())
                .isEqualTo("login gelukt");
        assertThat(notificationsOf(office)).isZero();
    }

    @Test
    void aRefusedTokenOfAnEarlierLinkNeverFlipsTheNewLink() throws Exception {
        TestOffice office = provisionOffice();
        offices.add(office.id());
        int own = ownDivision(office);
        UUID connectionId = addExactOnline(office, office.superUser());
        exact.settings().accessTokenLifetime(Duration.ofSeconds(30)).minRefreshInterval(Duration.ZERO);
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT last_discovery_at IS NOT NULL FROM accounting_system_connection WHERE id = :id")
                .param("id", connectionId).query(Boolean.class).single());
        long generationBefore = generation(connectionId);
        // the scheduled discovery would take the delayed call below: only this test's call lists divisions now
        camel.getRouteController().suspendRoute("discovery-tick");

        // a discovery's Divisions call is under way with the first link's token ...
        exact.faults().delayNext("/api/v1/" + own + "/system/Divisions", Duration.ofMillis(1500), 1);
        long divisionCalls = exact.apiCalls("/api/v1/" + own + "/system/Divisions");
        CompletableFuture<TestApi.Reply> discovery = CompletableFuture.supplyAsync(() -> api.get(office.path()
                + "/accounting-systems/" + connectionId + "/connectable-dossiers", office.superUser().username(),
                PASSWORD));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                exact.apiCalls("/api/v1/" + own + "/system/Divisions") > divisionCalls);
        // ... the sync user links again, and the first link's tokens die at Exact
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        assertThat(generation(connectionId)).isGreaterThan(generationBefore);
        exact.expireAccessTokens(office.exactUserName());

        TestApi.Reply late = discovery.get();
        assertThat(late.status()).as(late.toString()).isEqualTo(502);
        assertThat(late.code()).isEqualTo("accounting_system_unavailable");
        assertThat(connection(office, connectionId, office.user()).json().path("statusLabel").asText())
                .isEqualTo("login gelukt");
        // the next discovery works with the new link's token (refreshed after Exact expired it)
        TestApi.Reply next = api.get(office.path() + "/accounting-systems/" + connectionId + "/connectable-dossiers",
                office.superUser().username(), PASSWORD);
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(connection(office, connectionId, office.user()).json().path("status").asText())
                .isEqualTo("CONNECTED");
        assertThat(notificationsOf(office)).isZero();
    }

    private long generation(UUID connectionId) {
        return jdbc.sql("SELECT link_generation FROM credential WHERE connection_id = :id").param("id", connectionId)
                .query(Long.class).single();
    }

    private long notificationsOf(TestOffice office) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE office_id = :o").param("o", office.id())
                .query(Long.class).single();
    }
}
