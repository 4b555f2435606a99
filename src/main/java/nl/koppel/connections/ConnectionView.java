package nl.koppel.connections;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.office.Language;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.Role;

/** A connection as the API shows it, with the status label in the caller's language. */
public record ConnectionView(UUID id, UUID officeId, String type, String displayName, ConnectionStatus status,
                             String statusLabel, StatusReason statusReason, Instant statusChangedAt,
                             SyncUserView syncUser, LinkedUserView accountingSystemUser, Instant lastCheckedAt,
                             Instant createdAt) {

    public record SyncUserView(UUID id, String name, Role role) {
    }

    public record LinkedUserView(String username, String externalId, String fullName) {
    }

    public static ConnectionView of(Connection c, String displayName, OfficeUser syncUser, Language language) {
        AccountingSystemUser linked = c.accountingSystemUser();
        return new ConnectionView(c.id(), c.officeId(), c.systemType(), displayName, c.status(),
                c.status().label(language), c.statusReason(), c.statusChangedAt(),
                new SyncUserView(syncUser.id(), syncUser.name(), syncUser.role()),
                linked == null ? null : new LinkedUserView(linked.username(), linked.externalId(), linked.fullName()),
                c.lastCheckedAt(), c.createdAt());
    }
}
