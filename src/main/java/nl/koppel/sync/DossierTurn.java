package nl.koppel.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.masterdata.SharedReads;

/**
 * One turn of one dossier: its claim, which dossier, what each kind did (for the closing log line), whether the
 * turn must stop (link broken, no access, rate limit) and when the dossier is due again. The one thing the
 * dossier's exchange carries (property {@value #PROPERTY}); shared by the per-kind exchanges of the turn, which are
 * copies of the dossier's exchange.
 */
public final class DossierTurn {

    public static final String PROPERTY = "turn";

    private final Map<MasterDataKind, String> outcomes = new LinkedHashMap<>();
    private boolean allComplete = true;
    private boolean stopped;
    private boolean yielded;
    private Instant nextSyncAt;
    private PageWriteResult totals = new PageWriteResult(0, 0, 0, 0);
    private final SharedReads sharedReads = new SharedReads();
    private final DossierLease lease;

    private final java.time.Instant started;

    public DossierTurn(DossierLease lease, java.time.Instant started) {
        this.lease = lease;
        this.started = started;
    }

    java.time.Instant started() {
        return started;
    }

    private volatile SyncedDossier dossier;

    /** Which dossier the turn syncs: known once the turn started. */
    void identify(SyncedDossier dossier) {
        this.dossier = dossier;
    }

    public SyncedDossier dossier() {
        return dossier;
    }

    /** The claim this turn runs under: every write of the turn is fenced with it. */
    public DossierLease lease() {
        return lease;
    }

    /** What the connector read in this turn that the turn's other kinds may reuse. */
    public SharedReads sharedReads() {
        return sharedReads;
    }

    synchronized void complete(MasterDataKind kind, PageWriteResult totals, int pages) {
        this.totals = this.totals.plus(totals);
        outcomes.put(kind, "+" + totals.inserted() + " ~" + totals.updated() + " -" + totals.deleted() + " ="
                + totals.unchanged() + " (" + pages + (pages == 1 ? " page)" : " pages)"));
    }

    synchronized void notComplete(MasterDataKind kind, String why) {
        outcomes.put(kind, why);
        allComplete = false;
    }

    /** The rest of the turn is skipped. */
    synchronized void stop(MasterDataKind kind, String why) {
        notComplete(kind, why);
        stopped = true;
    }

    /** An incremental read paused between pages to let other dossiers go first: due again at once. */
    synchronized void yielded(MasterDataKind kind, int pages) {
        notComplete(kind, "paused after " + pages + " pages");
        yielded = true;
    }

    /** The dossier is due again no later than {@code at}. */
    synchronized void dueNoLaterThan(Instant at) {
        if (nextSyncAt == null || at.isBefore(nextSyncAt)) {
            nextSyncAt = at;
        }
    }

    /** A rate limit: the dossier is due again exactly at {@code at}, not earlier. */
    synchronized void dueAt(Instant at) {
        nextSyncAt = at;
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    synchronized boolean isYielded() {
        return yielded;
    }

    synchronized Instant nextSyncAt() {
        return nextSyncAt;
    }

    synchronized boolean allComplete() {
        return allComplete;
    }

    /** The counts of the kinds completed in this turn, added up. */
    synchronized PageWriteResult totals() {
        return totals;
    }

    synchronized String summary() {
        StringBuilder text = new StringBuilder();
        outcomes.forEach((kind, outcome) -> text.append(text.isEmpty() ? "" : ", ").append(kind.path())
                .append(' ').append(outcome));
        return text.isEmpty() ? "nothing to do" : text.toString();
    }
}
