package nl.koppel.systems.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.sync.RateLimitBudgets;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The fetch-page contract for Exact Online. Kinds with a sync endpoint are read incrementally on their
 * {@code Timestamp} row version, then their deletions from {@code sync/Deleted}; the others are read in full
 * (their deletions show as ids missing from the complete set). A full run of a sync kind reads from
 * {@code Timestamp gt 1} as a complete set. {@code __next} links are followed exactly as given.
 */
@Component("exactOnlineMasterData")
public class ExactOnlineMasterData {

    /** Exchange property with the URL of the next request. */
    public static final String REQUEST_URL = "exactRequestUrl";
    /** Exchange property with the page taken from the turn's shared read of sync/Deleted: no call is made. */
    public static final String SHARED_PAGE = "exactSharedPage";
    private static final String PHASE = "exactPhase";
    /** Set when a fresh read of sync/Deleted starts (not a __next page): where it starts. */
    private static final String DELETIONS_FROM = "exactDeletionsFrom";

    private final AccountingSystemCatalog catalog;
    private final ExactOnlineReplies replies;
    private final RateLimitBudgets rateLimits;

    public ExactOnlineMasterData(AccountingSystemCatalog catalog, ExactOnlineReplies replies,
                                 RateLimitBudgets rateLimits) {
        this.catalog = catalog;
        this.replies = replies;
        this.rateLimits = rateLimits;
    }

    /**
     * Decides the next request from the page request (kind, mode, cursor, continuation); sets
     * {@value #REQUEST_URL}, or {@value #SHARED_PAGE} when the turn already read what is asked.
     */
    public void nextRequest(@ExchangeProperty(PageRequest.PROPERTY) PageRequest request, Exchange exchange) {
        exchange.removeProperty(SHARED_PAGE);
        exchange.removeProperty(DELETIONS_FROM);
        MasterDataKind kind = request.kind();
        String division = request.scope();
        String continuation = request.continuation();
        ExactOnlineEntity entity = ExactOnlineEntity.of(kind);
        ExactOnlineCursor cursor = ExactOnlineCursor.parse(request.cursor());
        String base = baseUrl() + "/api/v1/" + division + "/";
        if (continuation != null) {
            String[] parts = continuation.split("\\|", 2);
            // the api-call template follows the __next link only on the configured host (ApiHost)
            exchange.setProperty(PHASE, parts[0]);
            exchange.setProperty(REQUEST_URL, parts[1]);
            return;
        }
        boolean full = request.full();
        if (!entity.hasSyncEndpoint()) {
            exchange.setProperty(PHASE, "full");
            exchange.setProperty(REQUEST_URL, base + entity.regularPath + "?$select=" + String.join(",", entity.fields));
        } else if (full || cursor.phase() == ExactOnlineCursor.Phase.RECORDS) {
            long from = full ? ExactOnlineCursor.START.records() : cursor.records();
            exchange.setProperty(PHASE, full ? "full" : "records");
            exchange.setProperty(REQUEST_URL, base + entity.syncPath + "?$select=" + String.join(",", entity.fields)
                    + ",Timestamp&$filter=" + encode("Timestamp gt " + from));
        } else {
            ExactOnlineDeletions shared = request.sharedReads() == null ? null : request.sharedReads()
                    .find(ExactOnlineDeletions.KEY, ExactOnlineDeletions.class).filter(read -> read.covers(cursor))
                    .orElse(null);
            if (shared != null) {
                exchange.setProperty(SHARED_PAGE, shared.pageFor(entity, cursor));
                return;
            }
            exchange.setProperty(PHASE, "deleted");
            exchange.setProperty(DELETIONS_FROM, cursor.deleted());
            exchange.setProperty(REQUEST_URL, base + "sync/Deleted?$select=Timestamp,EntityKey,EntityType&$filter="
                    + encode("Timestamp gt " + cursor.deleted()));
        }
    }

    public MasterDataPage page(@Body ApiReply reply,
                               @ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                               @ExchangeProperty(PHASE) String phase,
                               @ExchangeProperty(DELETIONS_FROM) Long deletionsFrom) {
        MasterDataKind kind = request.kind();
        String division = request.scope();
        String cursorText = request.cursor();
        int status = reply.status();
        byte[] body = reply.body();
        Map<String, Object> headers = reply.headers();
        recordBudget(division, headers);
        if (status != 200) {
            throw replies.apiFailure(status, reply.text(), kind.path(), headers);
        }
        JsonNode d = replies.results(body, kind.path());
        JsonNode results = d.path("results");
        String next = d.path("__next").asText(null);
        ExactOnlineCursor cursor = ExactOnlineCursor.parse(cursorText);
        if ("deleted".equals(phase)) {
            MasterDataPage page = deletions(ExactOnlineEntity.of(kind), results, next, cursor);
            if (next == null && deletionsFrom != null && request.sharedReads() != null) {
                // one whole read from this position: the turn's other kinds take their deletions from it
                request.sharedReads().keep(ExactOnlineDeletions.KEY, new ExactOnlineDeletions(deletionsFrom,
                        rows(results)));
            }
            return page;
        }
        List<MasterRecord> records = new ArrayList<>(results.size());
        long highest = 0;
        for (JsonNode row : results) {
            records.add(ExactOnlineRecordMapper.map(kind, row));
            highest = Math.max(highest, row.path("Timestamp").asLong(0));
        }
        ExactOnlineCursor after = cursor.withRecords(highest);
        if ("records".equals(phase)) {
            return next != null
                    ? new MasterDataPage(records, List.of(), after.toString(), "records|" + next, false, false)
                    // the records are read; the same run goes on with the deletions
                    : new MasterDataPage(records, List.of(), after.in(ExactOnlineCursor.Phase.DELETED).toString(),
                            null, false, false);
        }
        String committed = ExactOnlineEntity.of(kind).hasSyncEndpoint() ? after.toString() : cursorText;
        return new MasterDataPage(records, List.of(), committed, next == null ? null : "full|" + next, next == null,
                true);
    }

    private MasterDataPage deletions(ExactOnlineEntity entity, JsonNode results, String next,
                                     ExactOnlineCursor cursor) {
        List<String> deleted = new ArrayList<>();
        long highest = 0;
        for (JsonNode row : results) {
            highest = Math.max(highest, row.path("Timestamp").asLong(0));
            if (row.path("EntityType").asInt(-1) == entity.deletedEntityType) {
                String key = row.path("EntityKey").asText(null);
                if (key == null || key.isBlank()) {
                    throw ConnectorException.transientFailure("Exact Online sent a deletion without EntityKey");
                }
                deleted.add(key);
            }
        }
        ExactOnlineCursor after = cursor.withDeleted(highest);
        return next != null
                ? new MasterDataPage(List.of(), deleted, after.toString(), "deleted|" + next, false, false)
                : new MasterDataPage(List.of(), deleted, after.in(ExactOnlineCursor.Phase.RECORDS).toString(), null,
                        true, false);
    }

    private static List<ExactOnlineDeletions.Deletion> rows(JsonNode results) {
        List<ExactOnlineDeletions.Deletion> rows = new ArrayList<>(results.size());
        for (JsonNode row : results) {
            rows.add(new ExactOnlineDeletions.Deletion(row.path("Timestamp").asLong(0),
                    row.path("EntityKey").asText(null), row.path("EntityType").asInt(-1)));
        }
        return rows;
    }

    private void recordBudget(String division, Map<String, Object> headers) {
        RateLimitBudgets.Budget budget = ExactOnlineRateLimits.budget(headers);
        if (budget != null) {
            rateLimits.record(ExactOnlineOAuth.TYPE, division, budget);
        }
    }

    private String baseUrl() {
        return catalog.settings(ExactOnlineOAuth.TYPE).baseUrl();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
