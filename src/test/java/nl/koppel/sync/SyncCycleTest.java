package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.support.KoppelIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Which kinds of a dossier a turn syncs, and in which order: when the rate-limit budget cannot cover a whole
 * cycle per interval, the kinds must take turns, never the first ones of the list again and again.
 */
class SyncCycleTest extends KoppelIntegrationTest {

    private static final Duration INTERVAL = Duration.ofMinutes(5);

    @Autowired
    SyncStateRepository states;

    /** A dossier the scheduler leaves alone (due in a day), with its six kinds queued. */
    private UUID dossier() {
        UUID id = idleDossier("cycle");
        states.create(id, EnumSet.allOf(MasterDataKind.class));
        return id;
    }

    private void completeRun(UUID dossier, MasterDataKind kind) {
        states.begin(dossier, kind);
        states.commitPage(dossier, kind, null, new PageWriteResult(0, 0, 0, 0));
        states.complete(dossier, kind, true, 1); // a new kind's first run is a full read
    }

    /** The cycle began {@code ago} before now, as if time had passed since. */
    private void cycleBegan(UUID dossier, Duration ago) {
        jdbc.sql("UPDATE dossier SET kinds_due_since = now() - CAST(:ago AS interval) WHERE id = :id")
                .param("ago", ago.toMillis() + " milliseconds").param("id", dossier).update();
    }

    @Test
    void aNewDossierSyncsItsKindsInTheirNaturalOrder() {
        assertThat(states.dueKinds(dossier(), INTERVAL)).containsExactly(MasterDataKind.values());
    }

    @Test
    void aTurnCutShortGoesOnWithTheKindsItDidNotReach() {
        UUID dossier = dossier();
        completeRun(dossier, MasterDataKind.RELATIONS);
        completeRun(dossier, MasterDataKind.GL_ACCOUNTS);
        states.begin(dossier, MasterDataKind.VAT_CODES);
        states.waiting(dossier, MasterDataKind.VAT_CODES, "Waiting for the rate limit", (PausedRun) null);

        assertThat(states.dueKinds(dossier, INTERVAL)).containsExactly(MasterDataKind.VAT_CODES,
                MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS, MasterDataKind.COST_UNITS);
    }

    @Test
    void whenTheCycleRenewsBeforeItsEndTheKindsLongestOutOfStepComeFirst() {
        UUID dossier = dossier();
        // a budget too small for a cycle per interval: only the first two kinds got through, then the interval
        // passed and a new cycle began
        completeRun(dossier, MasterDataKind.RELATIONS);
        completeRun(dossier, MasterDataKind.GL_ACCOUNTS);
        cycleBegan(dossier, INTERVAL.plusSeconds(1));

        List<MasterDataKind> due = states.dueKinds(dossier, INTERVAL);

        assertThat(due).hasSize(6);
        assertThat(due.subList(0, 4)).as("never synced, so first").containsExactly(MasterDataKind.VAT_CODES,
                MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS, MasterDataKind.COST_UNITS);
        assertThat(due.subList(4, 6)).containsExactly(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS);
    }

    @Test
    void aCompletedCycleStartsAnotherWithTheOldestSuccessFirst() {
        UUID dossier = dossier();
        List<MasterDataKind> order = List.of(MasterDataKind.COST_UNITS, MasterDataKind.RELATIONS,
                MasterDataKind.JOURNALS, MasterDataKind.VAT_CODES, MasterDataKind.COST_CENTERS,
                MasterDataKind.GL_ACCOUNTS);
        for (MasterDataKind kind : order) {
            completeRun(dossier, kind);
            // separate moments: now() is the transaction's start, and each call here is its own transaction
            jdbc.sql("SELECT pg_sleep(0.002)").query().singleValue();
        }
        cycleBegan(dossier, Duration.ofSeconds(1)); // every kind completed in the cycle, which began before them

        assertThat(states.dueKinds(dossier, INTERVAL)).containsExactlyElementsOf(order);
    }
}
