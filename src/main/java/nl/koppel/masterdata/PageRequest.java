package nl.koppel.masterdata;

import java.util.UUID;

/**
 * The body of {@code direct:<system>-fetch-page}: which page of which kind of which dossier to read. The answer
 * is a {@link MasterDataPage}. The access token travels beside it (exchange property {@code accessToken}), as for
 * every contract route, so that it is never part of an object that might be logged.
 *
 * @param dossierId    Koppel's id of the dossier (for helper beans such as {@link StoredSourceFields})
 * @param scope        the dossier's id at the accounting system (Exact Online division, Moneybird administration,
 *                     Twinfield office)
 * @param cursor       what the connector returned with the kind's last committed page; null at first
 * @param continuation what the previous page of this run returned; null on a run's first page
 * @param sharedReads  reads of this dossier turn that the turn's other kinds may reuse
 */
public record PageRequest(UUID dossierId, String scope, MasterDataKind kind, SyncMode mode, String cursor,
                          String continuation, SharedReads sharedReads) {

    /** Connector routes keep the request under this exchange property while they call the accounting system. */
    public static final String PROPERTY = "pageRequest";

    public boolean full() {
        return mode == SyncMode.FULL;
    }
}
