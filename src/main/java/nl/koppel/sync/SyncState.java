package nl.koppel.sync;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;

/** The sync state of one kind of one dossier. */
public record SyncState(UUID dossierId, MasterDataKind kind, String cursor, boolean fullSyncRequired, String state,
                        Instant lastAttemptAt, Instant lastSuccessAt, Instant lastFullSyncAt, Integer lastInserted,
                        Integer lastUpdated, Integer lastDeleted, Integer lastUnchanged, Long lastDurationMillis,
                        String lastError, int consecutiveFailures) {
}
