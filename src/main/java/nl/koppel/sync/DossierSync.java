package nl.koppel.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The dossier-level steps of {@code routes/master-data.camel.yaml}: start a claimed dossier's {@link DossierTurn},
 * hand out its due kinds, and release it with the time of its next turn.
 */
@Component("dossierSync")
public class DossierSync {

    private static final Logger log = LoggerFactory.getLogger(DossierSync.class);

    private final DossierRepository dossiers;
    private final ConnectionRepository connections;
    private final SyncStateRepository states;
    private final DossierLeases leases;
    private final SyncWork work;
    private final SyncProperties properties;
    private final Clock clock;

    public DossierSync(DossierRepository dossiers, ConnectionRepository connections, SyncStateRepository states,
                       DossierLeases leases, SyncWork work, SyncProperties properties, ObjectProvider<Clock> clock) {
        this.dossiers = dossiers;
        this.connections = connections;
        this.states = states;
        this.leases = leases;
        this.work = work;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * Starts the turn of the claimed dossier (the body); the body becomes the list of kinds due in it, the one
     * longest out of step first.
     */
    public List<MasterDataKind> start(@Body DossierLease lease, Exchange exchange) {
        DossierTurn turn = new DossierTurn(lease, clock.instant());
        exchange.setProperty(DossierTurn.PROPERTY, turn); // first: finish releases the lease whatever fails below
        Dossier dossier = dossiers.find(lease.dossierId()).orElseThrow();
        Connection connection = connections.find(dossier.connectionId()).orElseThrow();
        turn.identify(new SyncedDossier(dossier.id(), connection.id(), dossier.officeId(), connection.systemType(),
                dossier.externalId()));
        SyncLogContext.enter(turn, null);
        return states.dueKinds(lease.dossierId(), properties::intervalOf);
    }

    public void finish(@ExchangeProperty(DossierTurn.PROPERTY) DossierTurn turn) {
        try {
            if (turn == null) {
                return;
            }
            SyncLogContext.enter(turn, null);
            Instant now = clock.instant();
            Instant next = turn.nextSyncAt();
            if (next == null) {
                next = turn.isYielded() ? now : now.plus(properties.interval());
            }
            boolean succeeded = turn.allComplete() && states.allComplete(turn.lease().dossierId());
            leases.release(turn.lease(), next, succeeded);
            long millis = Duration.between(turn.started(), now).toMillis();
            // one line per turn; in JSON logs its totals are fields too
            PageWriteResult totals = turn.totals();
            SyncedDossier dossier = turn.dossier();
            log.atInfo().addKeyValue("durationMs", millis).addKeyValue("complete", succeeded)
                    .addKeyValue("inserted", totals.inserted()).addKeyValue("updated", totals.updated())
                    .addKeyValue("deleted", totals.deleted()).addKeyValue("unchanged", totals.unchanged())
                    .log("Sync of dossier {} ({} {}) done in {} ms: {}", turn.lease().dossierId(),
                            dossier == null ? null : dossier.systemType(), dossier == null ? null : dossier.scope(),
                            millis, turn.summary());
        } finally {
            work.finished();
            SyncLogContext.leave();
        }
    }

    /** After failures in a row: wait longer each time, with jitter so that many dossiers do not retry together. */
    Instant backoff(int failuresInARow) {
        long base = properties.retryBackoff().toMillis() << Math.min(Math.max(failuresInARow - 1, 0), 16);
        long capped = Math.min(base, properties.maxRetryBackoff().toMillis());
        long jitter = ThreadLocalRandom.current().nextLong(capped / 4 + 1);
        return clock.instant().plusMillis(capped - capped / 8 + jitter);
    }
}
