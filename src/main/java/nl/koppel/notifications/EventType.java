package nl.koppel.notifications;

import java.util.Arrays;
import java.util.Optional;

/** What a notification or webhook announces; the names are the webhook event types. */
public enum EventType {
    CONNECTION_DISCONNECTED("connection.disconnected"),
    CONNECTION_RECONNECTED("connection.reconnected"),
    /** The link was made again as another accounting-system user than before. */
    CONNECTION_LINKED_USER_CHANGED("connection.linked_user_changed"),
    DOSSIER_ADDED("dossier.added"),
    DOSSIER_INACCESSIBLE("dossier.inaccessible"),
    /** A dossier's connection key stopped working (systems linked by key): only that dossier stops. */
    DOSSIER_CONNECTION_KEY_REJECTED("dossier.connection_key_rejected"),
    SYNC_FAILED("sync.failed");

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst();
    }
}
