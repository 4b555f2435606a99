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

    /** A dossier the scheduler leaves alone (due in a day), with every kind queued. */
    private UUID dossier() {
        UUID id = idleDossier("cycle");
        states.create(id, EnumSet.allOf(MasterDataKind.class));
        return id;
    }

    private void completeRun(UUID dossier, MasterDataKind kind) {
        DossierLease lease = TestLeases.hold(jdbc, dossier);
        states.begin(lease, kind);
        states.commitPage(lease, kind, null, new PageWriteResult(0, 0, 0, 0));
        states.complete(lease, kind, true, 1, Duration.ofDays(1), Duration.ofHours(1)); // a first run is full
    }

    /** As if {@code ago} had passed since the kinds' runs and since every kind was last made due at once. */
    private void timePassed(UUID dossier, Duration ago) {
        jdbc.sql("UPDATE dossier SET kinds_due_since = kinds_due_since - CAST(:ago AS interval) WHERE id = :id")
                .param("ago", ago.toMillis() + " milliseconds").param("id", dossier).update();
        jdbc.sql("UPDATE sync_state SET last_attempt_at = last_attempt_at - CAST(:ago AS interval),"
                        + " last_success_at = last_success_at - CAST(:ago AS interval) WHERE dossier_id = :id")
                .param("ago", ago.toMillis() + " milliseconds").param("id", dossier).update();
    }

    private List<MasterDataKind> due(UUID dossier) {
        return states.dueKinds(dossier, kind -> INTERVAL);
    }

    @Test
    void aNewDossierSyncsItsKindsInTheirNaturalOrder() {
        assertThat(due(dossier())).containsExactly(MasterDataKind.values());
    }

    @Test
    void aTurnCutShortGoesOnWithTheKindsItDidNotReach() {
        UUID dossier = dossier();
        completeRun(dossier, MasterDataKind.RELATIONS);
        completeRun(dossier, MasterDataKind.GL_ACCOUNTS);
        DossierLease lease = TestLeases.hold(jdbc, dossier);
        states.begin(lease, MasterDataKind.VAT_CODES);
        states.waiting(lease, MasterDataKind.VAT_CODES, "Waiting for the rate limit", (PausedRun) null);

        assertThat(due(dossier)).containsExactly(MasterDataKind.VAT_CODES,
                MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS, MasterDataKind.COST_UNITS,
                MasterDataKind.PROJECTS, MasterDataKind.PAYMENT_CONDITIONS);
    }

    @Test
    void whenTheIntervalPassesBeforeEveryKindWasReadTheKindsLongestOutOfStepComeFirst() {
        UUID dossier = dossier();
        // a budget too small for every kind per interval: only the first two kinds got through, then the interval
        // passed
        completeRun(dossier, MasterDataKind.RELATIONS);
        completeRun(dossier, MasterDataKind.GL_ACCOUNTS);
        timePassed(dossier, INTERVAL.plusSeconds(1));

        List<MasterDataKind> due = due(dossier);

        assertThat(due).hasSize(8);
        assertThat(due.subList(0, 6)).as("never synced, so first").containsExactly(MasterDataKind.VAT_CODES,
                MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS, MasterDataKind.COST_UNITS,
                MasterDataKind.PROJECTS, MasterDataKind.PAYMENT_CONDITIONS);
        assertThat(due.subList(6, 8)).containsExactly(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS);
    }

    @Test
    void afterTheIntervalEveryKindIsDueAgainWithTheOldestSuccessFirst() {
        UUID dossier = dossier();
        List<MasterDataKind> order = List.of(MasterDataKind.COST_UNITS, MasterDataKind.RELATIONS,
                MasterDataKind.JOURNALS, MasterDataKind.PAYMENT_CONDITIONS, MasterDataKind.VAT_CODES,
                MasterDataKind.PROJECTS, MasterDataKind.COST_CENTERS, MasterDataKind.GL_ACCOUNTS);
        for (MasterDataKind kind : order) {
            completeRun(dossier, kind);
            // separate moments: now() is the transaction's start, and each call here is its own transaction
            jdbc.sql("SELECT pg_sleep(0.002)").query().singleValue();
        }
        assertThat(due(dossier)).as("each kind was just read").isEmpty();
        timePassed(dossier, INTERVAL);

        assertThat(due(dossier)).containsExactlyElementsOf(order);
    }

    @Test
    void rarelyChangingKindsAreReadAtTheirOwnInterval() {
        UUID dossier = dossier();
        for (MasterDataKind kind : MasterDataKind.values()) {
            completeRun(dossier, kind);
        }
        SyncProperties defaults = new SyncProperties(0, INTERVAL, null, null, null, null, 0, null, null, null, 0);
        timePassed(dossier, INTERVAL);
        assertThat(states.dueKinds(dossier, defaults::intervalOf)).as("five minutes later")
                .containsExactlyInAnyOrder(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS, MasterDataKind.PROJECTS);
        timePassed(dossier, Duration.ofMinutes(55));
        assertThat(states.dueKinds(dossier, defaults::intervalOf)).as("an hour later")
                .containsExactlyInAnyOrder(MasterDataKind.values());
    }

    @Test
    void aKindsFullReadIsDueADayAfterItsLastOneSpreadByTheJitter() {
        UUID dossier = dossier();
        for (MasterDataKind kind : MasterDataKind.values()) {
            completeRun(dossier, kind);
        }
        List<java.sql.Timestamp> next = jdbc.sql("SELECT next_full_sync_at - now() < interval '24 hours'"
                        + " AND next_full_sync_at - now() > interval '23 hours', next_full_sync_at FROM sync_state"
                        + " WHERE dossier_id = :id").param("id", dossier)
                .query((rs, n) -> {
                    assertThat(rs.getBoolean(1)).as("a day later, at most the jitter (1 h) earlier").isTrue();
                    return rs.getTimestamp(2);
                }).list();
        assertThat(new java.util.HashSet<>(next)).as("not one moment for every kind").hasSizeGreaterThan(1);
        assertThat(states.find(dossier, MasterDataKind.RELATIONS).orElseThrow().fullSyncRequired()).isFalse();

        jdbc.sql("UPDATE sync_state SET next_full_sync_at = now() - interval '1 second' WHERE dossier_id = :id"
                + " AND kind = 'RELATIONS'").param("id", dossier).update();
        assertThat(due(dossier)).as("a due full read makes the kind due").containsExactly(MasterDataKind.RELATIONS);
        states.begin(TestLeases.hold(jdbc, dossier), MasterDataKind.RELATIONS);
        assertThat(states.find(dossier, MasterDataKind.RELATIONS).orElseThrow().fullSyncRequired())
                .as("the run that begins is the full read").isTrue();
        assertThat(states.find(dossier, MasterDataKind.GL_ACCOUNTS).orElseThrow().fullSyncRequired()).isFalse();
    }
}
