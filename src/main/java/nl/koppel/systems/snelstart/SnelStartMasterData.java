package nl.koppel.systems.snelstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The fetch-page contract for SnelStart; what each kind reads (endpoint, {@code $top}, incremental filter) comes from
 * its route as a {@link SnelStartRead}. One HTTP call per page:
 * <ul>
 *   <li><b>Paged (OData) kinds</b> ({@code relaties}, {@code grootboeken}): {@code $top}/{@code $skip}; SnelStart
 *       answers a bare array without next link or count, so a page shorter than {@code $top} is the last. An
 *       INCREMENTAL run with a cursor adds the filter with {@code {since}} = the highest {@code modifiedOn} of the last
 *       run minus {@link #OVERLAP} (records committed late with an earlier time are read again; unchanged ones cost no
 *       write). The pages are not ordered by {@code modifiedOn}, so the position only moves at the end of a run: every
 *       page returns the old cursor, the last one {@code modifiedOn=<highest seen>}. A FULL run (or one without a
 *       cursor) reads without filter and is a complete set: SnelStart publishes no deletions, so hard deletes are
 *       found by the daily reconciliation; {@code nonactief} records stay, inactive.</li>
 *   <li><b>Full-read kinds</b> ({@code dagboeken}, {@code kostenplaatsen}, {@code btwtarieven}: no OData, no
 *       {@code modifiedOn}): one call, a complete set, no cursor.</li>
 * </ul>
 * Continuation of a paged run: {@code skip=<n>;max=<highest modifiedOn so far>}.
 */
@Component("snelStartMasterData")
public class SnelStartMasterData {

    /** Exchange property: the call this page makes (set by {@link #nextRequest}, read by {@link #page}). */
    static final String CALL = "snelstartCall";
    static final String CURSOR = "modifiedOn=";
    /** Read back this far before the last run's highest modifiedOn: a record saved late with an earlier time. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    private static final DateTimeFormatter FILTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** One page's call: the kind's read, the URL and where the run stands. */
    record Call(SnelStartRead read, String url, int skip, String highestModifiedOn) {
    }

    private final AccountingSystemCatalog catalog;
    private final SnelStartReplies replies;
    private final Clock clock;

    @Autowired
    public SnelStartMasterData(AccountingSystemCatalog catalog, SnelStartReplies replies) {
        this(catalog, replies, Clock.systemDefaultZone());
    }

    SnelStartMasterData(AccountingSystemCatalog catalog, SnelStartReplies replies, Clock clock) {
        this.catalog = catalog;
        this.replies = replies;
        this.clock = clock;
    }

    /** The kind's read as its route states it (properties snelstartResource, snelstartPageSize, snelstartChangedSince). */
    public SnelStartRead read(@ExchangeProperty("snelstartResource") String resource,
                              @ExchangeProperty("snelstartPageSize") String pageSize,
                              @ExchangeProperty("snelstartChangedSince") String changedSince) {
        return new SnelStartRead(resource, Integer.parseInt(pageSize.strip()), changedSince);
    }

    /** Decides this page's call from the kind's read, the mode, the cursor and the continuation. */
    public void nextRequest(@ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                            @ExchangeProperty("snelstartRead") SnelStartRead read, Exchange exchange) {
        exchange.setProperty(CALL, call(baseUrl(), request, read));
        exchange.getMessage().setHeader(Exchange.HTTP_URI, ((Call) exchange.getProperty(CALL)).url());
    }

    static Call call(String baseUrl, PageRequest request, SnelStartRead read) {
        String url = baseUrl + "/v2/" + read.resource();
        if (!read.paged()) {
            return new Call(read, url, 0, null);
        }
        int skip = 0;
        String highest = null;
        if (request.continuation() != null) {
            Map<String, String> position = position(request.continuation());
            skip = Integer.parseInt(position.get("skip"));
            highest = position.get("max").isEmpty() ? null : position.get("max");
        }
        StringBuilder query = new StringBuilder("?$top=").append(read.pageSize()).append("&$skip=").append(skip);
        String since = since(request, read);
        if (since != null) {
            query.append("&$filter=").append(URLEncoder.encode(read.changedSince().replace("{since}", since),
                    StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new Call(read, url + query, skip, highest);
    }

    public MasterDataPage page(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                               @Headers Map<String, Object> headers,
                               @ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                               @ExchangeProperty(CALL) Call call) {
        String what = call.read().resource() + " of administration " + request.scope();
        JsonNode rows = replies.rows(status, body, headers, what);
        LocalDate today = LocalDate.now(clock);
        List<MasterRecord> records = new ArrayList<>(rows.size());
        String highest = call.highestModifiedOn();
        for (JsonNode row : rows) {
            records.add(SnelStartRecordMapper.map(request.kind(), row, today));
            String modifiedOn = row.path("modifiedOn").asText(null);
            if (modifiedOn != null && !modifiedOn.isBlank() && (highest == null || later(modifiedOn, highest))) {
                highest = modifiedOn;
            }
        }
        SnelStartRead read = call.read();
        if (!read.paged()) {
            return new MasterDataPage(records, List.of(), null, null, true, true);
        }
        boolean completeSet = since(request, read) == null;
        if (rows.size() > read.pageSize()) {
            throw ConnectorException.transientFailure("SnelStart sent more " + read.resource() + " than $top asked");
        }
        if (rows.size() == read.pageSize()) {
            String continuation = "skip=" + (call.skip() + rows.size()) + ";max=" + (highest == null ? "" : highest);
            return new MasterDataPage(records, List.of(), request.cursor(), continuation, false, completeSet);
        }
        String cursor = highest != null ? CURSOR + highest : request.cursor();
        return new MasterDataPage(records, List.of(), cursor, null, true, completeSet);
    }

    /** {@code {since}} of an incremental run; null for a read of everything (FULL, no cursor, or no filter). */
    private static String since(PageRequest request, SnelStartRead read) {
        if (request.full() || !read.incremental() || request.cursor() == null
                || !request.cursor().startsWith(CURSOR)) {
            return null;
        }
        return modifiedOn(request.cursor().substring(CURSOR.length())).minus(OVERLAP).format(FILTER_TIME);
    }

    private static boolean later(String a, String b) {
        return modifiedOn(a).isAfter(modifiedOn(b));
    }

    /** SnelStart's {@code modifiedOn}: a local date-time without zone, fractions of a second optional. */
    private static LocalDateTime modifiedOn(String text) {
        try {
            return LocalDateTime.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text);
        } catch (DateTimeParseException e) {
            throw ConnectorException.transientFailure("SnelStart sent an unreadable modifiedOn; the page is refused"
                    + " and nothing of it is stored");
        }
    }

    private static Map<String, String> position(String continuation) {
        Map<String, String> position = new java.util.HashMap<>();
        for (String part : continuation.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                position.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (!position.containsKey("skip") || !position.containsKey("max")) {
            throw new IllegalStateException("unreadable SnelStart continuation");
        }
        return position;
    }

    private String baseUrl() {
        return catalog.settings(SnelStartKeys.TYPE).baseUrl();
    }
}
