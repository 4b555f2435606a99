package nl.koppel.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;

/** What one dossier turn did per kind, for the log line that closes the turn. */
final class SyncReport {

    private final Map<MasterDataKind, String> outcomes = new LinkedHashMap<>();
    private boolean allComplete = true;

    synchronized void complete(MasterDataKind kind, PageWriteResult totals, int pages) {
        outcomes.put(kind, "+" + totals.inserted() + " ~" + totals.updated() + " -" + totals.deleted() + " ="
                + totals.unchanged() + " (" + pages + (pages == 1 ? " page)" : " pages)"));
    }

    synchronized void notComplete(MasterDataKind kind, String why) {
        outcomes.put(kind, why);
        allComplete = false;
    }

    synchronized boolean allComplete() {
        return allComplete && !outcomes.isEmpty();
    }

    synchronized String summary() {
        StringBuilder text = new StringBuilder();
        outcomes.forEach((kind, outcome) -> text.append(text.isEmpty() ? "" : ", ").append(kind.path())
                .append(' ').append(outcome));
        return text.isEmpty() ? "nothing to do" : text.toString();
    }
}
