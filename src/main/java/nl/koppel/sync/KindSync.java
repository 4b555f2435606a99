package nl.koppel.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.koppel.credentials.AccessTokens;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.MasterRecordRepository;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.ops.metrics.SyncMetrics;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The kind-level steps of {@code routes/master-data.camel.yaml}: begin a kind, prepare each call (rate-limit
 * budget, token), and commit each page with its cursor in one transaction, so a crash or error never skips or
 * duplicates a record and the next run resumes from the last committed cursor.
 */
@Component("kindSync")
public class KindSync {

    private static final Logger log = LoggerFactory.getLogger(KindSync.class);

    /** Exchange properties shared with the connector's fetch-page route. */
    public static final String MODE = "mode";
    public static final String CURSOR = "cursor";
    public static final String CONTINUATION = "continuation";
    public static final String ACCESS_TOKEN = "accessToken";
    static final String MORE_PAGES = "morePages";
    private static final String SEEN = "koppelSeenIds";
    private static final String PAGES = "koppelPages";
    private static final String TOTALS = "koppelTotals";
    private static final String FULL = "koppelFullRead";
    private static final String FINISHED = "koppelLastPage";
    private static final String STARTED = "koppelKindStarted";
    private static final String YIELDED = "koppelKindYielded";
    private static final String FIRST_LOAD = "koppelFirstLoad";

    private final SyncStateRepository states;
    private final MasterRecordRepository records;
    private final DossierLeases leases;
    private final SyncWork work;
    private final AccessTokens tokens;
    private final RateLimitBudgets rateLimits;
    private final TransactionTemplate transaction;
    private final SyncProperties properties;
    private final SyncMetrics metrics;

    public KindSync(SyncStateRepository states, MasterRecordRepository records, DossierLeases leases, SyncWork work,
                    AccessTokens tokens, RateLimitBudgets rateLimits, TransactionTemplate transaction,
                    SyncProperties properties, SyncMetrics metrics) {
        this.states = states;
        this.records = records;
        this.leases = leases;
        this.work = work;
        this.tokens = tokens;
        this.rateLimits = rateLimits;
        this.transaction = transaction;
        this.properties = properties;
        this.metrics = metrics;
    }

    public void begin(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                      @ExchangeProperty(DossierSync.KIND) MasterDataKind kind, Exchange exchange) {
        SyncLogContext.enter(exchange);
        PausedRun paused = states.takePaused(dossierId, kind); // a paused run goes on where it paused
        states.begin(dossierId, kind);
        SyncState state = states.find(dossierId, kind).orElseThrow();
        // a paused incremental read finishes as one (a full read required meanwhile comes right after it): its
        // pages are not a complete set, so it must not count as the full read
        boolean resumesIncremental = paused != null && !paused.completeSet();
        exchange.setProperty(MODE, state.fullSyncRequired() && !resumesIncremental ? "FULL" : "INCREMENTAL");
        exchange.setProperty(CURSOR, state.cursor());
        // never completed: its records are (nearly all) new, so pages may go straight in (see upsert)
        exchange.setProperty(FIRST_LOAD, state.lastSuccessAt() == null);
        if (paused == null) {
            exchange.removeProperty(CONTINUATION);
        } else {
            exchange.setProperty(CONTINUATION, paused.continuation());
        }
        exchange.setProperty(MORE_PAGES, true);
        exchange.setProperty(SEEN, paused != null && paused.completeSet() ? new HashSet<>(paused.seenIds())
                : new HashSet<String>());
        exchange.setProperty(PAGES, 0);
        exchange.setProperty(TOTALS, new PageWriteResult(0, 0, 0, 0));
        exchange.setProperty(FULL, paused != null && paused.completeSet());
        exchange.setProperty(FINISHED, false);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.removeProperty(YIELDED);
    }

    /** Before every call: stop if the budget is spent, and put a valid access token on the exchange. */
    public void prepareCall(@ExchangeProperty(DossierSync.CONNECTION_ID) UUID connectionId,
                            @ExchangeProperty(DossierSync.SYSTEM_TYPE) String systemType,
                            @ExchangeProperty(DossierSync.SCOPE) String scope, Exchange exchange) {
        SyncLogContext.enter(exchange);
        rateLimits.checkAvailable(systemType, scope);
        tokens.prepare(connectionId, exchange); // a token valid for this page's call
    }

    @SuppressWarnings("unchecked")
    public void applyPage(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                          @ExchangeProperty(DossierSync.KIND) MasterDataKind kind, @Body MasterDataPage page,
                          Exchange exchange) {
        SyncLogContext.enter(exchange);
        exchange.removeProperty(ACCESS_TOKEN);
        List<MasterRecord> distinct = distinct(page.records());
        Set<String> seen = exchange.getProperty(SEEN, Set.class);
        PageWriteResult written = transaction.execute(tx -> {
            if (!leases.renew(dossierId, work.instanceId(), properties.lease())) {
                throw new LeaseLostException(dossierId);
            }
            int[] upserted = records.upsert(dossierId, kind, distinct,
                    exchange.getProperty(FIRST_LOAD, false, Boolean.class));
            int deleted = records.delete(dossierId, kind, page.deletedIds());
            if (page.completeSet()) {
                distinct.forEach(r -> seen.add(r.externalId()));
                if (page.lastPage()) {
                    deleted += records.deleteAllExcept(dossierId, kind, seen);
                }
            }
            // upserted: inserted, updated, skipped (a record that cannot be stored; listed in sync-status)
            PageWriteResult result = new PageWriteResult(upserted[0], upserted[1], deleted,
                    distinct.size() - upserted[0] - upserted[1] - upserted[2]);
            states.commitPage(dossierId, kind, page.cursor(), result);
            return result;
        });
        metrics.pageWritten(kind, written);
        if (written.updated() + written.unchanged() > 0) {
            // records were there already (the copy gave way to the merge): the rest of this run merges at once
            exchange.setProperty(FIRST_LOAD, false);
        }
        PageWriteResult totals = exchange.getProperty(TOTALS, PageWriteResult.class);
        exchange.setProperty(TOTALS, new PageWriteResult(totals.inserted() + written.inserted(),
                totals.updated() + written.updated(), totals.deleted() + written.deleted(),
                totals.unchanged() + written.unchanged()));
        int pages = exchange.getProperty(PAGES, Integer.class) + 1;
        exchange.setProperty(PAGES, pages);
        exchange.setProperty(CURSOR, page.cursor());
        exchange.setProperty(CONTINUATION, page.continuation());
        exchange.setProperty(FULL, page.completeSet());
        exchange.setProperty(FINISHED, page.lastPage());
        // An incremental read may pause between pages (its cursor is committed) to let other dossiers go first;
        // a complete-set read keeps its seen ids in memory, so it runs to the end.
        boolean yield = !page.lastPage() && !page.completeSet() && pages >= properties.maxPagesPerTurn();
        if (yield) {
            exchange.setProperty(YIELDED, true);
        }
        exchange.setProperty(MORE_PAGES, !page.lastPage() && !yield);
    }

    public void complete(@ExchangeProperty(DossierSync.DOSSIER_ID) UUID dossierId,
                         @ExchangeProperty(DossierSync.KIND) MasterDataKind kind, Exchange exchange) {
        SyncLogContext.enter(exchange);
        DossierTurn turn = exchange.getProperty(DossierSync.TURN, DossierTurn.class);
        int pages = exchange.getProperty(PAGES, Integer.class);
        Duration took = Duration.ofNanos(System.nanoTime() - exchange.getProperty(STARTED, Long.class));
        PageWriteResult totals = exchange.getProperty(TOTALS, PageWriteResult.class);
        if (Boolean.TRUE.equals(exchange.getProperty(FINISHED, Boolean.class))) {
            boolean full = "FULL".equals(exchange.getProperty(MODE)) || exchange.getProperty(FULL, Boolean.class);
            states.complete(dossierId, kind, full, took.toMillis());
            turn.complete(kind, totals, pages);
            metrics.kindRun(kind, "complete", took);
        } else {
            states.waiting(dossierId, kind, "paused after " + pages + " pages to let other dossiers go first",
                    paused(exchange));
            turn.yielded(kind, pages);
            metrics.kindRun(kind, "paused", took);
        }
        log.atDebug().addKeyValue("durationMs", took.toMillis()).addKeyValue("inserted", totals.inserted())
                .addKeyValue("updated", totals.updated()).addKeyValue("deleted", totals.deleted())
                .addKeyValue("unchanged", totals.unchanged())
                .log("Sync of {} {} in {} ms: +{} ~{} -{} ={} ({} pages, {})", kind.path(),
                        Boolean.TRUE.equals(exchange.getProperty(FINISHED, Boolean.class)) ? "complete" : "paused",
                        took.toMillis(), totals.inserted(), totals.updated(), totals.deleted(), totals.unchanged(),
                        pages, exchange.getProperty(MODE));
    }

    /**
     * Where a run stopped between pages goes on: the continuation of its last committed page, and for a
     * complete-set read the ids seen so far (its last page deletes what it did not see). Null before the first
     * page: the run starts over.
     */
    @SuppressWarnings("unchecked")
    static PausedRun paused(Exchange exchange) {
        String continuation = exchange.getProperty(CONTINUATION, String.class);
        if (continuation == null) {
            return null;
        }
        boolean completeSet = Boolean.TRUE.equals(exchange.getProperty(FULL, Boolean.class));
        return new PausedRun(continuation, completeSet ? List.copyOf(exchange.getProperty(SEEN, Set.class)) : null);
    }

    /** How long the kind's run has been going (zero when it failed before it began). */
    static Duration elapsed(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started);
    }

    /** A page may list a record twice (it changed while being paged); the last one wins. */
    private static List<MasterRecord> distinct(List<MasterRecord> records) {
        Map<String, MasterRecord> byId = new LinkedHashMap<>();
        for (MasterRecord record : records) {
            byId.put(record.externalId(), record);
        }
        return byId.size() == records.size() ? records : new ArrayList<>(byId.values());
    }
}
