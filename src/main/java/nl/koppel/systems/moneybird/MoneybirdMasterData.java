package nl.koppel.systems.moneybird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * The fetch-page contract for Moneybird. Which resource a kind reads, how, page size, ids per request and filter are
 * the kind's {@link MoneybirdKindRead} from {@code routes/systems/moneybird.camel.yaml}; this bean keeps the logic.
 * One HTTP call per page:
 * <ul>
 *   <li>{@link MoneybirdKindRead.Reading#VERSIONS} (relations: contacts through the synchronization API). First
 *       page: {@code GET} the resource lists every id and version; they are compared with the {@code version} in the
 *       source records Koppel holds ({@link StoredSourceFields}). Ids Koppel holds that are missing are deleted on
 *       that page; the changed and new ids travel in the continuation. Next pages: {@code POST {"ids": [...]}} with
 *       up to {@code idsPerRequest} of them. A FULL run fetches every id (to re-map everything) and is a complete
 *       set. The cursor holds nothing: the versions stored with the records are the position.</li>
 *   <li>{@link MoneybirdKindRead.Reading#ALL} (gl-accounts: ledger accounts): one call, not paged, a complete
 *       set.</li>
 *   <li>{@link MoneybirdKindRead.Reading#PAGES} (vat-codes: tax rates): {@code per_page} a page, following the
 *       {@code Link rel="next"} header; a complete set.</li>
 * </ul>
 * Journals, cost centres, cost units, projects and payment conditions do not exist in Moneybird:
 * {@code master-data-kinds} leaves them out, so they are NOT_SUPPORTED and never fetched.
 */
@Component("moneybirdMasterData")
public class MoneybirdMasterData {

    /** Exchange properties the route uses for the call. */
    static final String METHOD = "moneybirdMethod";
    static final String REQUEST_URL = "moneybirdRequestUrl";
    static final String REQUEST_BODY = "moneybirdRequestBody";

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

    /** Decides the next call from the kind's read and the continuation: sets method, URL and (POST) the body. */
    public void nextRequest(@ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                            @ExchangeProperty(MoneybirdKindRead.PROPERTY) MoneybirdKindRead read, Exchange exchange) {
        String continuation = request.continuation();
        String url = baseUrl() + "/api/v2/" + request.scope() + "/" + read.resource();
        String filter = read.filter().isEmpty() ? "" : "filter=" + URLEncoder.encode(read.filter(),
                StandardCharsets.UTF_8);
        exchange.setProperty(METHOD, "GET");
        exchange.setProperty(REQUEST_BODY, "");
        switch (read.reading()) {
            case VERSIONS -> {
                exchange.setProperty(REQUEST_URL, url);
                if (continuation != null) {
                    List<String> pending = ids(continuation);
                    ArrayNode ids = json.createObjectNode().putArray("ids");
                    pending.subList(0, Math.min(read.idsPerRequest(), pending.size())).forEach(ids::add);
                    exchange.setProperty(METHOD, "POST");
                    exchange.setProperty(REQUEST_BODY, "{\"ids\":" + ids + "}");
                }
            }
            case ALL -> exchange.setProperty(REQUEST_URL, filter.isEmpty() ? url : url + "?" + filter);
            case PAGES -> {
                String next = continuation == null
                        ? url + "?per_page=" + read.perPage() + (filter.isEmpty() ? "" : "&" + filter) + "&page=1"
                        : continuation.substring(NEXT.length());
                // the api-call template follows the next link only on the configured host (ApiHost)
                exchange.setProperty(REQUEST_URL, next);
            }
            default -> throw new IllegalStateException("unknown Moneybird reading " + read.reading());
        }
    }

    public MasterDataPage page(@Body ApiReply answer,
                               @ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                               @ExchangeProperty(MoneybirdKindRead.PROPERTY) MoneybirdKindRead read) {
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
        return switch (read.reading()) {
            case VERSIONS -> {
                if (continuation == null) {
                    yield compareVersions(dossierId, kind, reply, full);
                }
                List<String> pending = ids(continuation);
                List<String> rest = pending.subList(Math.min(read.idsPerRequest(), pending.size()), pending.size());
                yield new MasterDataPage(records(kind, reply), List.of(), null,
                        rest.isEmpty() ? null : FETCH + String.join(",", rest), rest.isEmpty(), full);
            }
            case ALL -> new MasterDataPage(records(kind, reply), List.of(), null, null, true, true);
            case PAGES -> {
                String next = HttpReplies.nextLink(headers);
                yield new MasterDataPage(records(kind, reply), List.of(), null, next == null ? null : NEXT + next,
                        next == null, true);
            }
        };
    }

    /**
     * Moneybird's ids and versions against Koppel's: ids Koppel holds that Moneybird no longer lists are deleted;
     * new ids and ids whose version differs are fetched next (every id on a FULL run).
     */
    private MasterDataPage compareVersions(UUID dossierId, MasterDataKind kind, JsonNode listing, boolean full) {
        Map<String, String> held = stored.of(dossierId, kind, "version");
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
                throw ConnectorException.transientFailure("Moneybird sent an unexpected id in its synchronization"
                        + " list");
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
