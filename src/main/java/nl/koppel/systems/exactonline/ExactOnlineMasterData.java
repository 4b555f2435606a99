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
import nl.koppel.sync.DossierSync;
import nl.koppel.sync.KindSync;
import nl.koppel.sync.RateLimitBudgets;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
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
    private static final String PHASE = "exactPhase";

    private final AccountingSystemCatalog catalog;
    private final ExactOnlineReplies replies;
    private final RateLimitBudgets rateLimits;

    public ExactOnlineMasterData(AccountingSystemCatalog catalog, ExactOnlineReplies replies,
                                 RateLimitBudgets rateLimits) {
        this.catalog = catalog;
        this.replies = replies;
        this.rateLimits = rateLimits;
    }

    /** Decides the next request from kind, mode, cursor and continuation; sets {@value #REQUEST_URL}. */
    public void nextRequest(@ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                            @ExchangeProperty(DossierSync.SCOPE) String division,
                            @ExchangeProperty(KindSync.MODE) String mode,
                            @ExchangeProperty(KindSync.CURSOR) String cursorText,
                            @ExchangeProperty(KindSync.CONTINUATION) String continuation, Exchange exchange) {
        ExactOnlineEntity entity = ExactOnlineEntity.of(kind);
        ExactOnlineCursor cursor = ExactOnlineCursor.parse(cursorText);
        String base = baseUrl() + "/api/v1/" + division + "/";
        if (continuation != null) {
            String[] parts = continuation.split("\\|", 2);
            String next = parts[1];
            if (!next.startsWith(baseUrl() + "/")) {
                // never send the linked user's token to a host other than the configured one
                throw ConnectorException.transientFailure("Exact Online's __next link points to another host");
            }
            exchange.setProperty(PHASE, parts[0]);
            exchange.setProperty(REQUEST_URL, next);
            return;
        }
        boolean full = "FULL".equals(mode);
        if (!entity.hasSyncEndpoint()) {
            exchange.setProperty(PHASE, "full");
            exchange.setProperty(REQUEST_URL, base + entity.regularPath + "?$select=" + String.join(",", entity.fields));
        } else if (full || cursor.phase() == ExactOnlineCursor.Phase.RECORDS) {
            long from = full ? ExactOnlineCursor.START.records() : cursor.records();
            exchange.setProperty(PHASE, full ? "full" : "records");
            exchange.setProperty(REQUEST_URL, base + entity.syncPath + "?$select=" + String.join(",", entity.fields)
                    + ",Timestamp&$filter=" + encode("Timestamp gt " + from));
        } else {
            exchange.setProperty(PHASE, "deleted");
            exchange.setProperty(REQUEST_URL, base + "sync/Deleted?$select=Timestamp,EntityKey,EntityType&$filter="
                    + encode("Timestamp gt " + cursor.deleted()));
        }
    }

    public MasterDataPage page(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body byte[] body,
                               @Headers Map<String, Object> headers,
                               @ExchangeProperty(DossierSync.KIND) MasterDataKind kind,
                               @ExchangeProperty(DossierSync.SCOPE) String division,
                               @ExchangeProperty(KindSync.CURSOR) String cursorText,
                               @ExchangeProperty(PHASE) String phase) {
        recordBudget(division, headers);
        if (status == null || status != 200) {
            throw replies.apiFailure(status, body == null ? null : new String(body, StandardCharsets.UTF_8),
                    kind.path(), headers);
        }
        JsonNode d = replies.results(body, kind.path());
        JsonNode results = d.path("results");
        String next = d.path("__next").asText(null);
        ExactOnlineCursor cursor = ExactOnlineCursor.parse(cursorText);
        if ("deleted".equals(phase)) {
            return deletions(ExactOnlineEntity.of(kind), results, next, cursor);
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
