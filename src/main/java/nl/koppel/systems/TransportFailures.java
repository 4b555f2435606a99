package nl.koppel.systems;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.springframework.dao.DataAccessException;

/**
 * The one classification of a failed call as the linked user, for every route and bean: a failure the connector
 * already classified (its replies bean read the HTTP reply: AUTH, ACCESS, RATE_LIMIT, TRANSIENT, REJECTED) keeps
 * its class; everything that goes wrong below the HTTP reply (no connection, no answer in time, a reply cut off or
 * unreadable, anything unexpected) is TRANSIENT: it never flips the status.
 */
public final class TransportFailures {

    private TransportFailures() {
    }

    /** The failure class of any failure (see {@link #classify}). */
    public static FailureClass failureClass(Throwable failure) {
        return classify("the accounting system", failure).getFailureClass();
    }

    /** The text for a dossier's sync status: what failed, never a token. */
    public static String describe(String systemName, Throwable failure) {
        if (failure instanceof DataAccessException storing) {
            return "Storing a page failed, nothing of it was kept: " + storing.getMostSpecificCause().getMessage();
        }
        return classify(systemName, failure).getMessage();
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
