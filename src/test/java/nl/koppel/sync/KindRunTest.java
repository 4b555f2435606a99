package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.masterdata.SyncMode;
import org.junit.jupiter.api.Test;

/** A kind's run page by page, as pure logic: no Camel, no database, times given. */
class KindRunTest {

    private static final Instant START = Instant.parse("2026-12-02T12:00:00Z");
    private static final UUID DOSSIER = UUID.randomUUID();

    private static DossierTurn turn() {
        DossierTurn turn = new DossierTurn(new DossierLease(DOSSIER, UUID.randomUUID()), START);
        turn.identify(new SyncedDossier(DOSSIER, UUID.randomUUID(), UUID.randomUUID(), "exact-online", "42"));
        return turn;
    }

    private static SyncState state(MasterDataKind kind, String cursor, boolean fullRequired, Instant lastSuccess) {
        return new SyncState(DOSSIER, kind, cursor, fullRequired, "RUNNING", START, lastSuccess, null, null, null,
                null, null, null, null, 0);
    }

    private static MasterRecord record(String id) {
        return new MasterRecord(id, id, "Name " + id, true, null, Map.of(), "{}");
    }

    private static MasterDataPage page(List<MasterRecord> records, String cursor, String continuation,
                                       boolean last, boolean completeSet) {
        return new MasterDataPage(records, List.of(), cursor, continuation, last, completeSet);
    }

    @Test
    void anIncrementalReadAsksFromItsCursorAndPausesAfterTheMaximumOfPages() {
        KindRun run = KindRun.begin(turn(), state(MasterDataKind.RELATIONS, "c0", false, START), null, START);
        PageRequest first = run.nextPage();
        assertThat(first).isEqualTo(new PageRequest(DOSSIER, "42", MasterDataKind.RELATIONS, SyncMode.INCREMENTAL,
                "c0", null, run.turn().sharedReads()));
        assertThat(run.firstLoad()).as("the kind completed before").isFalse();

        run.pageCommitted(page(List.of(record("a")), "c1", "next-1", false, false), new PageWriteResult(0, 1, 0, 0), 2);
        assertThat(run.isReading()).isTrue();
        assertThat(run.nextPage().cursor()).isEqualTo("c1");
        assertThat(run.nextPage().continuation()).isEqualTo("next-1");

        run.pageCommitted(page(List.of(record("b")), "c2", "next-2", false, false), new PageWriteResult(1, 0, 0, 0), 2);
        assertThat(run.isReading()).as("two pages: it lets other dossiers go first").isFalse();
        assertThat(run.finished()).isFalse();
        assertThat(run.paused()).isEqualTo(new PausedRun("next-2", null));
        assertThat(run.totals()).isEqualTo(new PageWriteResult(1, 1, 0, 0));
        assertThat(run.wasFullRead()).isFalse();
        assertThat(run.elapsed(START.plusSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aCompleteSetReadRunsToItsEndAndKeepsOnlyWhatItSaw() {
        KindRun run = KindRun.begin(turn(), state(MasterDataKind.VAT_CODES, null, true, null), null, START);
        assertThat(run.mode()).isEqualTo(SyncMode.FULL);
        assertThat(run.firstLoad()).as("never completed: copied straight in").isTrue();

        MasterDataPage first = page(List.of(record("a"), record("b"), record("a")), null, "p2", false, true);
        List<MasterRecord> distinct = KindRun.distinct(first.records());
        assertThat(distinct).extracting(MasterRecord::externalId).containsExactly("a", "b");
        assertThat(run.seen(first, distinct)).as("not the last page: nothing to delete yet").isNull();
        run.pageCommitted(first, new PageWriteResult(2, 0, 0, 0), 1);
        assertThat(run.isReading()).as("a complete set never pauses for others").isTrue();
        assertThat(run.paused().seenIds()).containsExactlyInAnyOrder("a", "b");

        MasterDataPage last = page(List.of(record("c")), null, null, true, true);
        assertThat(run.seen(last, last.records())).containsExactlyInAnyOrder("a", "b", "c");
        run.pageCommitted(last, new PageWriteResult(0, 0, 5, 1), 1);
        assertThat(run.firstLoad()).as("records were there: the rest merges").isFalse();
        assertThat(run.finished()).isTrue();
        assertThat(run.wasFullRead()).isTrue();
    }

    @Test
    void aPausedIncrementalReadFinishesAsIncrementalEvenWhenAFullReadIsRequired() {
        KindRun run = KindRun.begin(turn(), state(MasterDataKind.RELATIONS, "c5", true, START),
                new PausedRun("next-9", null), START);
        assertThat(run.mode()).isEqualTo(SyncMode.INCREMENTAL);
        assertThat(run.nextPage().continuation()).isEqualTo("next-9");
    }
}
