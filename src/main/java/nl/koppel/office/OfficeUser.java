package nl.koppel.office;

import java.util.UUID;

/** A user of the platform; {@code officeId} is null only for platform accounts. */
public record OfficeUser(UUID id, UUID officeId, String username, String name, String email, Role role,
                         Language language) {
}
