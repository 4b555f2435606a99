package nl.koppel.connections;

import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.TransportFailures;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An office's accounting systems: add one, name its sync user, look at its status, check the link now. */
@RestController
public class ConnectionController {

    private static final String BASE = "/api/v1/offices/{officeId}/accounting-systems";

    private final ConnectionService connections;
    private final ProducerTemplate camel;
    private final OnDemandCalls onDemand;

    public ConnectionController(ConnectionService connections, ProducerTemplate camel, OnDemandCalls onDemand) {
        this.onDemand = onDemand;
        this.connections = connections;
        this.camel = camel;
    }

    @GetMapping(BASE)
    public List<ConnectionView> list(@PathVariable UUID officeId, @AuthenticationPrincipal SignedInUser caller) {
        return connections.list(caller, officeId);
    }

    @PostMapping(BASE)
    @ResponseStatus(HttpStatus.CREATED)
    public ConnectionView add(@PathVariable UUID officeId,
                              @Valid @RequestBody ConnectionRequests.AddAccountingSystem request,
                              @AuthenticationPrincipal SignedInUser caller) {
        return connections.add(caller, officeId, request);
    }

    @GetMapping(BASE + "/{connectionId}")
    public ConnectionView get(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                              @AuthenticationPrincipal SignedInUser caller) {
        return connections.get(caller, officeId, connectionId);
    }

    @PutMapping(BASE + "/{connectionId}/sync-user")
    public ConnectionView changeSyncUser(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                                         @Valid @RequestBody ConnectionRequests.ChangeSyncUser request,
                                         @AuthenticationPrincipal SignedInUser caller) {
        return connections.changeSyncUser(caller, officeId, connectionId, request.userId());
    }

    public record CheckResult(String result, String message, ConnectionView accountingSystem) {
    }

    /** Runs the same route as the scheduled check, for this one connection, now. */
    @PostMapping(BASE + "/{connectionId}/check")
    public CheckResult check(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                             @AuthenticationPrincipal SignedInUser caller) {
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
