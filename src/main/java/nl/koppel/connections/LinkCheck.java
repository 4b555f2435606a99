package nl.koppel.connections;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.credentials.CredentialStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of the link-check route ({@code routes/link-check.camel.yaml}): get a valid token, let the
 * connector ask who the linked user is, and record the outcome.
 */
@Component("linkCheck")
public class LinkCheck {

    private static final Logger log = LoggerFactory.getLogger(LinkCheck.class);

    private final ConnectionRepository connections;
    private final CredentialStore credentials;

    public LinkCheck(ConnectionRepository connections, CredentialStore credentials) {
        this.connections = connections;
        this.credentials = credentials;
    }

    /** Puts the connection's system type and a valid access token on the exchange, as properties. */
    public void prepare(@ExchangeProperty("connectionId") UUID connectionId, Exchange exchange) {
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        exchange.setProperty("systemType", connection.systemType());
        exchange.setProperty("accessToken", credentials.accessToken(connectionId));
    }

    public CheckOutcome confirmed(@ExchangeProperty("connectionId") UUID connectionId, @Body AccountingSystemUser user) {
        connections.markChecked(connectionId, Instant.now());
        log.debug("Connection {} checked: linked as {}", connectionId, user.username());
        return new CheckOutcome(connectionId, "OK", "Linked as " + user.username());
    }
}
