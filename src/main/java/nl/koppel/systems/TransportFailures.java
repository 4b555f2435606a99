package nl.koppel.systems;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Turns what goes wrong below the HTTP reply (no connection, no answer in time, an unreadable body) into a
 * TRANSIENT {@link ConnectorException}. Replies that did arrive are classified by each connector.
 */
public final class TransportFailures {

    private TransportFailures() {
    }

    public static ConnectorException classify(String systemName, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectorException classified) {
                return classified;
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return new ConnectorException(FailureClass.TRANSIENT, systemName + " did not answer in time", failure);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return new ConnectorException(FailureClass.TRANSIENT, systemName + " could not be reached", failure);
            }
            if (t instanceof JsonProcessingException) {
                return new ConnectorException(FailureClass.TRANSIENT,
                        systemName + " sent a reply that is not valid JSON", failure);
            }
            if (t instanceof IOException) {
                return new ConnectorException(FailureClass.TRANSIENT,
                        systemName + " connection failed (" + t.getClass().getSimpleName() + ")", failure);
            }
        }
        return new ConnectorException(FailureClass.TRANSIENT,
                "Call to " + systemName + " failed (" + failure.getClass().getSimpleName() + ")", failure);
    }
}
