package nl.koppel.sync;

import nl.koppel.masterdata.MasterDataKind;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * Puts office, connection, dossier and kind of the exchange being synced into the logging MDC, so every log
 * line of a sync (ours, Camel's, the credential store's) carries them: as fields in JSON logs, in the pattern
 * otherwise. Each bean step sets it from the exchange anew, so it holds on whatever thread Camel runs the step;
 * the turn's last step clears it.
 */
final class SyncLogContext {

    static final String OFFICE = "office";
    static final String CONNECTION = "connection";
    static final String DOSSIER = "dossier";
    static final String KIND = "kind";

    private SyncLogContext() {
    }

    static void enter(Exchange exchange) {
        put(OFFICE, exchange.getProperty(DossierSync.OFFICE_ID));
        put(CONNECTION, exchange.getProperty(DossierSync.CONNECTION_ID));
        put(DOSSIER, exchange.getProperty(DossierSync.DOSSIER_ID));
        Object kind = exchange.getProperty(DossierSync.KIND);
        put(KIND, kind instanceof MasterDataKind k ? k.path() : kind);
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
