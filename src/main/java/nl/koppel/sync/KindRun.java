package nl.koppel.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.masterdata.SyncMode;

/**
 * One kind's run in a dossier turn, page by page: where it reads from (mode, cursor, continuation), what it has
 * seen (a complete-set read deletes what it did not see at its last page), what it wrote, and whether it goes on.
 * The one thing a kind's exchange carries (property {@value #PROPERTY}); the steps of {@link KindSync} act on it,
 * the logic is here and is tested without Camel or a database.
 */
public final class KindRun {

    public static final String PROPERTY = "kindRun";

    private final DossierTurn turn;
    private final MasterDataKind kind;
    private final SyncMode mode;
    private final Instant started;
    private final Set<String> seen;
    private String cursor;
    private String continuation;
    private boolean firstLoad;
    private boolean completeSet;
    private boolean lastPage;
    private boolean yielded;
    private int pages;
    private PageWriteResult totals = new PageWriteResult(0, 0, 0, 0);

    private KindRun(DossierTurn turn, MasterDataKind kind, SyncMode mode, String cursor, PausedRun paused,
                    boolean firstLoad, Instant started) {
        this.turn = turn;
        this.kind = kind;
        this.mode = mode;
        this.cursor = cursor;
        this.continuation = paused == null ? null : paused.continuation();
        this.completeSet = paused != null && paused.completeSet();
        this.seen = completeSet ? new HashSet<>(paused.seenIds()) : new HashSet<>();
        this.firstLoad = firstLoad;
        this.started = started;
    }

    /**
     * A run begins, or a paused one goes on where it paused. A paused incremental read finishes as one (a full
     * read required meanwhile comes right after it): its pages are no complete set, so it must not count as the
     * full read. A kind that never completed gets its records (nearly all new) copied straight in.
     */
    static KindRun begin(DossierTurn turn, SyncState state, PausedRun paused, Instant now) {
        boolean resumesIncremental = paused != null && !paused.completeSet();
        SyncMode mode = state.fullSyncRequired() && !resumesIncremental ? SyncMode.FULL : SyncMode.INCREMENTAL;
        return new KindRun(turn, state.kind(), mode, state.cursor(), paused, state.lastSuccessAt() == null, now);
    }

    /** The request for the next page, the body of the connector's fetch-page. */
    public PageRequest nextPage() {
        return new PageRequest(turn.lease().dossierId(), turn.dossier().scope(), kind, mode, cursor, continuation,
                turn.sharedReads());
    }

    /** A page may list a record twice (it changed while being paged); the last one wins. */
    static List<MasterRecord> distinct(List<MasterRecord> records) {
        Map<String, MasterRecord> byId = new LinkedHashMap<>();
        for (MasterRecord record : records) {
            byId.put(record.externalId(), record);
        }
        return byId.size() == records.size() ? records : new ArrayList<>(byId.values());
    }

    /**
     * Notes the page's ids when the run reads a complete set; at its last page, the ids to keep (every other
     * record of the kind was deleted at the source). Null when nothing is to be deleted by absence.
     */
    Set<String> seen(MasterDataPage page, List<MasterRecord> distinct) {
        if (!page.completeSet()) {
            return null;
        }
        distinct.forEach(record -> seen.add(record.externalId()));
        return page.lastPage() ? seen : null;
    }

    /**
     * The page and its cursor were committed: count it and decide whether the run goes on. An incremental read
     * may pause between pages (its cursor is committed) to let other dossiers go first; a complete-set read keeps
     * its seen ids in memory, so it runs to the end.
     */
    void pageCommitted(MasterDataPage page, PageWriteResult written, int maxPagesPerTurn) {
        if (written.updated() + written.unchanged() > 0) {
            // records were there already (the copy gave way to the merge): the rest of this run merges at once
            firstLoad = false;
        }
        totals = totals.plus(written);
        pages++;
        cursor = page.cursor();
        continuation = page.continuation();
        completeSet = page.completeSet();
        lastPage = page.lastPage();
        yielded = !page.lastPage() && !page.completeSet() && pages >= maxPagesPerTurn;
    }

    /** Whether the loop of fetch-page calls goes on. */
    public boolean isReading() {
        return !lastPage && !yielded;
    }

    /** The run read its last page. */
    boolean finished() {
        return lastPage;
    }

    /** The run read everything there is: a full read (for reconciliation), whatever the mode asked. */
    boolean wasFullRead() {
        return mode == SyncMode.FULL || completeSet;
    }

    /**
     * Where a run stopped between pages goes on: the continuation of its last committed page, and for a
     * complete-set read the ids seen so far. Null before the first page: the run starts over.
     */
    PausedRun paused() {
        if (continuation == null) {
            return null;
        }
        return new PausedRun(continuation, completeSet ? List.copyOf(seen) : null);
    }

    Duration elapsed(Instant now) {
        return Duration.between(started, now);
    }

    DossierTurn turn() {
        return turn;
    }

    public MasterDataKind kind() {
        return kind;
    }

    SyncMode mode() {
        return mode;
    }

    boolean firstLoad() {
        return firstLoad;
    }

    int pages() {
        return pages;
    }

    PageWriteResult totals() {
        return totals;
    }

    String cursor() {
        return cursor;
    }

    String continuation() {
        return continuation;
    }
}
