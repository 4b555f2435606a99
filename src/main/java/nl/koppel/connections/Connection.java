package nl.koppel.connections;

import java.time.Instant;
import java.util.UUID;

/** An office's link to one accounting system, through its sync user. */
public record Connection(UUID id, UUID officeId, String systemType, UUID syncUserId, ConnectionStatus status,
                         StatusReason statusReason, Instant statusChangedAt,
                         AccountingSystemUser accountingSystemUser, Instant lastCheckedAt, Instant createdAt) {
}
