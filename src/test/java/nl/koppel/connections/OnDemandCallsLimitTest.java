package nl.koppel.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import nl.koppel.ops.SyncPauses;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Check now" and "connectable dossiers" (issue 10, item 6): concurrent callers of one connection cost the
 * accounting system one call (counted in the simulator's request log), and a caller that finds the credential row
 * locked by a refresh gets a clear TRANSIENT answer within the lock timeout, never a broken link.
 */
class OnDemandCallsLimitTest extends KoppelIntegrationTest {

    private static final String ME = "/api/v1/current/Me";
    private static final List<String> SCHEDULES = List.of("link-check-tick", "discovery-tick");

    @Autowired
    private CamelContext camel;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private SyncPauses pauses;

    private final List<UUID> offices = new ArrayList<>();

    /** The schedules also call current/Me and Divisions: paused, so the simulator counts only these callers. */
    @BeforeEach
    void pauseSchedules() throws Exception {
        for (String route : SCHEDULES) {
            camel.getRouteController().suspendRoute(route);
        }
    }

    @AfterEach
    void resume() throws Exception {
        exact.faults().clear();
        for (String route : SCHEDULES) {
            camel.getRouteController().resumeRoute(route);
        }
        for (UUID office : offices) {
            jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED',"
                    + " status_reason = 'SYNC_USER_CHANGED', status_changed_at = now() WHERE office_id = :o")
                    .param("o", office).update();
        }
    }

    @Test
    void twentyConcurrentChecksMakeOneCallAtTheAccountingSystem() throws Exception {
        TestOffice office = linkedOffice();
        UUID connectionId = connectionOf(office);
        exact.faults().delayNext(ME, Duration.ofMillis(1500), 1); // the one call takes a while: all others arrive
        long before = exact.apiCalls(ME);

        List<TestApi.Reply> replies = concurrently(20, () -> api.post(office.path() + "/accounting-systems/"
                + connectionId + "/check", office.user().username(), PASSWORD, ""));

        assertThat(replies).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.json().path("result").asText()).isEqualTo("OK");
        });
        assertThat(exact.apiCalls(ME) - before).isEqualTo(1);
    }

    @Test
    void concurrentConnectableDossierCallsShareOneDiscovery() throws Exception {
        TestOffice office = linkedOffice();
        UUID connectionId = connectionOf(office);
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        String divisions = "/api/v1/" + own + "/system/Divisions";
        exact.faults().delayNext(divisions, Duration.ofMillis(1500), 1);
        long before = exact.apiCalls(divisions);

        List<TestApi.Reply> replies = concurrently(10, () -> api.get(office.path() + "/accounting-systems/"
                + connectionId + "/connectable-dossiers", office.superUser().username(), PASSWORD));

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.toString()).isEqualTo(200));
        assertThat(exact.apiCalls(divisions) - before).isEqualTo(1);
    }

    @Test
    void aCheckWaitingForARefreshElsewhereFailsTransientWithinTheLockTimeout() throws Exception {
        TestOffice office = linkedOffice();
        UUID connectionId = connectionOf(office);
        // no sync turn of the office may be in flight: its call, refused (the simulator's tokens expire below) with
        // a token Koppel still believes valid, would rightly be a broken link (a random test order showed the race)
        pauses.setConnectionPaused(connectionId, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM dossier"
                        + " WHERE connection_id = :id AND lease_owner IS NOT NULL AND lease_expires_at > now()")
                .param("id", connectionId).query(Integer.class).single() == 0);
        // the token needs a refresh, and another caller holds the credential row (as during its refresh)
        jdbc.sql("UPDATE credential SET access_token_expires_at = now() - interval '1 second'"
                + " WHERE connection_id = :id").param("id", connectionId).update();
        exact.expireAccessTokens(office.exactUserName());
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM credential WHERE connection_id = ? FOR UPDATE")) {
                lock.setObject(1, connectionId);
                lock.executeQuery().close();
            }
            long refreshes = exact.tokenCalls("refresh_token");

            TestApi.Reply check = api.post(office.path() + "/accounting-systems/" + connectionId + "/check",
                    office.user().username(), PASSWORD, "");

            assertThat(check.status()).as(check.toString()).isEqualTo(200);
            assertThat(check.json().path("result").asText()).isEqualTo("UNAVAILABLE");
            assertThat(check.json().path("message").asText()).contains("being refreshed by another call");
            assertThat(check.json().path("accountingSystem").path("status").asText()).isEqualTo("CONNECTED");
            assertThat(exact.tokenCalls("refresh_token")).isEqualTo(refreshes);
            holder.rollback();
        }
        // once the row is free, the check refreshes and works
        TestApi.Reply after = api.post(office.path() + "/accounting-systems/" + connectionId + "/check",
                office.user().username(), PASSWORD, "");
        assertThat(after.json().path("result").asText()).as(after.toString()).isEqualTo("OK");
    }

    private TestOffice linkedOffice() {
        TestOffice office = provisionOffice();
        offices.add(office.id());
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + office.exactUserName()));
        exact.grantDivision(office.exactUserName(), own);
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        // the discovery right after the link also calls the accounting system: let it finish first
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT last_discovery_at IS NOT NULL FROM accounting_system_connection WHERE id = :id")
                .param("id", connectionId).query(Boolean.class).single());
        return office;
    }

    private UUID connectionOf(TestOffice office) {
        return jdbc.sql("SELECT id FROM accounting_system_connection WHERE office_id = :o").param("o", office.id())
                .query(UUID.class).single();
    }

    private static List<TestApi.Reply> concurrently(int callers, Supplier<TestApi.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TestApi.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.get();
                }));
            }
            go.countDown();
            List<TestApi.Reply> replies = new ArrayList<>();
            for (Future<TestApi.Reply> future : futures) {
                replies.add(future.get(30, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
