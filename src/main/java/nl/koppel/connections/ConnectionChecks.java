package nl.koppel.connections;

import java.util.UUID;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Service;

/** "Nu controleren": runs the same route as the scheduled check, for one connection, now (API and screens). */
@Service
public class ConnectionChecks {

    private final ConnectionService connections;
    private final ProducerTemplate camel;

    public ConnectionChecks(ConnectionService connections, ProducerTemplate camel) {
        this.connections = connections;
        this.camel = camel;
    }

    public record CheckResult(String result, String message, ConnectionView accountingSystem) {
    }

    public CheckResult checkNow(SignedInUser caller, UUID officeId, UUID connectionId) {
        connections.find(caller, officeId, connectionId);
        Exchange done = camel.send("direct:check-link", exchange -> exchange.setProperty("connectionId", connectionId));
        if (done.getException() != null) {
            throw TransportFailures.classify("the accounting system", done.getException());
        }
        CheckOutcome outcome = done.getMessage().getBody(CheckOutcome.class);
        return new CheckResult(outcome.result(), outcome.message(), connections.get(caller, officeId, connectionId));
    }
}
