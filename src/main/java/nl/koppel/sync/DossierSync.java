package nl.koppel.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.masterdata.MasterDataKind;
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
    static final String KINDS_LEFT = "kindsLeft";
    static final String QUEUE = "koppelKindQueue";
    static final String REPORT = "koppelSyncReport";
    static final String NEXT_SYNC_AT = "koppelNextSyncAt";
    static final String STOP = "koppelStopDossier";
    static final String YIELDED = "koppelYielded";
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

    public void start(@ExchangeProperty(DOSSIER_ID) UUID dossierId, Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(REPORT, new SyncReport());
        Dossier dossier = dossiers.find(dossierId).orElseThrow();
        Connection connection = connections.find(dossier.connectionId()).orElseThrow();
        exchange.setProperty(CONNECTION_ID, connection.id());
        exchange.setProperty(SYSTEM_TYPE, connection.systemType());
        exchange.setProperty(SCOPE, dossier.externalId());
        exchange.setProperty("officeId", dossier.officeId());
        List<MasterDataKind> kinds = states.find(dossierId).stream()
                .filter(s -> !"NOT_SUPPORTED".equals(s.state())).map(SyncState::kind).sorted().toList();
        exchange.setProperty(QUEUE, new ArrayDeque<>(kinds));
        exchange.setProperty(KINDS_LEFT, !kinds.isEmpty());
    }

    /** Takes the next kind; none when the queue is empty or the dossier must stop (link broken, rate limit). */
    @SuppressWarnings("unchecked")
    public void nextKind(Exchange exchange) {
        Deque<MasterDataKind> queue = exchange.getProperty(QUEUE, Deque.class);
        if (Boolean.TRUE.equals(exchange.getProperty(STOP, Boolean.class)) || queue.isEmpty()) {
            exchange.setProperty(KINDS_LEFT, false);
            exchange.removeProperty(KIND);
            return;
        }
        exchange.setProperty(KIND, queue.poll());
        exchange.setProperty(KINDS_LEFT, !queue.isEmpty());
    }

    public void finish(@ExchangeProperty(DOSSIER_ID) UUID dossierId, Exchange exchange) {
        try {
            SyncReport report = exchange.getProperty(REPORT, SyncReport.class);
            Instant next = exchange.getProperty(NEXT_SYNC_AT, Instant.class);
            if (next == null) {
                next = Boolean.TRUE.equals(exchange.getProperty(YIELDED, Boolean.class))
                        ? Instant.now() : Instant.now().plus(properties.interval());
            }
            boolean succeeded = report != null && report.allComplete();
            leases.release(dossierId, work.instanceId(), next, succeeded);
            long millis = Duration.ofNanos(System.nanoTime() - exchange.getProperty(STARTED, Long.class)).toMillis();
            log.info("Sync of dossier {} ({} {}) done in {} ms: {}", dossierId,
                    exchange.getProperty(SYSTEM_TYPE), exchange.getProperty(SCOPE), millis,
                    report == null ? "not started" : report.summary());
        } finally {
            work.finished();
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
