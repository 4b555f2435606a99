package nl.koppel.sync;

import java.util.UUID;

/** The dossier a turn syncs, with what its steps need of it and of its connection. */
public record SyncedDossier(UUID dossierId, UUID connectionId, UUID officeId, String systemType, String scope) {
}
