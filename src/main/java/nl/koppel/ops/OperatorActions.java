package nl.koppel.ops;

import java.util.Map;
import java.util.UUID;
import nl.koppel.audit.AuditTrail;
import nl.koppel.connections.CheckOutcome;
import nl.koppel.dossiers.DossierRepository;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an operator can do to a connection or to the whole background sync, each with its audit line. The
 * results are short texts for a JMX console: outcomes and counts, never a token or a secret.
 */
@Service
public class OperatorActions {

    private static final Logger log = LoggerFactory.getLogger(OperatorActions.class);

    private final ProducerTemplate camel;
    private final DossierRepository dossiers;
    private final SyncPauses pauses;
    private final OpsQueries queries;
    private final AuditTrail audit;

    public OperatorActions(ProducerTemplate camel, DossierRepository dossiers, SyncPauses pauses, OpsQueries queries,
                           AuditTrail audit) {
        this.camel = camel;
        this.dossiers = dossiers;
        this.pauses = pauses;
        this.queries = queries;
        this.audit = audit;
    }

    /** The same route as the scheduled check and the API's check, for this connection, now. */
    public String checkNow(UUID connectionId) {
        OpsQueries.ConnectionFacts connection = require(connectionId);
        Exchange done = camel.send("direct:check-link", e -> e.setProperty("connectionId", connectionId));
        String result;
        if (done.getException() != null) {
            result = "UNAVAILABLE: the check failed (" + done.getException().getClass().getSimpleName() + ")";
        } else {
            CheckOutcome outcome = done.getMessage().getBody(CheckOutcome.class);
            result = outcome == null ? "UNAVAILABLE: no outcome" : outcome.result() + ": " + outcome.message();
        }
        String actor = OperatorIdentity.current();
        log.info("{} checked connection {} ({} of {}): {}", actor, connectionId, connection.systemType(),
                connection.officeName(), result);
        return result;
    }

    /**
     * Makes one dossier (its external id, e.g. an Exact Online division) or {@code all} of the connection's active
     * dossiers due now. Operators are not bound by the office's manual-sync limit.
     */
    @Transactional
    public String syncNow(UUID connectionId, String dossier) {
        OpsQueries.ConnectionFacts connection = require(connectionId);
        String target = dossier == null || dossier.isBlank() ? "all" : dossier.strip();
        int due = "all".equalsIgnoreCase(target)
                ? dossiers.makeDueNow(connectionId)
                : dossiers.makeDueNow(connectionId, target);
        String actor = OperatorIdentity.current();
        audit.record(connection.officeId(), actor, "sync.requested_by_operator", "connection", connectionId,
                Map.of("dossier", target, "due", due));
        StringBuilder result = new StringBuilder(due + (due == 1 ? " dossier" : " dossiers") + " due now");
        if (due == 0 && !"all".equalsIgnoreCase(target)) {
            result.append(" (no active dossier ").append(target).append(" in this connection)");
        }
        if (!"CONNECTED".equals(connection.status())) {
            result.append("; the connection is niet verbonden, so nothing syncs until the link is made again");
        } else if (connection.syncPaused()) {
            result.append("; this connection's sync is paused: resume it first");
        } else if (pauses.allPaused()) {
            result.append("; all background sync is paused: resume it on the Scheduler first");
        }
        log.info("{} requested a sync of {} of connection {}: {}", actor, target, connectionId, result);
        return result.toString();
    }

    @Transactional
    public String setConnectionPaused(UUID connectionId, boolean paused) {
        OpsQueries.ConnectionFacts connection = require(connectionId);
        String actor = OperatorIdentity.current();
        if (!pauses.setConnectionPaused(connectionId, paused)) {
            return paused ? "already paused" : "not paused";
        }
        audit.record(connection.officeId(), actor, paused ? "sync.paused" : "sync.resumed", "connection",
                connectionId, Map.of("systemType", connection.systemType()));
        log.info("{} {} the background sync of connection {} ({} of {})", actor, paused ? "paused" : "resumed",
                connectionId, connection.systemType(), connection.officeName());
        return paused ? "paused: no new sync turns for this connection (turns in flight finish)" : "resumed";
    }

    @Transactional
    public String setAllPaused(boolean paused) {
        String actor = OperatorIdentity.current();
        if (!pauses.setAllPaused(paused)) {
            return paused ? "already paused" : "not paused";
        }
        audit.record(null, actor, paused ? "sync.paused_all" : "sync.resumed_all", "scheduler", null, Map.of());
        log.warn("{} {} all background sync", actor, paused ? "paused" : "resumed");
        return paused ? "paused: no new sync turns on any instance (turns in flight finish)" : "resumed";
    }

    private OpsQueries.ConnectionFacts require(UUID connectionId) {
        return queries.connection(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
    }
}
