package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
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

    @BeforeEach
    void dossier() {
        dossier = idleDossier("paused");
        states.create(dossier, EnumSet.allOf(MasterDataKind.class));
    }

    @AfterEach
    void leave() {
        SyncLogContext.leave();
    }

    private Exchange begin(MasterDataKind kind) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(DossierSync.DOSSIER_ID, dossier);
        exchange.setProperty(DossierSync.KIND, kind);
        kindSync.begin(dossier, kind, exchange);
        return exchange;
    }

    @Test
    void aPausedIncrementalReadFinishesAsOneEvenWhenAFullReadWasRequiredMeanwhile() {
        states.begin(dossier, MasterDataKind.RELATIONS);
        states.waiting(dossier, MasterDataKind.RELATIONS, "paused", new PausedRun(NEXT, null));
        states.requireFullSync(dossier, false); // the reconciliation came by

        Exchange run = begin(MasterDataKind.RELATIONS);

        assertThat(run.getProperty(KindSync.CONTINUATION)).isEqualTo(NEXT);
        assertThat(run.getProperty(KindSync.MODE)).as("its pages are no complete set").isEqualTo("INCREMENTAL");
        assertThat(states.find(dossier, MasterDataKind.RELATIONS).orElseThrow().fullSyncRequired()).isTrue();
        assertThat(states.takePaused(dossier, MasterDataKind.RELATIONS)).as("taken once").isNull();
    }

    @Test
    void aPausedCompleteSetReadGoesOnWithTheIdsItHadSeen() {
        states.begin(dossier, MasterDataKind.COST_CENTERS);
        states.waiting(dossier, MasterDataKind.COST_CENTERS, "rate limit",
                new PausedRun("full|https://start.exactonline.nl/api/v1/1/hrm/Costcenters?$skiptoken=guid'x'",
                        List.of("a", "b", "c")));

        Exchange run = begin(MasterDataKind.COST_CENTERS);

        assertThat(run.getProperty(KindSync.CONTINUATION, String.class)).startsWith("full|");
        assertThat(run.getProperty("koppelSeenIds", Set.class)).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(KindSync.paused(run)).as("pausing again keeps them").extracting(PausedRun::seenIds)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aDivisionMoveDropsWhatWasPaused() {
        states.begin(dossier, MasterDataKind.COST_CENTERS);
        states.waiting(dossier, MasterDataKind.COST_CENTERS, "rate limit", new PausedRun("full|x", List.of("a")));

        states.requireFullSync(dossier, true);

        assertThat(states.takePaused(dossier, MasterDataKind.COST_CENTERS)).isNull();
    }
}
