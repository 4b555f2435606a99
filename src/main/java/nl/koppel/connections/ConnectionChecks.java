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
    private final OnDemandCalls onDemand;

    public ConnectionChecks(ConnectionService connections, ProducerTemplate camel, OnDemandCalls onDemand) {
        this.connections = connections;
        this.camel = camel;
        this.onDemand = onDemand;
    }

    public record CheckResult(String result, String message, ConnectionView accountingSystem) {
    }

    public CheckResult checkNow(SignedInUser caller, UUID officeId, UUID connectionId) {
        connections.find(caller, officeId, connectionId);
        // concurrent and repeated checks of one connection share one call (koppel.on-demand.min-interval)
        CheckOutcome outcome = onDemand.call(connectionId, "check", () -> {
            Exchange done = camel.send("direct:check-link", e -> e.setProperty("connectionId", connectionId));
            if (done.getException() != null) {
                throw TransportFailures.classify("the accounting system", done.getException());
            }
            return done.getMessage().getBody(CheckOutcome.class);
        });
        return new CheckResult(outcome.result(), outcome.message(), connections.get(caller, officeId, connectionId));
    }
}
