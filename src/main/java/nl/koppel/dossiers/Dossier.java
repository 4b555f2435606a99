package nl.koppel.dossiers;

import java.time.Instant;
import java.util.UUID;

/**
 * One client administration of an office in an accounting system  (Exact Online: a division).
 * {@code statusReason}: why it is INACCESSIBLE when only the office can help (a connection key); null otherwise.
 */
public record Dossier(UUID id, UUID connectionId, UUID officeId, String externalId, String name, DossierStatus status,
                      Instant statusChangedAt, String kvkNumber, String vatNumber, String moveMarker, Instant addedAt,
                      Instant lastManualSyncAt, Instant lastSuccessfulSyncAt, DossierStatusReason statusReason) {
}
