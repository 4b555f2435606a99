package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.support.KoppelIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An instance that stalled past its lease while another claim took the dossier over writes nothing of that
 * dossier any more: no sync state, cursor, continuation, seen ids or counts, and no release.
 */
class LostLeaseTest extends KoppelIntegrationTest {

    private static final MasterDataKind KIND = MasterDataKind.COST_CENTERS;

    @Autowired
    SyncStateRepository states;
    @Autowired
    DossierLeases leases;

    private Map<String, Object> row(UUID dossier) {
        return jdbc.sql("SELECT cursor, state, continuation, seen_ids::text AS seen, run_inserted, last_error,"
                        + " consecutive_failures, last_success_at FROM sync_state WHERE dossier_id = :id AND kind = :k")
                .param("id", dossier).param("k", KIND.name()).query().singleRow();
    }

    @Test
    void theOldHolderOfATakenOverDossierWritesNothingOfIt() {
        UUID dossier = idleDossier("lost-lease");
        states.create(dossier, EnumSet.allOf(MasterDataKind.class));
        DossierLease old = TestLeases.hold(jdbc, dossier);
        states.begin(old, KIND);
        states.commitPage(old, KIND, "cursor-1", new PageWriteResult(3, 0, 0, 0));
        states.waiting(old, KIND, "rate limit", new PausedRun("full|page-2", List.of("a", "b", "c")));

        // the old holder stalls; its lease expires and another instance claims the dossier
        DossierLease taken = TestLeases.hold(jdbc, dossier);
        Map<String, Object> before = row(dossier);

        assertThat(states.takePaused(old, KIND)).as("the new holder goes on where the run paused").isNull();
        assertThatThrownBy(() -> states.begin(old, KIND)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> states.commitPage(old, KIND, "cursor-stale", new PageWriteResult(9, 9, 9, 9)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> states.waiting(old, KIND, "stale", new PausedRun("full|stale", List.of("x"))))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> states.complete(old, KIND, true, 5, Duration.ofDays(1), Duration.ofHours(1)))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> states.failed(old, KIND, "stale failure")).isInstanceOf(LeaseLostException.class);
        assertThat(leases.renew(old, Duration.ofMinutes(1))).isFalse();
        leases.release(old, Instant.now().plusSeconds(3600), true);

        assertThat(row(dossier)).as("nothing of the old holder landed").isEqualTo(before);
        assertThat(jdbc.sql("SELECT lease_token FROM dossier WHERE id = :id").param("id", dossier)
                .query(UUID.class).single()).as("the new holder keeps its lease").isEqualTo(taken.token());

        // the new holder goes on with what the run had when it paused
        PausedRun paused = states.takePaused(taken, KIND);
        assertThat(paused.continuation()).isEqualTo("full|page-2");
        assertThat(paused.seenIds()).containsExactlyInAnyOrder("a", "b", "c");
        states.begin(taken, KIND);
    }
}
