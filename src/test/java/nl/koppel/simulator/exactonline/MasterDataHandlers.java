package nl.koppel.simulator.exactonline;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static nl.koppel.simulator.exactonline.ODataQuery.FilterForm;
import static nl.koppel.simulator.exactonline.ODataQuery.LiteralType;
import static nl.koppel.simulator.exactonline.ODataQuery.Op;

/**
 * The endpoints under {@code /api/v1/{division}/}: {@code system/Divisions}, the six kinds' regular endpoints,
 * the sync endpoints and {@code sync/Deleted}. Per call, in Exact's order: the division's rate limit (headers
 * on every answer, 429 over it), access to the division (403 WrongDivision), then the OData query.
 * The caller has already counted the call, consulted the faults and resolved the bearer token to a user.
 */
final class MasterDataHandlers {

    static final String WRONG_DIVISION = "Forbidden - WrongDivision";
    static final String TOO_MANY_REQUESTS = "Too many requests";
    static final String DIVISIONS_PATH = "system/Divisions";
    static final String DELETED_PATH = "sync/Deleted";

    private static final Pattern GUID_TOKEN = Pattern.compile("^guid'([0-9a-fA-F-]{36})'$");
    private static final Pattern NUMBER_TOKEN = Pattern.compile("^([0-9]{1,18})L?$");

    private static final Set<FilterForm> REGULAR_FILTERS = Set.of(
            FilterForm.of("ID", Op.EQ, LiteralType.GUID),
            FilterForm.of("Modified", Op.GE, LiteralType.DATETIME),
            FilterForm.of("Modified", Op.GT, LiteralType.DATETIME),
            FilterForm.of("Modified", Op.LE, LiteralType.DATETIME),
            FilterForm.of("Modified", Op.LT, LiteralType.DATETIME));
    private static final Set<FilterForm> SYNC_FILTERS = Set.of(FilterForm.of("Timestamp", Op.GT, LiteralType.INTEGER));
    private static final Set<FilterForm> DIVISION_FILTERS = Set.of(
            FilterForm.of("Status", Op.EQ, LiteralType.INTEGER),
            FilterForm.of("Modified", Op.GE, LiteralType.DATETIME),
            FilterForm.of("Modified", Op.GT, LiteralType.DATETIME),
            FilterForm.of("Modified", Op.LE, LiteralType.DATETIME),
            FilterForm.of("Modified", Op.LT, LiteralType.DATETIME));

    private final DivisionDirectory directory;
    private final MasterDataStore store;
    private final RateLimiter rateLimiter;
    private final ODataPages pages;
    private final String baseUrl;

    MasterDataHandlers(DivisionDirectory directory, MasterDataStore store, RateLimiter rateLimiter, String baseUrl) {
        this.directory = directory;
        this.store = store;
        this.rateLimiter = rateLimiter;
        this.pages = new ODataPages(baseUrl);
        this.baseUrl = baseUrl;
    }

    /** @param resource the path after {@code /api/v1/{division}/}, e.g. {@code crm/Accounts} */
    void handle(HttpExchange exchange, AccountingUser user, int division, String resource) throws IOException {
        RateLimiter.Verdict verdict = rateLimiter.acquire(division);
        verdict.addHeadersTo(exchange.getResponseHeaders());
        if (!verdict.allowed()) {
            HttpMessages.sendODataError(exchange, 429, TOO_MANY_REQUESTS);
            return;
        }
        if (!directory.mayAccess(user.userName(), division)) {
            HttpMessages.sendODataError(exchange, 403, WRONG_DIVISION);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            HttpMessages.sendODataError(exchange, 405, "Method not allowed");
            return;
        }
        if (!acceptsJson(exchange)) {
            sendAtom(exchange, resource); // what Exact answers a client that forgot Accept: application/json
            return;
        }
        try {
            route(exchange, user, division, resource);
        } catch (ODataException refused) {
            HttpMessages.sendODataError(exchange, refused.status(), refused.getMessage());
        }
    }

    private void route(HttpExchange exchange, AccountingUser user, int division, String resource) throws IOException {
        if (DIVISIONS_PATH.equalsIgnoreCase(resource)) {
            divisions(exchange, user, division, query(exchange));
            return;
        }
        if (DELETED_PATH.equalsIgnoreCase(resource)) {
            deleted(exchange, division, query(exchange));
            return;
        }
        for (Kind kind : Kind.values()) {
            if (kind.syncPath().filter(resource::equalsIgnoreCase).isPresent()) {
                sync(exchange, division, kind, query(exchange));
                return;
            }
            if (kind.endpointPath().equalsIgnoreCase(resource)) {
                regular(exchange, division, kind, query(exchange));
                return;
            }
        }
        HttpMessages.sendODataError(exchange, 404, "Not found");
    }

    // ---- regular endpoints -------------------------------------------------------------------

    private void regular(HttpExchange exchange, int division, Kind kind, ODataQuery query) throws IOException {
        if (kind.hasSyncEndpoint() && !query.hasFilter()) {
            throw new ODataException(400, "A $filter is required on " + kind.endpointPath()
                    + ": use " + kind.syncPath().orElseThrow() + " to read them all.");
        }
        query.requireFilterForms(REGULAR_FILTERS);
        List<RecordField> fields = query.selectFrom(kind.fields());
        UUID after = query.skiptoken().map(MasterDataHandlers::guidToken).orElse(null);
        int limit = pageLimit(query, ODataPages.REGULAR_PAGE_SIZE);
        Predicate<MasterRecord> filter = record -> query.matches(property -> switch (property) {
            case "ID" -> record.id();
            case "Modified" -> record.modifiedMillis();
            default -> null;
        });
        List<MasterRecord> page = store.pageById(division, kind, after, filter, limit + 1);
        Long count = query.inlineCount() ? store.countMatching(division, kind, filter) : null;
        String uriPrefix = baseUrl + ApiHandlers.API_PREFIX + division + "/" + kind.endpointPath();
        sendPage(exchange, query, page, limit, fields, count,
                new ODataPages.RowShape<>(MasterRecord::allValues, record -> uriPrefix + "(guid'" + record.id() + "')", kind.odataType()),
                last -> ODataPages.guidToken(last.id()));
    }

    // ---- sync endpoints ----------------------------------------------------------------------

    private void sync(HttpExchange exchange, int division, Kind kind, ODataQuery query) throws IOException {
        requireSyncQuery(query, true);
        List<RecordField> fields = withTimestamp(query.selectFrom(kind.syncFields()));
        long filterBound = query.greatestLowerBound("Timestamp", Long.MIN_VALUE);
        long after = Math.max(filterBound, query.skiptoken().map(MasterDataHandlers::numberToken).orElse(Long.MIN_VALUE));
        int limit = pageLimit(query, ODataPages.SYNC_PAGE_SIZE);
        List<MasterRecord> page = store.pageByTimestamp(division, kind, after, limit + 1);
        Long count = query.inlineCount() ? store.countAfter(division, kind, filterBound) : null;
        String uriPrefix = baseUrl + ApiHandlers.API_PREFIX + division + "/" + kind.syncPath().orElseThrow();
        sendPage(exchange, query, page, limit, fields, count,
                new ODataPages.RowShape<>(MasterRecord::allValues, record -> uriPrefix + "(" + record.timestamp() + "L)", kind.odataType()),
                last -> Long.toString(last.timestamp()));
    }

    private void deleted(HttpExchange exchange, int division, ODataQuery query) throws IOException {
        requireSyncQuery(query, false);
        List<RecordField> fields = withTimestamp(query.selectFrom(Tombstone.FIELDS));
        long filterBound = query.greatestLowerBound("Timestamp", Long.MIN_VALUE);
        long after = Math.max(filterBound, query.skiptoken().map(MasterDataHandlers::numberToken).orElse(Long.MIN_VALUE));
        int limit = pageLimit(query, ODataPages.SYNC_PAGE_SIZE);
        List<Tombstone> page = store.tombstonesAfter(division, after, limit + 1);
        Long count = query.inlineCount() ? store.countTombstonesAfter(division, filterBound) : null;
        String uriPrefix = baseUrl + ApiHandlers.API_PREFIX + division + "/" + DELETED_PATH;
        sendPage(exchange, query, page, limit, fields, count,
                new ODataPages.RowShape<>(Tombstone::values, tombstone -> uriPrefix + "(" + tombstone.timestamp() + "L)",
                        "Exact.Web.Api.Models.Sync.Deleted"),
                last -> Long.toString(last.timestamp()));
    }

    /** Only {@code Timestamp gt N} may be filtered, and it must be; {@code $select} must be given (never {@code *}). */
    private static void requireSyncQuery(ODataQuery query, boolean selectRequired) {
        if (query.hasSelect() && query.selectsAll() || selectRequired && !query.hasSelect()) {
            throw new ODataException(400, "$select is mandatory on this endpoint and may not be '*'.");
        }
        if (!query.hasFilter()) {
            throw new ODataException(400, "$filter=Timestamp gt {n} is mandatory on this endpoint.");
        }
        query.requireFilterForms(SYNC_FILTERS);
    }

    private static List<RecordField> withTimestamp(List<RecordField> fields) {
        if (fields.stream().anyMatch(field -> field.name().equals("Timestamp"))) {
            return fields;
        }
        List<RecordField> withTimestamp = new ArrayList<>(fields);
        withTimestamp.add(Kind.TIMESTAMP);
        return withTimestamp;
    }

    // ---- divisions ---------------------------------------------------------------------------

    private void divisions(HttpExchange exchange, AccountingUser user, int division, ODataQuery query) throws IOException {
        query.requireFilterForms(DIVISION_FILTERS);
        List<RecordField> fields = query.selectFrom(SimulatedDivision.FIELDS);
        int after = query.skiptoken().map(token -> (int) Math.min(Integer.MAX_VALUE, numberToken(token))).orElse(Integer.MIN_VALUE);
        int limit = pageLimit(query, ODataPages.REGULAR_PAGE_SIZE);
        Predicate<SimulatedDivision> filter = candidate -> query.matches(property -> switch (property) {
            case "Status" -> candidate.status();
            case "Modified" -> candidate.modified().toEpochMilli();
            default -> null;
        });
        List<SimulatedDivision> matching = directory.accessibleTo(user.userName()).stream().filter(filter).toList();
        List<SimulatedDivision> page = matching.stream().filter(candidate -> candidate.code() > after).limit(limit + 1L).toList();
        String uriPrefix = baseUrl + ApiHandlers.API_PREFIX + division + "/" + DIVISIONS_PATH;
        sendPage(exchange, query, page, limit, fields, query.inlineCount() ? (long) matching.size() : null,
                new ODataPages.RowShape<>(SimulatedDivision::values, candidate -> uriPrefix + "(" + candidate.code() + ")",
                        "Exact.Web.Api.System.Division"),
                last -> Integer.toString(last.code()));
    }

    // ---- paging ------------------------------------------------------------------------------

    /** Rows this page may hold: the page size, or less when {@code $top} asks for fewer. */
    private static int pageLimit(ODataQuery query, int pageSize) {
        return Math.min(pageSize, query.top().orElse(Integer.MAX_VALUE));
    }

    /**
     * Sends {@code fetched} (up to {@code limit} + 1 rows, the extra one only telling that there is more)
     * with {@code __next} when there is more and {@code $top} allows it.
     */
    private <T> void sendPage(HttpExchange exchange, ODataQuery query, List<T> fetched, int limit, List<RecordField> fields,
                              Long count, ODataPages.RowShape<T> shape, Function<T, String> skiptoken) throws IOException {
        List<T> page = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        String next = null;
        boolean more = fetched.size() > limit;
        if (more) {
            Integer remainingTop = null;
            if (query.top().isPresent()) {
                remainingTop = query.top().getAsInt() - page.size();
            }
            if (remainingTop == null || remainingTop > 0) {
                next = pages.nextUrl(exchange, skiptoken.apply(page.get(page.size() - 1)), remainingTop);
            }
        }
        pages.send(exchange, page, shape, fields, count, next);
    }

    // ---- request details ---------------------------------------------------------------------

    private static ODataQuery query(HttpExchange exchange) {
        return ODataQuery.parse(HttpMessages.query(exchange));
    }

    private static UUID guidToken(String token) {
        Matcher matcher = GUID_TOKEN.matcher(token.trim());
        if (!matcher.matches()) {
            throw ODataException.querySyntax();
        }
        try {
            return UUID.fromString(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw ODataException.querySyntax();
        }
    }

    private static long numberToken(String token) {
        Matcher matcher = NUMBER_TOKEN.matcher(token.trim());
        if (!matcher.matches()) {
            throw ODataException.querySyntax();
        }
        return Long.parseLong(matcher.group(1));
    }

    private static boolean acceptsJson(HttpExchange exchange) {
        List<String> accept = exchange.getRequestHeaders().get("Accept");
        return accept != null && accept.stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("application/json"));
    }

    private void sendAtom(HttpExchange exchange, String resource) throws IOException {
        String title = resource.substring(resource.lastIndexOf('/') + 1).replaceAll("[^A-Za-z]", "");
        HttpMessages.send(exchange, 200, "application/atom+xml;type=feed;charset=utf-8",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xml:base=\"" + baseUrl + ApiHandlers.API_PREFIX
                        + "\" xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">" + title + "</title></feed>");
    }
}
