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
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ApiRequest;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
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
    /** Exchange property: the kind's {@link SnelStartRead}, made by {@link #read} from its route's parameters. */
    static final String READ = "snelstartRead";
    private static final String CHANGED_SINCE = "snelstartChangedSince";
    static final String CURSOR = "modifiedOn=";
    /** Read back this far before the last run's highest modifiedOn: a record saved late with an earlier time. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    private static final DateTimeFormatter FILTER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** One page's call: the kind's read, the URL and where the run stands. */
    record Call(SnelStartRead read, String path, int skip, String highestModifiedOn) {
    }

    private final SnelStartReplies replies;
    private final Clock clock;

    @Autowired
    public SnelStartMasterData(SnelStartReplies replies) {
        this(replies, Clock.systemDefaultZone());
    }

    SnelStartMasterData(SnelStartReplies replies, Clock clock) {
        this.replies = replies;
        this.clock = clock;
    }

    /**
     * The kind's read as its route states it (template parameters resource and pageSize; the filter in property
     * {@code snelstartChangedSince}, which a method call's quotes could not carry).
     */
    public SnelStartRead read(String resource, String pageSize, Exchange exchange) {
        String changedSince = exchange.getProperty(CHANGED_SINCE, String.class);
        exchange.removeProperty(CHANGED_SINCE);
        return new SnelStartRead(resource, Integer.parseInt(pageSize.strip()), changedSince);
    }

    /** This page's call (kept in property {@code snelstartCall}) as the api-call template's request. */
    public ApiRequest nextRequest(@ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                                  @ExchangeProperty(READ) SnelStartRead read, Exchange exchange) {
        Call call = call(request, read);
        exchange.setProperty(CALL, call);
        return ApiRequest.get(call.path(), read.resource() + " of administration " + request.scope());
    }

    static Call call(PageRequest request, SnelStartRead read) {
        String path = "/v2/" + read.resource();
        if (!read.paged()) {
            return new Call(read, path, 0, null);
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
        return new Call(read, path + query, skip, highest);
    }

    public MasterDataPage page(@Body ApiReply reply, @ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                               @ExchangeProperty(CALL) Call call) {
        String what = call.read().resource() + " of administration " + request.scope();
        JsonNode rows = replies.rows(reply, what);
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
}
