package nl.koppel.systems.moneybird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.StoredSourceFields;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.HttpReplies;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The fetch-page contract for Moneybird. One HTTP call per page:
 * <ul>
 *   <li><b>relations</b> (contacts), through the synchronization API. First page: {@code GET
 *       contacts/synchronization.json} lists every contact's id and version; they are compared with the
 *       {@code version} in the source records Koppel holds ({@link StoredSourceFields}). Ids Koppel holds that are
 *       missing are deleted on that page; the changed and new ids travel in the continuation. Next pages: {@code POST
 *       contacts/synchronization.json {"ids": [...]}} with up to 100 of them. A FULL run fetches every id (to
 *       re-map everything) and is a complete set. The cursor holds nothing: the versions stored with the records
 *       are the position.</li>
 *   <li><b>gl-accounts</b> (ledger accounts): one call, not paged, a complete set.</li>
 *   <li><b>vat-codes</b> (tax rates): paged ({@code per_page=100}), following the {@code Link rel="next"} header;
 *       a complete set.</li>
 * </ul>
 * Journals, cost centres and cost units do not exist in Moneybird: {@code master-data-kinds} leaves them out, so
 * they are NOT_SUPPORTED and never fetched.
 */
@Component("moneybirdMasterData")
public class MoneybirdMasterData {

    /** Exchange properties the route uses for the call. */
    static final String METHOD = "moneybirdMethod";
    static final String REQUEST_URL = "moneybirdRequestUrl";
    static final String REQUEST_BODY = "moneybirdRequestBody";
    private static final String PHASE = "moneybirdPhase";

    /** Moneybird's synchronization POST takes at most 100 ids. */
    static final int IDS_PER_REQUEST = 100;
    private static final String FETCH = "fetch:";
    private static final String NEXT = "next:";

    private final AccountingSystemCatalog catalog;
    private final MoneybirdReplies replies;
    private final StoredSourceFields stored;
    private final ObjectMapper json;

    public MoneybirdMasterData(AccountingSystemCatalog catalog, MoneybirdReplies replies, StoredSourceFields stored,
                               ObjectMapper json) {
        this.catalog = catalog;
        this.replies = replies;
        this.stored = stored;
        this.json = json;
    }

    /** Decides the next call from kind and continuation: sets method, URL and (for a POST) the JSON body. */
    public void nextRequest(@ExchangeProperty(PageRequest.PROPERTY) PageRequest request, Exchange exchange) {
        MasterDataKind kind = request.kind();
        String administration = request.scope();
        String continuation = request.continuation();
        String base = baseUrl() + "/api/v2/" + administration + "/";
        exchange.setProperty(METHOD, "GET");
        exchange.setProperty(REQUEST_BODY, "");
        switch (kind) {
            case RELATIONS -> {
                exchange.setProperty(REQUEST_URL, base + "contacts/synchronization.json");
                if (continuation == null) {
                    exchange.setProperty(PHASE, "list");
                } else {
                    List<String> pending = ids(continuation);
                    ArrayNode ids = json.createObjectNode().putArray("ids");
                    pending.subList(0, Math.min(IDS_PER_REQUEST, pending.size())).forEach(ids::add);
                    exchange.setProperty(PHASE, "fetch");
                    exchange.setProperty(METHOD, "POST");
                    exchange.setProperty(REQUEST_BODY, "{\"ids\":" + ids + "}");
                }
            }
            case GL_ACCOUNTS -> {
                exchange.setProperty(PHASE, "all");
                exchange.setProperty(REQUEST_URL, base + "ledger_accounts.json");
            }
            case VAT_CODES -> {
                exchange.setProperty(PHASE, "paged");
                String next = continuation == null ? base + "tax_rates.json?per_page=100&page=1"
                        : continuation.substring(NEXT.length());
                // the api-call template follows the next link only on the configured host (ApiHost)
                exchange.setProperty(REQUEST_URL, next);
            }
            default -> throw new IllegalStateException("Moneybird has no " + kind.path()
                    + "; leave it out of koppel.systems.moneybird.master-data-kinds");
        }
    }

    public MasterDataPage page(@Body ApiReply answer,
                               @ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                               @ExchangeProperty(PHASE) String phase) {
        int status = answer.status();
        String body = answer.text();
        Map<String, Object> headers = answer.headers();
        UUID dossierId = request.dossierId();
        MasterDataKind kind = request.kind();
        String administration = request.scope();
        String continuation = request.continuation();
        if (status != 200) {
            throw replies.apiFailure(status, body, headers, kind.path() + " of administration " + administration,
                    true);
        }
        JsonNode reply = replies.parse(body);
        if (!reply.isArray()) {
            throw ConnectorException.transientFailure("Moneybird's " + kind.path() + " reply is not a list");
        }
        boolean full = request.full();
        return switch (phase) {
            case "list" -> compareVersions(dossierId, reply, full);
            case "fetch" -> {
                List<String> pending = ids(continuation);
                List<String> rest = pending.subList(Math.min(IDS_PER_REQUEST, pending.size()), pending.size());
                yield new MasterDataPage(records(kind, reply), List.of(), null,
                        rest.isEmpty() ? null : FETCH + String.join(",", rest), rest.isEmpty(), full);
            }
            case "all" -> new MasterDataPage(records(kind, reply), List.of(), null, null, true, true);
            case "paged" -> {
                String next = HttpReplies.nextLink(headers);
                yield new MasterDataPage(records(kind, reply), List.of(), null, next == null ? null : NEXT + next,
                        next == null, true);
            }
            default -> throw new IllegalStateException("unknown Moneybird phase " + phase);
        };
    }

    /**
     * Moneybird's ids and versions against Koppel's: ids Koppel holds that Moneybird no longer lists are deleted;
     * new ids and ids whose version differs are fetched next (every id on a FULL run).
     */
    private MasterDataPage compareVersions(UUID dossierId, JsonNode listing, boolean full) {
        Map<String, String> held = stored.of(dossierId, MasterDataKind.RELATIONS, "version");
        Set<String> listed = new HashSet<>();
        List<String> toFetch = new ArrayList<>();
        for (JsonNode entry : listing) {
            String id = entry.path("id").asText(null);
            JsonNode version = entry.path("version");
            if (id == null || id.isBlank() || version.isMissingNode() || version.isNull()) {
                throw ConnectorException.transientFailure("Moneybird's synchronization list has an entry without"
                        + " id or version");
            }
            if (id.contains(",")) {
                throw ConnectorException.transientFailure("Moneybird sent an unexpected contact id");
            }
            listed.add(id);
            if (full || !version.asText().equals(held.get(id))) {
                toFetch.add(id);
            }
        }
        List<String> deleted = held.keySet().stream().filter(id -> !listed.contains(id)).sorted().toList();
        return new MasterDataPage(List.of(), deleted, null,
                toFetch.isEmpty() ? null : FETCH + String.join(",", toFetch), toFetch.isEmpty(), full);
    }

    private static List<MasterRecord> records(MasterDataKind kind, JsonNode rows) {
        List<MasterRecord> records = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            records.add(MoneybirdRecordMapper.map(kind, row));
        }
        return records;
    }

    private static List<String> ids(String continuation) {
        if (continuation == null || !continuation.startsWith(FETCH)) {
            throw new IllegalStateException("unreadable Moneybird continuation");
        }
        return Arrays.asList(continuation.substring(FETCH.length()).split(","));
    }

    private String baseUrl() {
        return catalog.settings(MoneybirdOAuth.TYPE).baseUrl();
    }
}
