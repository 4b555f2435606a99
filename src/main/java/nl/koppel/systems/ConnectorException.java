package nl.koppel.systems;

import java.time.Instant;
import nl.koppel.connections.StatusReason;

/**
 * A classified failure of a call to an accounting system. The message is safe to log and to show: it never
 * holds a token, code or secret.
 */
public class ConnectorException extends RuntimeException {

    private final FailureClass failureClass;
    private final StatusReason reason;
    private Instant retryAt;
    private boolean accessTokenRejected;

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

    /** A RATE_LIMIT failure: calls may go on from this moment. */
    public static ConnectorException rateLimited(String message, Instant retryAt) {
        ConnectorException e = new ConnectorException(FailureClass.RATE_LIMIT, null, message);
        e.retryAt = retryAt;
        return e;
    }

    /**
     * The system refused the access token in a way that an expired token gets (Twinfield's fault 354, sometimes
     * 103; a 400 from its token validation): TRANSIENT, and the connector's route may refresh the token and retry
     * once ({@code accessTokenRenewal}) before anything is concluded about the link.
     */
    public static ConnectorException accessTokenRejected(String message) {
        ConnectorException e = new ConnectorException(FailureClass.TRANSIENT, null, message);
        e.accessTokenRejected = true;
        return e;
    }

    public boolean isAccessTokenRejected() {
        return accessTokenRejected;
    }

    /** For RATE_LIMIT failures: when calls may go on (null when unknown). */
    public Instant getRetryAt() {
        return retryAt;
    }

    public FailureClass getFailureClass() {
        return failureClass;
    }

    /** For AUTH failures: the status reason the connection gets. */
    public StatusReason getReason() {
        return reason;
    }
}
