package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.SyncMode;
import nl.koppel.support.KoppelIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A run paused between pages goes on where it paused: an incremental read as an incremental read, a
 * complete-set read with the ids it had seen; and a division move drops what was paused.
 */
class PausedRunTest extends KoppelIntegrationTest {

    private static final String NEXT = "records|https://start.exactonline.nl/api/v1/1/next";

    @Autowired
    SyncStateRepository states;
    @Autowired
    KindSync kindSync;
    @Autowired
    CamelContext camel;

    private UUID dossier;
    private DossierLease lease;

    @BeforeEach
    void dossier() {
        dossier = idleDossier("paused");
        states.create(dossier, EnumSet.allOf(MasterDataKind.class));
        lease = TestLeases.hold(jdbc, dossier);
    }

    @AfterEach
    void leave() {
        SyncLogContext.leave();
    }

    private KindRun begin(MasterDataKind kind) {
        Exchange exchange = new DefaultExchange(camel);
        DossierTurn turn = new DossierTurn(lease, Instant.now());
        turn.identify(new SyncedDossier(dossier, UUID.randomUUID(), UUID.randomUUID(), "exact-online", "1"));
        kindSync.begin(kind, turn, exchange);
        return exchange.getProperty(KindRun.PROPERTY, KindRun.class);
    }

    @Test
    void aPausedIncrementalReadFinishesAsOneEvenWhenAFullReadWasRequiredMeanwhile() {
        states.begin(lease, MasterDataKind.RELATIONS);
        states.waiting(lease, MasterDataKind.RELATIONS, "paused", new PausedRun(NEXT, null));
        states.requireFullSync(dossier, false); // the reconciliation came by

        KindRun run = begin(MasterDataKind.RELATIONS);

        assertThat(run.continuation()).isEqualTo(NEXT);
        assertThat(run.mode()).as("its pages are no complete set").isEqualTo(SyncMode.INCREMENTAL);
        assertThat(states.find(dossier, MasterDataKind.RELATIONS).orElseThrow().fullSyncRequired()).isTrue();
        assertThat(states.takePaused(lease, MasterDataKind.RELATIONS)).as("taken once").isNull();
    }

    @Test
    void aPausedCompleteSetReadGoesOnWithTheIdsItHadSeen() {
        states.begin(lease, MasterDataKind.COST_CENTERS);
        states.waiting(lease, MasterDataKind.COST_CENTERS, "rate limit",
                new PausedRun("full|https://start.exactonline.nl/api/v1/1/hrm/Costcenters?$skiptoken=guid'x'",
                        List.of("a", "b", "c")));

        KindRun run = begin(MasterDataKind.COST_CENTERS);

        assertThat(run.continuation()).startsWith("full|");
        assertThat(run.paused()).as("pausing again keeps them").extracting(PausedRun::seenIds)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aDivisionMoveDropsWhatWasPaused() {
        states.begin(lease, MasterDataKind.COST_CENTERS);
        states.waiting(lease, MasterDataKind.COST_CENTERS, "rate limit", new PausedRun("full|x", List.of("a")));

        states.requireFullSync(dossier, true);

        assertThat(states.takePaused(lease, MasterDataKind.COST_CENTERS)).isNull();
    }
}
