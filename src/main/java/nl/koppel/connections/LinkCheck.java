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

    /**
     * Puts the connection's system type, its link method (property {@code linkMethod}) and, for a system linked by
     * OAuth, a valid access token on the exchange. A system linked by connection key is checked key by key (bean
     * connectionKeyChecks), each with its own token.
     */
    public void prepare(@ExchangeProperty("connectionId") UUID connectionId, Exchange exchange) {
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        exchange.setProperty("systemType", connection.systemType());
        boolean byKey = tokens.linkedByKey(connection.systemType());
        exchange.setProperty(LINK_METHOD, byKey ? "CONNECTION_KEY" : "OAUTH2");
        if (!byKey) {
            tokens.prepare(connectionId, exchange);
        }
    }

    /** Exchange property: how the connection is linked, {@code OAUTH2} or {@code CONNECTION_KEY}. */
    public static final String LINK_METHOD = "linkMethod";

    /** @param checked who the linked user is (whoami), or for a key system what its working keys reach */
    public CheckOutcome confirmed(@ExchangeProperty("connectionId") UUID connectionId, @Body Object checked) {
        connections.markChecked(connectionId, Instant.now());
        String what = checked instanceof AccountingSystemUser user ? "Linked as " + user.username()
                : checked instanceof java.util.List<?> reached ? reached.size() + " connection keys work"
                : "Linked";
        log.debug("Connection {} checked: {}", connectionId, what);
        return new CheckOutcome(connectionId, "OK", what);
    }
}
