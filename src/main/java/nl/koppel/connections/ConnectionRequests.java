package nl.koppel.connections;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** Request bodies of the accounting-systems endpoints. */
public final class ConnectionRequests {

    private ConnectionRequests() {
    }

    public record AddAccountingSystem(@NotBlank String type, @NotNull UUID syncUserId) {
    }

    public record ChangeSyncUser(@NotNull UUID userId) {
    }
}
