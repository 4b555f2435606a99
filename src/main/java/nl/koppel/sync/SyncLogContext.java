package nl.koppel.sync;

import nl.koppel.masterdata.MasterDataKind;
import org.slf4j.MDC;

/**
 * Puts office, connection, dossier and kind of the turn being synced into the logging MDC, so every log line of
 * a sync (ours, Camel's, the credential store's) carries them: as fields in JSON logs, in the pattern otherwise.
 * Each bean step sets it from its turn anew, so it holds on whatever thread Camel runs the step; the turn's last
 * step clears it.
 */
final class SyncLogContext {

    static final String OFFICE = "office";
    static final String CONNECTION = "connection";
    static final String DOSSIER = "dossier";
    static final String KIND = "kind";

    private SyncLogContext() {
    }

    /** {@code kind} null: a step of the dossier, not of one kind. */
    static void enter(DossierTurn turn, MasterDataKind kind) {
        SyncedDossier dossier = turn == null ? null : turn.dossier();
        put(OFFICE, dossier == null ? null : dossier.officeId());
        put(CONNECTION, dossier == null ? null : dossier.connectionId());
        put(DOSSIER, turn == null ? null : turn.lease().dossierId());
        put(KIND, kind == null ? null : kind.path());
    }

    static void leave() {
        MDC.remove(OFFICE);
        MDC.remove(CONNECTION);
        MDC.remove(DOSSIER);
        MDC.remove(KIND);
    }

    private static void put(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }
}
