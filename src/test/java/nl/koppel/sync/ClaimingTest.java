package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.koppel.support.KoppelIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How due dossiers are claimed: only claimable ones (active, connection connected and not paused: a flag kept by
 * the database), fairly across offices, and a worker that finished a turn claims the next one itself.
 */
class ClaimingTest extends KoppelIntegrationTest {

    @Autowired
    DossierLeases leases;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    SyncProperties properties;

    private UUID dossier(TestOffice office, UUID connectionId, String name, String dueAgo) {
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, added_by,"
                        + " next_sync_at) VALUES (:id, :c, :o, :e, :n, 'ACTIVE', 'test', now() - CAST(:ago AS interval))")
                .param("id", id).param("c", connectionId).param("o", office.id()).param("e", name + "-" + id)
                .param("n", name).param("ago", dueAgo).update();
        return id;
    }

    private boolean claimable(UUID dossier) {
        return jdbc.sql("SELECT claimable FROM dossier WHERE id = :id").param("id", dossier).query(Boolean.class)
                .single();
    }

    private void connectionStatus(UUID connectionId, String status) {
        jdbc.sql("UPDATE accounting_system_connection SET status = :s WHERE id = :id").param("s", status)
                .param("id", connectionId).update();
    }

    @Test
    void onlyDossiersOfConnectedUnpausedConnectionsAreClaimable() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser()); // never linked: niet verbonden
        UUID dossier = dossier(office, connectionId, "claimable", "1 hour");
        // everything in one transaction that is rolled back: this instance's own workers never see the dossier
        transaction.executeWithoutResult(tx -> {
            tx.setRollbackOnly();
            assertThat(claimable(dossier)).isFalse();
            connectionStatus(connectionId, "CONNECTED");
            assertThat(claimable(dossier)).as("the link was made").isTrue();
            jdbc.sql("UPDATE accounting_system_connection SET sync_paused = true WHERE id = :id")
                    .param("id", connectionId).update();
            assertThat(claimable(dossier)).as("an operator paused the connection").isFalse();
            assertThat(leases.claimDue("paused-test", 100, Duration.ofMinutes(1))).map(DossierLease::dossierId)
                    .doesNotContain(dossier);
            jdbc.sql("UPDATE accounting_system_connection SET sync_paused = false WHERE id = :id")
                    .param("id", connectionId).update();
            assertThat(claimable(dossier)).isTrue();
            jdbc.sql("UPDATE dossier SET status = 'INACCESSIBLE' WHERE id = :id").param("id", dossier).update();
            assertThat(claimable(dossier)).as("the dossier became inaccessible").isFalse();
            jdbc.sql("UPDATE dossier SET status = 'ACTIVE' WHERE id = :id").param("id", dossier).update();
            assertThat(claimable(dossier)).isTrue();
            connectionStatus(connectionId, "NOT_CONNECTED");
            assertThat(claimable(dossier)).as("the link broke").isFalse();
            assertThat(leases.claimDue("broken-test", 100, Duration.ofMinutes(1))).map(DossierLease::dossierId)
                    .doesNotContain(dossier);
        });
    }

    @Test
    void anOfficeWithManyDueDossiersDoesNotDelayAnOfficeWithAFew() {
        TestOffice big = provisionOffice();
        TestOffice small = provisionOffice();
        UUID bigConnection = addExactOnline(big, big.superUser());
        UUID smallConnection = addExactOnline(small, small.superUser());
        List<UUID> bigDossiers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // the big office's dossiers have waited longest
            bigDossiers.add(dossier(big, bigConnection, "big-" + i, (120 - i) + " minutes"));
        }
        List<UUID> smallDossiers = List.of(dossier(small, smallConnection, "small-0", "10 minutes"),
                dossier(small, smallConnection, "small-1", "9 minutes"),
                dossier(small, smallConnection, "small-2", "8 minutes"));
        transaction.executeWithoutResult(tx -> {
            tx.setRollbackOnly(); // the claims below are this test's, never this instance's workers'
            // other tests' due dossiers would take their share of these claims: not due within this transaction
            jdbc.sql("UPDATE dossier SET next_sync_at = now() + interval '1 day' WHERE office_id NOT IN (:b, :s)")
                    .param("b", big.id()).param("s", small.id()).update();
            connectionStatus(bigConnection, "CONNECTED");
            connectionStatus(smallConnection, "CONNECTED");

            List<UUID> first = mine(leases.claimDue("fair-test", 4, Duration.ofMinutes(1)), bigDossiers,
                    smallDossiers);
            assertThat(first).as("two of each office, each office's longest waiting first")
                    .containsExactlyInAnyOrder(
                    bigDossiers.get(0), smallDossiers.get(0), bigDossiers.get(1), smallDossiers.get(1));

            // the big office has two in a turn, the small one as well: the small one's last dossier is next to
            // the big office's third, whose wait is longer
            List<UUID> second = mine(leases.claimDue("fair-test", 2, Duration.ofMinutes(1)), bigDossiers,
                    smallDossiers);
            assertThat(second).containsExactlyInAnyOrder(bigDossiers.get(2), smallDossiers.get(2));

            List<UUID> rest = mine(leases.claimDue("fair-test", 10, Duration.ofMinutes(1)), bigDossiers,
                    smallDossiers);
            assertThat(rest).as("only the big office has due dossiers left").hasSize(10)
                    .allMatch(bigDossiers::contains);
        });
    }

    @Test
    void withMoreOfficesWaitingThanCandidatesAnOfficeWithTurnsInFlightStillWaitsItsTurn() {
        // a claim of 1 looks at 4 candidates: five offices wait, so each office's candidates are bounded by the
        // shares those 4 can reach, and the busy office (2 in a turn) reaches none of them at first
        TestOffice busy = provisionOffice();
        UUID busyConnection = addExactOnline(busy, busy.superUser());
        List<UUID> busyDossiers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            busyDossiers.add(dossier(busy, busyConnection, "busy-" + i, (120 - i) + " minutes"));
        }
        List<UUID> quiet = new ArrayList<>();
        List<UUID> quietConnections = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TestOffice office = provisionOffice();
            UUID connection = addExactOnline(office, office.superUser());
            quietConnections.add(connection);
            quiet.add(dossier(office, connection, "quiet-" + i, (10 - i) + " minutes"));
        }
        transaction.executeWithoutResult(tx -> {
            tx.setRollbackOnly();
            jdbc.sql("UPDATE dossier SET next_sync_at = now() + interval '1 day' WHERE id NOT IN (:mine)")
                    .param("mine", concat(busyDossiers, quiet)).update();
            connectionStatus(busyConnection, "CONNECTED");
            quietConnections.forEach(connection -> connectionStatus(connection, "CONNECTED"));
            // two of the busy office's dossiers are in a turn of another instance
            jdbc.sql("UPDATE dossier SET lease_owner = 'other-instance', lease_expires_at = now() + interval '1 minute'"
                    + " WHERE id IN (:a, :b)").param("a", busyDossiers.get(0)).param("b", busyDossiers.get(1)).update();

            assertThat(leases.claimDue("bound-test", 1, Duration.ofMinutes(1))).map(DossierLease::dossierId)
                    .as("the quiet office that waited longest").containsExactly(quiet.get(0));
            assertThat(leases.claimDue("bound-test", 4, Duration.ofMinutes(1))).map(DossierLease::dossierId)
                    .as("the other quiet offices, then the busy office's longest waiting")
                    .containsExactlyInAnyOrder(quiet.get(1), quiet.get(2), quiet.get(3), busyDossiers.get(2));
        });
    }

    private static List<UUID> concat(List<UUID> a, List<UUID> b) {
        List<UUID> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<UUID> mine(List<DossierLease> claimed, List<UUID> big, List<UUID> small) {
        return claimed.stream().map(DossierLease::dossierId).filter(id -> big.contains(id) || small.contains(id)).toList();
    }

    @Test
    void aWorkerThatFinishedClaimsTheNextDossierWithoutWaitingForTheTick() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        camel.getRouteController().stopRoute("master-data-tick");
        try {
            // three times what the workers take at once, each turn with nothing to do (no kinds): only workers
            // that claim their next dossier themselves get through them all without a tick
            List<UUID> dossiers = new ArrayList<>();
            for (int i = 0; i < 3 * properties.concurrency(); i++) {
                dossiers.add(dossier(office, connectionId, "chain-" + i, "1 hour"));
            }
            producer.sendBody("direct:claim-due-dossiers", null);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql(
                            "SELECT count(*) FROM dossier WHERE office_id = :o AND external_id LIKE 'chain-%'"
                                    + " AND next_sync_at > now() AND lease_owner IS NULL")
                    .param("o", office.id()).query(Long.class).single()).isEqualTo(dossiers.size()));
        } finally {
            camel.getRouteController().startRoute("master-data-tick");
            jdbc.sql("DELETE FROM dossier WHERE office_id = :o AND external_id LIKE 'chain-%'").param("o", office.id())
                    .update();
        }
    }
}
