package nl.koppel.connections;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.credentials.AccessTokens;
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
    private final AccessTokens tokens;

    public LinkCheck(ConnectionRepository connections, AccessTokens tokens) {
        this.connections = connections;
        this.tokens = tokens;
    }

    /** Puts the connection's system type and a valid access token on the exchange, as properties. */
    public void prepare(@ExchangeProperty("connectionId") UUID connectionId, Exchange exchange) {
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        exchange.setProperty("systemType", connection.systemType());
        tokens.prepare(connectionId, exchange);
    }

    public CheckOutcome confirmed(@ExchangeProperty("connectionId") UUID connectionId, @Body AccountingSystemUser user) {
        connections.markChecked(connectionId, Instant.now());
        log.debug("Connection {} checked: linked as {}", connectionId, user.username());
        return new CheckOutcome(connectionId, "OK", "Linked as " + user.username());
    }
}
