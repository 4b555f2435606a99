package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.koppel.support.KoppelIntegrationTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Work is claimed from PostgreSQL: instances claiming at the same moment get disjoint dossiers, a held lease
 * keeps others away, an expired one (a crashed instance) is taken over, and the late holder can no longer
 * renew it.
 */
class DossierLeasesTest extends KoppelIntegrationTest {

    // the workers too: one that ends a turn claims the next due dossier itself, whatever the ticks do
    private static final List<String> ROUTES = List.of("master-data-tick", "discovery-tick", "link-check-tick",
            "sync-dossier");

    @Autowired
    DossierLeases leases;
    @Autowired
    CamelContext camel;

    @Test
    void concurrentClaimsNeverShareADossierAndExpiredLeasesAreTakenOver() throws Exception {
        TestOffice office = provisionOffice();
        int own = ownDivision(office);
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT last_discovery_at IS NOT NULL FROM"
                + " accounting_system_connection WHERE id = :id").param("id", connectionId).query(Boolean.class).single());
        // this instance's own schedules stay out of it: the test plays the instances
        for (String route : ROUTES) {
            camel.getRouteController().stopRoute(route);
        }
        // every due dossier is parked a day ahead: with 80 or more offices waiting, the fair claim gives each office
        // one candidate per claim, and these four claims would see 4 of the 30
        List<UUID> parked = jdbc.sql("UPDATE dossier SET next_sync_at = next_sync_at + interval '1 day'"
                + " WHERE next_sync_at <= now() RETURNING id").query(UUID.class).list();
        try {
            List<UUID> dossiers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                UUID id = UUID.randomUUID();
                jdbc.sql("INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, added_by,"
                                + " next_sync_at) VALUES (:id, :c, :o, :e, :n, 'ACTIVE', 'test', now() - interval '1 hour')")
                        .param("id", id).param("c", connectionId).param("o", office.id())
                        .param("e", "lease-" + i).param("n", "Lease " + i).update();
                dossiers.add(id);
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Callable<List<DossierLease>>> instances = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String owner = "instance-" + i;
                instances.add(() -> leases.claimDue(owner, 20, Duration.ofMinutes(2)));
            }
            Set<UUID> claimed = new HashSet<>();
            int total = 0;
            Map<UUID, DossierLease> byDossier = new HashMap<>();
            for (Future<List<DossierLease>> result : pool.invokeAll(instances)) {
                List<UUID> mine = result.get().stream().map(DossierLease::dossierId).filter(dossiers::contains)
                        .toList();
                result.get().forEach(lease -> byDossier.put(lease.dossierId(), lease));
                total += mine.size();
                claimed.addAll(mine);
            }
            pool.shutdownNow();
            assertThat(total).as("no dossier claimed twice").isEqualTo(claimed.size());
            assertThat(claimed).as("all 30 claimed, by four instances of 20").hasSize(30);

            // held leases keep the others away
            assertThat(leases.claimDue("instance-x", 50, Duration.ofMinutes(2))).map(DossierLease::dossierId)
                    .doesNotContainAnyElementsOf(dossiers);

            // a crashed instance's lease expires and is taken over; the old holder can no longer renew it
            UUID one = dossiers.get(0);
            DossierLease old = byDossier.get(one);
            jdbc.sql("UPDATE dossier SET lease_expires_at = now() - interval '1 second' WHERE id = :id")
                    .param("id", one).update();
            DossierLease taken = leases.claimDue("instance-new", 50, Duration.ofMinutes(2)).stream()
                    .filter(lease -> lease.dossierId().equals(one)).findFirst().orElseThrow();
            assertThat(leases.renew(old, Duration.ofMinutes(2))).isFalse();
            assertThat(leases.renew(taken, Duration.ofMinutes(2))).isTrue();
        } finally {
            jdbc.sql("DELETE FROM dossier WHERE external_id LIKE 'lease-%'").update();
            if (!parked.isEmpty()) {
                jdbc.sql("UPDATE dossier SET next_sync_at = next_sync_at - interval '1 day' WHERE id IN (:ids)")
                        .param("ids", parked).update();
            }
            for (String route : ROUTES) {
                camel.getRouteController().startRoute(route);
            }
        }
    }
}
