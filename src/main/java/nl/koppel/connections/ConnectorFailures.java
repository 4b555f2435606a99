package nl.koppel.connections;

import java.util.UUID;
import nl.koppel.credentials.AccessTokens;
import nl.koppel.credentials.TokenIssue;
import nl.koppel.dossiers.ConnectionKeyRejections;
import nl.koppel.dossiers.DossierStatusReason;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The steps of the error routes ({@code routes/errors.camel.yaml}) for a failed call as the linked user. */
@Component("connectorFailures")
public class ConnectorFailures {

    private static final Logger log = LoggerFactory.getLogger(ConnectorFailures.class);

    private final ConnectionStatusService statuses;
    private final ConnectionKeyRejections keyRejections;

    public ConnectorFailures(ConnectionStatusService statuses, ConnectionKeyRejections keyRejections) {
        this.statuses = statuses;
        this.keyRejections = keyRejections;
    }

    /**
     * The link is broken: flip the status to niet verbonden (once, however many callers see it). When the refused
     * token came from a dossier's connection key (systems linked by key), only that key and its dossier fail.
     */
    public CheckOutcome linkBroken(@ExchangeProperty("connectionId") UUID connectionId,
                                   @ExchangeProperty(AccessTokens.ISSUE) TokenIssue used,
                                   @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        ConnectorException failure = TransportFailures.classify("the accounting system", caught);
        if (used != null && used.fromConnectionKey()) {
            keyRejections.rejected(connectionId, used.keyScope(), used.linkGeneration(),
                    DossierStatusReason.CONNECTION_KEY_REJECTED, failure.getMessage());
            return new CheckOutcome(connectionId, "KEY_REJECTED", failure.getMessage());
        }
        statuses.linkBroken(connectionId, failure.getReason() != null ? failure.getReason()
                : StatusReason.CREDENTIALS_REVOKED);
        return new CheckOutcome(connectionId, "NOT_CONNECTED", failure.getMessage());
    }

    /** Trouble that passes (timeouts, 5xx, rate limits, garbage): the status stays as it is. */
    public CheckOutcome unavailable(@ExchangeProperty("connectionId") UUID connectionId,
                                    @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        ConnectorException classified = TransportFailures.classify("the accounting system", failure);
        log.warn("Connection {}: the accounting system is unavailable ({}): {}", connectionId,
                classified.getFailureClass(), classified.getMessage());
        return new CheckOutcome(connectionId, "UNAVAILABLE", classified.getMessage());
    }
}
