package nl.koppel.connections;

import java.util.List;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.office.Language;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.Role;

/**
 * A connection as the API shows it, with the status label in the caller's language. {@code linkMethod}: how its
 * sync user makes the link ({@code oauth2}: a login at the system; {@code connection-key}: one key per
 * administration); {@code connectionKeys}: for the latter, per administration whether its key works (never the key
 * itself), null for the former.
 */
public record ConnectionView(UUID id, UUID officeId, String type, String displayName, ConnectionStatus status,
                             String statusLabel, StatusReason statusReason, Instant statusChangedAt,
                             SyncUserView syncUser, LinkedUserView accountingSystemUser, Instant lastCheckedAt,
                             Instant createdAt, String linkMethod,
                             List<ConnectionKeyView> connectionKeys) {

    /**
     * A connection key, without the key: which administration, whether it works ({@code ACTIVE}, {@code REJECTED}),
     * since when it was entered, and when and why it was refused.
     */
    public record ConnectionKeyView(String externalId, String status, Instant enteredAt, Instant rejectedAt,
                                    String rejectedReason) {
    }

    public record SyncUserView(UUID id, String name, Role role) {
    }

    public record LinkedUserView(String username, String externalId, String fullName) {
    }

    public static ConnectionView of(Connection c, String displayName, OfficeUser syncUser, Language language,
                                    String linkMethod, List<ConnectionKeyView> connectionKeys) {
        AccountingSystemUser linked = c.accountingSystemUser();
        return new ConnectionView(c.id(), c.officeId(), c.systemType(), displayName, c.status(),
                c.status().label(language), c.statusReason(), c.statusChangedAt(),
                new SyncUserView(syncUser.id(), syncUser.name(), syncUser.role()),
                linked == null ? null : new LinkedUserView(linked.username(), linked.externalId(), linked.fullName()),
                c.lastCheckedAt(), c.createdAt(), linkMethod, connectionKeys);
    }
}
