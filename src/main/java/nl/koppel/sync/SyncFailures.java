package nl.koppel.sync;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.dossiers.DossierStatus;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.notifications.Notifier;
import nl.koppel.ops.metrics.SyncMetrics;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the error routes for a failed master-data sync of one kind ({@code routes/errors.camel.yaml}).
 * They act on the kind's {@link KindRun} (or, when the run failed before it began, on the turn and the kind in
 * the body); every write is fenced with the turn's lease.
 */
@Component("syncFailures")
public class SyncFailures {

    private static final Logger log = LoggerFactory.getLogger(SyncFailures.class);

    private final SyncStateRepository states;
    private final DossierRepository dossiers;
    private final ConnectionRepository connections;
    private final RateLimitBudgets rateLimits;
    private final RateLimitScopes rateLimitScopes;
    private final DossierSync dossierSync;
    private final KindSync kindSync;
    private final Notifier notifier;
    private final TransactionTemplate transaction;
    private final SyncProperties properties;
    private final SyncMetrics metrics;

    public SyncFailures(SyncStateRepository states, DossierRepository dossiers, ConnectionRepository connections,
                        RateLimitBudgets rateLimits, RateLimitScopes rateLimitScopes, DossierSync dossierSync,
                        KindSync kindSync, Notifier notifier, TransactionTemplate transaction,
                        SyncProperties properties, SyncMetrics metrics) {
        this.rateLimitScopes = rateLimitScopes;
        this.states = states;
        this.dossiers = dossiers;
        this.connections = connections;
        this.rateLimits = rateLimits;
        this.dossierSync = dossierSync;
        this.kindSync = kindSync;
        this.notifier = notifier;
        this.transaction = transaction;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** The kind that failed and its turn: from its run, or from the body when it failed while beginning. */
    private record Failed(DossierTurn turn, MasterDataKind kind, KindRun run) {

        UUID dossierId() {
            return turn.lease().dossierId();
        }

        DossierLease lease() {
            return turn.lease();
        }
    }

    private static Failed failed(KindRun run, DossierTurn turn, Object body) {
        return run != null ? new Failed(run.turn(), run.kind(), run)
                : new Failed(turn, body instanceof MasterDataKind kind ? kind : null, null);
    }

    /** AUTH: the status flip happened in the link-broken step; the dossier's work stops at once. */
    public void linkBroken(@ExchangeProperty(KindRun.PROPERTY) KindRun run,
                           @ExchangeProperty(DossierTurn.PROPERTY) DossierTurn turn, @Body Object body,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        Failed f = failed(run, turn, body);
        f.turn().stop(f.kind(), "The link is broken: " + failure.getMessage());
        fenced(f, () -> states.failed(f.lease(), f.kind(), "The link is broken: " + failure.getMessage()));
        metrics.kindRun(f.kind(), "failed", kindSync.elapsed(run));
    }

    /** ACCESS: the linked user may not reach this dossier: it becomes INACCESSIBLE, kept with its data. */
    public void accessDenied(@ExchangeProperty(KindRun.PROPERTY) KindRun run,
                             @ExchangeProperty(DossierTurn.PROPERTY) DossierTurn turn, @Body Object body,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        Failed f = failed(run, turn, body);
        transaction.executeWithoutResult(tx -> {
            if (dossiers.changeStatus(f.dossierId(), DossierStatus.INACCESSIBLE)) {
                Dossier dossier = dossiers.find(f.dossierId()).orElseThrow();
                notifier.dossierInaccessible(connections.find(dossier.connectionId()).orElseThrow(), dossier,
                        failure.getMessage());
                log.warn("Dossier {} is now INACCESSIBLE: {}", f.dossierId(), failure.getMessage());
            }
        });
        fenced(f, () -> states.failed(f.lease(), f.kind(), "No access: " + failure.getMessage()));
        metrics.kindRun(f.kind(), "failed", kindSync.elapsed(run));
        f.turn().stop(f.kind(), "no access");
    }

    /** RATE_LIMIT: wait for the reset without an error; the cursor stays where the last page left it. */
    public void rateLimited(@ExchangeProperty(KindRun.PROPERTY) KindRun run,
                            @ExchangeProperty(DossierTurn.PROPERTY) DossierTurn turn, @Body Object body,
                            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        Failed f = failed(run, turn, body);
        SyncedDossier dossier = f.turn().dossier();
        ConnectorException failure = TransportFailures.classify("the accounting system", caught);
        Instant retryAt = failure.getRetryAt() != null ? failure.getRetryAt() : Instant.now().plusSeconds(60);
        rateLimits.block(dossier.systemType(), rateLimitScopes.of(dossier), retryAt);
        metrics.rateLimited(dossier.systemType(), retryAt);
        metrics.kindRun(f.kind(), "paused", kindSync.elapsed(run));
        fenced(f, () -> states.waiting(f.lease(), f.kind(), "Waiting for the rate limit to reset at " + retryAt,
                run == null ? null : run.paused()));
        f.turn().dueAt(retryAt);
        f.turn().stop(f.kind(), "waiting for the rate limit until " + retryAt);
        log.info("Dossier {} {}: rate limit reached, continuing at {}", f.dossierId(), f.kind().path(), retryAt);
    }

    /**
     * TRANSIENT and anything unexpected: the kind's run failed; retry later with a growing wait, and show the
     * error in the sync status. The status of the link stays as it is and office users are not notified; at
     * {@code koppel.sync.warn-after-failures} failures in a row the operators are warned (a WARN line, and
     * {@link FailingSyncs} lists the kind) and webhooks that subscribed to {@code sync.failed} get it once.
     */
    public void failed(@ExchangeProperty(KindRun.PROPERTY) KindRun run,
                       @ExchangeProperty(DossierTurn.PROPERTY) DossierTurn turn, @Body Object body,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        Failed f = failed(run, turn, body);
        if (failure instanceof LeaseLostException || failure.getCause() instanceof LeaseLostException) {
            f.turn().stop(f.kind(), "lease lost");
            return;
        }
        String message = TransportFailures.describe("the accounting system", failure);
        Integer failures = fenced(f, () -> transaction.execute(tx -> {
            states.failed(f.lease(), f.kind(), message);
            int inARow = states.find(f.dossierId(), f.kind()).map(SyncState::consecutiveFailures).orElse(1);
            if (inARow == properties.warnAfterFailures()) {
                Dossier dossier = dossiers.find(f.dossierId()).orElseThrow();
                notifier.syncFailed(connections.find(dossier.connectionId()).orElseThrow(), dossier,
                        f.kind().path(), inARow, message);
            }
            return inARow;
        }));
        if (failures == null) {
            return; // the lease was lost: the new holder of the dossier decides
        }
        metrics.kindRun(f.kind(), "failed", kindSync.elapsed(run));
        Instant retryAt = dossierSync.backoff(failures);
        f.turn().dueNoLaterThan(retryAt);
        f.turn().notComplete(f.kind(), "failed: " + message);
        if (failures >= properties.warnAfterFailures()) {
            log.warn("OPERATORS: sync of dossier {} {} has failed {} runs in a row (warn-after-failures {}), retry at"
                    + " {}: {}", f.dossierId(), f.kind().path(), failures, properties.warnAfterFailures(), retryAt,
                    message);
        } else {
            log.info("Sync of dossier {} {} failed ({} in a row), retry at {}: {}", f.dossierId(), f.kind().path(),
                    failures, retryAt, message);
        }
    }

    /**
     * A write of the failed run, fenced with the turn's lease: when another claim took the dossier over, nothing is
     * written and the turn stops (null).
     */
    private static <T> T fenced(Failed f, Supplier<T> write) {
        try {
            return write.get();
        } catch (LeaseLostException lost) {
            f.turn().stop(f.kind(), "lease lost");
            return null;
        }
    }

    private static void fenced(Failed f, Runnable write) {
        fenced(f, () -> {
            write.run();
            return Boolean.TRUE;
        });
    }
}
