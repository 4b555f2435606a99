package nl.koppel.sync;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.dossiers.DossierStatus;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.notifications.Notifier;
import nl.koppel.ops.metrics.SyncMetrics;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The steps of the error routes for a failed master-data sync of one kind ({@code routes/errors.camel.yaml}). */
@Component("syncFailures")
public class SyncFailures {

    private static final Logger log = LoggerFactory.getLogger(SyncFailures.class);

    private final SyncStateRepository states;
    private final DossierRepository dossiers;
    private final ConnectionRepository connections;
    private final RateLimitBudgets rateLimits;
    private final RateLimitScopes rateLimitScopes;
    private final DossierSync dossierSync;
    private final Notifier notifier;
    private final TransactionTemplate transaction;
    private final SyncProperties properties;
    private final SyncMetrics metrics;

    public SyncFailures(SyncStateRepository states, DossierRepository dossiers, ConnectionRepository connections,
                        RateLimitBudgets rateLimits, RateLimitScopes rateLimitScopes, DossierSync dossierSync,
                        Notifier notifier, TransactionTemplate transaction, SyncProperties properties,
                        SyncMetrics metrics) {
        this.rateLimitScopes = rateLimitScopes;
        this.states = states;
        this.dossiers = dossiers;
        this.connections = connections;
        this.rateLimits = rateLimits;
        this.dossierSync = dossierSync;
        this.notifier = notifier;
        this.transaction = transaction;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** AUTH: the status flip happened in the link-broken step; the dossier's work stops at once. */
    public void linkBroken(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                           @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        stop(exchange, dossierId, kind, "The link is broken: " + failure.getMessage());
        states.failed(dossierId, kind, "The link is broken: " + failure.getMessage());
        metrics.kindRun(kind, "failed", KindSync.elapsed(exchange));
    }

    /** ACCESS: the linked user may not reach this dossier: it becomes INACCESSIBLE, kept with its data. */
    public void accessDenied(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                             @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        transaction.executeWithoutResult(tx -> {
            if (dossiers.changeStatus(dossierId, DossierStatus.INACCESSIBLE)) {
                Dossier dossier = dossiers.find(dossierId).orElseThrow();
                notifier.dossierInaccessible(connections.find(dossier.connectionId()).orElseThrow(), dossier,
                        failure.getMessage());
                log.warn("Dossier {} is now INACCESSIBLE: {}", dossierId, failure.getMessage());
            }
        });
        states.failed(dossierId, kind, "No access: " + failure.getMessage());
        metrics.kindRun(kind, "failed", KindSync.elapsed(exchange));
        stop(exchange, dossierId, kind, "no access");
    }

    /** RATE_LIMIT: wait for the reset without an error; the cursor stays where the last page left it. */
    public void rateLimited(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                            @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                            @ExchangeProperty(DossierSync.SYSTEM_TYPE) String systemType,
                            @ExchangeProperty(DossierSync.SCOPE) String scope,
                            @ExchangeProperty(DossierSync.CONNECTION_ID) UUID connectionId,
                            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught, Exchange exchange) {
        ConnectorException failure = TransportFailures.classify("the accounting system", caught);
        Instant retryAt = failure.getRetryAt() != null ? failure.getRetryAt() : Instant.now().plusSeconds(60);
        rateLimits.block(systemType, rateLimitScopes.of(systemType, connectionId, scope), retryAt);
        metrics.rateLimited(systemType, retryAt);
        metrics.kindRun(kind, "paused", KindSync.elapsed(exchange));
        states.waiting(dossierId, kind, "Waiting for the rate limit to reset at " + retryAt,
                KindSync.paused(exchange));
        turn(exchange).dueAt(retryAt);
        stop(exchange, dossierId, kind, "waiting for the rate limit until " + retryAt);
        log.info("Dossier {} {}: rate limit reached, continuing at {}", dossierId, kind.path(), retryAt);
    }

    /**
     * TRANSIENT and anything unexpected: the kind's run failed; retry later with a growing wait, and show the
     * error in the sync status. The status of the link stays as it is and office users are not notified; at
     * {@code koppel.sync.warn-after-failures} failures in a row the operators are warned (a WARN line, and
     * {@link FailingSyncs} lists the kind) and webhooks that subscribed to {@code sync.failed} get it once.
     */
    public void failed(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                       @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        if (failure instanceof LeaseLostException || failure.getCause() instanceof LeaseLostException) {
            stop(exchange, dossierId, kind, "lease lost");
            return;
        }
        String message = TransportFailures.describe("the accounting system", failure);
        int failures = transaction.execute(tx -> {
            states.failed(dossierId, kind, message);
            int inARow = states.find(dossierId, kind).map(SyncState::consecutiveFailures).orElse(1);
            if (inARow == properties.warnAfterFailures()) {
                Dossier dossier = dossiers.find(dossierId).orElseThrow();
                notifier.syncFailed(connections.find(dossier.connectionId()).orElseThrow(), dossier, kind.path(),
                        inARow, message);
            }
            return inARow;
        });
        metrics.kindRun(kind, "failed", KindSync.elapsed(exchange));
        Instant retryAt = dossierSync.backoff(failures);
        turn(exchange).dueNoLaterThan(retryAt);
        turn(exchange).notComplete(kind, "failed: " + message);
        if (failures >= properties.warnAfterFailures()) {
            log.warn("OPERATORS: sync of dossier {} {} has failed {} runs in a row (warn-after-failures {}), retry at"
                    + " {}: {}", dossierId, kind.path(), failures, properties.warnAfterFailures(), retryAt, message);
        } else {
            log.info("Sync of dossier {} {} failed ({} in a row), retry at {}: {}", dossierId, kind.path(), failures,
                    retryAt, message);
        }
    }

    private static void stop(Exchange exchange, UUID dossierId, MasterDataKind kind, String why) {
        turn(exchange).stop(kind, why);
    }

    private static DossierTurn turn(Exchange exchange) {
        return exchange.getProperty(DossierSync.TURN, DossierTurn.class);
    }
}
