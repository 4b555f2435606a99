package nl.koppel.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import nl.koppel.credentials.AccessTokens;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.MasterRecordRepository;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.ops.metrics.SyncMetrics;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The kind-level steps of {@code routes/master-data.camel.yaml}: begin a kind's {@link KindRun}, prepare each
 * call (rate-limit budget, token, the page request), and commit each page with its cursor in one transaction,
 * fenced with the turn's lease, so a crash or error never skips or duplicates a record and the next run resumes
 * from the last committed cursor.
 */
@Component("kindSync")
public class KindSync {

    private static final Logger log = LoggerFactory.getLogger(KindSync.class);

    /** Exchange property with the access token for the connector's next call (removed after it). */
    public static final String ACCESS_TOKEN = "accessToken";

    private final SyncStateRepository states;
    private final MasterRecordRepository records;
    private final DossierLeases leases;
    private final AccessTokens tokens;
    private final RateLimitBudgets rateLimits;
    private final RateLimitScopes rateLimitScopes;
    private final TransactionTemplate transaction;
    private final SyncProperties properties;
    private final SyncMetrics metrics;
    private final Clock clock;

    public KindSync(SyncStateRepository states, MasterRecordRepository records, DossierLeases leases,
                    AccessTokens tokens, RateLimitBudgets rateLimits, RateLimitScopes rateLimitScopes,
                    TransactionTemplate transaction, SyncProperties properties, SyncMetrics metrics,
                    ObjectProvider<Clock> clock) {
        this.rateLimitScopes = rateLimitScopes;
        this.states = states;
        this.records = records;
        this.leases = leases;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.transaction = transaction;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Begins the kind (the body) in the turn: its run becomes the exchange's {@value KindRun#PROPERTY}. */
    public void begin(@Body MasterDataKind kind, @ExchangeProperty(DossierTurn.PROPERTY) DossierTurn turn,
                      Exchange exchange) {
        SyncLogContext.enter(turn, kind);
        DossierLease lease = turn.lease();
        PausedRun paused = states.takePaused(lease, kind); // a paused run goes on where it paused
        states.begin(lease, kind);
        SyncState state = states.find(lease.dossierId(), kind).orElseThrow();
        exchange.setProperty(KindRun.PROPERTY, KindRun.begin(turn, state, paused, clock.instant()));
    }

    /** Before every call: stop if the budget is spent, put a token valid for this call beside the page request. */
    public PageRequest prepareCall(@ExchangeProperty(KindRun.PROPERTY) KindRun run, Exchange exchange) {
        SyncedDossier dossier = run.turn().dossier();
        SyncLogContext.enter(run.turn(), run.kind());
        rateLimits.checkAvailable(dossier.systemType(), rateLimitScopes.of(dossier));
        // a token valid for this page's call: the connection's, or the dossier's key's (systems linked by key)
        tokens.prepare(dossier.connectionId(), dossier.systemType(), dossier.scope(), exchange);
        return run.nextPage();
    }

    public void applyPage(@ExchangeProperty(KindRun.PROPERTY) KindRun run, @Body MasterDataPage page,
                          Exchange exchange) {
        SyncLogContext.enter(run.turn(), run.kind());
        exchange.removeProperty(ACCESS_TOKEN);
        exchange.removeProperty(PageRequest.PROPERTY);
        DossierLease lease = run.turn().lease();
        MasterDataKind kind = run.kind();
        List<MasterRecord> distinct = KindRun.distinct(page.records());
        PageWriteResult written = transaction.execute(tx -> {
            if (!leases.renew(lease, properties.lease())) {
                throw new LeaseLostException(lease.dossierId());
            }
            int[] upserted = records.upsert(lease.dossierId(), kind, distinct, run.firstLoad());
            int deleted = records.delete(lease.dossierId(), kind, page.deletedIds());
            Set<String> keep = run.seen(page, distinct);
            if (keep != null) {
                deleted += records.deleteAllExcept(lease.dossierId(), kind, keep);
            }
            // upserted: inserted, updated, skipped (a record that cannot be stored; listed in sync-status)
            PageWriteResult result = new PageWriteResult(upserted[0], upserted[1], deleted,
                    distinct.size() - upserted[0] - upserted[1] - upserted[2]);
            states.commitPage(lease, kind, page.cursor(), result);
            return result;
        });
        metrics.pageWritten(kind, written);
        run.pageCommitted(page, written, properties.maxPagesPerTurn());
    }

    public void complete(@ExchangeProperty(KindRun.PROPERTY) KindRun run) {
        DossierTurn turn = run.turn();
        MasterDataKind kind = run.kind();
        SyncLogContext.enter(turn, kind);
        Duration took = run.elapsed(clock.instant());
        PageWriteResult totals = run.totals();
        if (run.finished()) {
            states.complete(turn.lease(), kind, run.wasFullRead(), took.toMillis(),
                    properties.reconciliationInterval(), properties.reconciliationJitter());
            turn.complete(kind, totals, run.pages());
            metrics.kindRun(kind, "complete", took);
        } else {
            states.waiting(turn.lease(), kind, "paused after " + run.pages() + " pages to let other dossiers go first",
                    run.paused());
            turn.yielded(kind, run.pages());
            metrics.kindRun(kind, "paused", took);
        }
        log.atDebug().addKeyValue("durationMs", took.toMillis()).addKeyValue("inserted", totals.inserted())
                .addKeyValue("updated", totals.updated()).addKeyValue("deleted", totals.deleted())
                .addKeyValue("unchanged", totals.unchanged())
                .log("Sync of {} {} in {} ms: +{} ~{} -{} ={} ({} pages, {})", kind.path(),
                        run.finished() ? "complete" : "paused", took.toMillis(), totals.inserted(), totals.updated(),
                        totals.deleted(), totals.unchanged(), run.pages(), run.mode());
    }

    /** How long the kind's run has been going (zero when it failed before it began). */
    Duration elapsed(KindRun run) {
        return run == null ? Duration.ZERO : run.elapsed(clock.instant());
    }
}
