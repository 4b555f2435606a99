package nl.koppel.systems;

import nl.koppel.connections.StatusReason;

/**
 * A classified failure of a call to an accounting system. The message is safe to log and to show: it never
 * holds a token, code or secret.
 */
public class ConnectorException extends RuntimeException {

    private final FailureClass failureClass;
    private final StatusReason reason;

    public ConnectorException(FailureClass failureClass, StatusReason reason, String message) {
        super(message);
        this.failureClass = failureClass;
        this.reason = reason;
    }

    public ConnectorException(FailureClass failureClass, String message, Throwable cause) {
        super(message, cause);
        this.failureClass = failureClass;
        this.reason = null;
    }

    public static ConnectorException auth(StatusReason reason, String message) {
        return new ConnectorException(FailureClass.AUTH, reason, message);
    }

    public static ConnectorException transientFailure(String message) {
        return new ConnectorException(FailureClass.TRANSIENT, null, message);
    }

    public FailureClass getFailureClass() {
        return failureClass;
    }

    /** For AUTH failures: the status reason the connection gets. */
    public StatusReason getReason() {
        return reason;
    }
}
