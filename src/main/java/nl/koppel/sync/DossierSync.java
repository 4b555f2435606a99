package nl.koppel.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dossier-level steps of {@code routes/master-data.camel.yaml}: start a claimed dossier's turn, hand out its
 * kinds one by one, and release it with the time of its next turn.
 */
@Component("dossierSync")
public class DossierSync {

    private static final Logger log = LoggerFactory.getLogger(DossierSync.class);

    /** Exchange properties the routes and beans share. */
    public static final String DOSSIER_ID = "dossierId";
    public static final String CONNECTION_ID = "connectionId";
    public static final String SYSTEM_TYPE = "systemType";
    public static final String SCOPE = "division";
    public static final String KIND = "kind";
    public static final String OFFICE_ID = "officeId";
    /** The {@link DossierTurn} shared by the turn's per-kind exchanges. */
    public static final String TURN = "turn";
    static final String STARTED = "koppelDossierStarted";

    private final DossierRepository dossiers;
    private final ConnectionRepository connections;
    private final SyncStateRepository states;
    private final DossierLeases leases;
    private final SyncWork work;
    private final SyncProperties properties;

    public DossierSync(DossierRepository dossiers, ConnectionRepository connections, SyncStateRepository states,
                       DossierLeases leases, SyncWork work, SyncProperties properties) {
        this.dossiers = dossiers;
        this.connections = connections;
        this.states = states;
        this.leases = leases;
        this.work = work;
        this.properties = properties;
    }

    /** Starts the turn; the body becomes the list of kinds due in it, the one longest out of step first. */
    public List<MasterDataKind> start(@ExchangeProperty(DOSSIER_ID) UUID dossierId, Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(TURN, new DossierTurn());
        Dossier dossier = dossiers.find(dossierId).orElseThrow();
        Connection connection = connections.find(dossier.connectionId()).orElseThrow();
        exchange.setProperty(CONNECTION_ID, connection.id());
        exchange.setProperty(SYSTEM_TYPE, connection.systemType());
        exchange.setProperty(SCOPE, dossier.externalId());
        exchange.setProperty(OFFICE_ID, dossier.officeId());
        SyncLogContext.enter(exchange);
        return states.dueKinds(dossierId, properties::intervalOf);
    }

    public void finish(@ExchangeProperty(DOSSIER_ID) UUID dossierId, Exchange exchange) {
        try {
            SyncLogContext.enter(exchange);
            DossierTurn report = exchange.getProperty(TURN, DossierTurn.class);
            Instant next = report == null ? null : report.nextSyncAt();
            if (next == null) {
                next = report != null && report.isYielded() ? Instant.now() : Instant.now().plus(properties.interval());
            }
            boolean succeeded = report != null && report.allComplete() && states.allComplete(dossierId);
            leases.release(dossierId, work.instanceId(), next, succeeded);
            long millis = Duration.ofNanos(System.nanoTime() - exchange.getProperty(STARTED, Long.class)).toMillis();
            // one line per turn; in JSON logs its totals are fields too
            PageWriteResult totals = report == null ? new PageWriteResult(0, 0, 0, 0) : report.totals();
            log.atInfo().addKeyValue("durationMs", millis).addKeyValue("complete", succeeded)
                    .addKeyValue("inserted", totals.inserted()).addKeyValue("updated", totals.updated())
                    .addKeyValue("deleted", totals.deleted()).addKeyValue("unchanged", totals.unchanged())
                    .log("Sync of dossier {} ({} {}) done in {} ms: {}", dossierId,
                            exchange.getProperty(SYSTEM_TYPE), exchange.getProperty(SCOPE), millis,
                            report == null ? "not started" : report.summary());
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
        return Instant.now().plusMillis(capped - capped / 8 + jitter);
    }
}
