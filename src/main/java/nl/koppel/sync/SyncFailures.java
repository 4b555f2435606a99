package nl.koppel.sync;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.dossiers.DossierStatus;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.ops.metrics.SyncMetrics;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The steps of the error routes for a failed master-data sync of one kind ({@code routes/errors.camel.yaml}). */
@Component("syncFailures")
public class SyncFailures {

    private static final Logger log = LoggerFactory.getLogger(SyncFailures.class);

    private final SyncStateRepository states;
    private final DossierRepository dossiers;
    private final RateLimitBudgets rateLimits;
    private final DossierSync dossierSync;
    private final SyncMetrics metrics;

    public SyncFailures(SyncStateRepository states, DossierRepository dossiers, RateLimitBudgets rateLimits,
                        DossierSync dossierSync, SyncMetrics metrics) {
        this.states = states;
        this.dossiers = dossiers;
        this.rateLimits = rateLimits;
        this.dossierSync = dossierSync;
        this.metrics = metrics;
    }

    /** AUTH: the status flip happened in the link-broken step; the dossier's work stops at once. */
    public void linkBroken(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                           @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        stop(exchange, dossierId, kind, "The link is broken: " + failure.getMessage());
        states.failed(dossierId, kind, "The link is broken: " + failure.getMessage());
    }

    /** ACCESS: the linked user may not reach this dossier: it becomes INACCESSIBLE, kept with its data. */
    public void accessDenied(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                             @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                             @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        if (dossiers.changeStatus(dossierId, DossierStatus.INACCESSIBLE)) {
            log.warn("Dossier {} is now INACCESSIBLE: {}", dossierId, failure.getMessage());
        }
        states.failed(dossierId, kind, "No access: " + failure.getMessage());
        stop(exchange, dossierId, kind, "no access");
    }

    /** RATE_LIMIT: wait for the reset without an error; the cursor stays where the last page left it. */
    public void rateLimited(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                            @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                            @ExchangeProperty(DossierSync.SYSTEM_TYPE) String systemType,
                            @ExchangeProperty(DossierSync.SCOPE) String scope,
                            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) ConnectorException failure,
                            Exchange exchange) {
        Instant retryAt = failure.getRetryAt() != null ? failure.getRetryAt() : Instant.now().plusSeconds(60);
        rateLimits.block(systemType, scope, retryAt);
        metrics.rateLimited(systemType, retryAt);
        states.waiting(dossierId, kind, "Waiting for the rate limit to reset at " + retryAt);
        turn(exchange).dueAt(retryAt);
        stop(exchange, dossierId, kind, "waiting for the rate limit until " + retryAt);
        log.info("Dossier {} {}: rate limit reached, continuing at {}", dossierId, kind.path(), retryAt);
    }

    /** TRANSIENT and anything unexpected: the kind's run failed; retry later with a growing wait. */
    public void failed(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                       @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        if (failure instanceof LeaseLostException) {
            stop(exchange, dossierId, kind, "lease lost");
            return;
        }
        String message = failure instanceof DataAccessException storing
                ? "Storing a page failed, nothing of it was kept: " + storing.getMostSpecificCause().getMessage()
                : TransportFailures.classify("the accounting system", failure).getMessage();
        states.failed(dossierId, kind, message);
        int failures = states.find(dossierId, kind).map(SyncState::consecutiveFailures).orElse(1);
        Instant retryAt = dossierSync.backoff(failures);
        turn(exchange).dueNoLaterThan(retryAt);
        turn(exchange).notComplete(kind, "failed: " + message);
        log.warn("Sync of dossier {} {} failed ({} in a row), retry at {}: {}", dossierId, kind.path(), failures,
                retryAt, message);
    }

    private static void stop(Exchange exchange, UUID dossierId, MasterDataKind kind, String why) {
        turn(exchange).stop(kind, why);
    }

    private static DossierTurn turn(Exchange exchange) {
        return exchange.getProperty(DossierSync.TURN, DossierTurn.class);
    }
}
