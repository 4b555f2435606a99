package nl.koppel.systems.twinfield;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.koppel.credentials.AccessTokenRenewal;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * The fetch-page contract for Twinfield. Where each kind lives (a read of dimensions or the finder, finder type,
 * {@code dimtype}s), the finder's {@code maxRows} and the {@code modifiedsince} overlap are the kind's
 * {@link TwinfieldKindRead} from {@code routes/systems/twinfield.camel.yaml}; this bean keeps the logic.
 * <p>
 * {@link TwinfieldKindRead.Reading#DIMENSIONS} (relations): one ProcessXml {@code <read><type>dimensions</type>} per
 * type (DEB, then CRD), which lists every relation of the type with its details (VAT and KvK numbers, address) in one
 * call (1 credit) — the finder knows code and name only; each type is one page of a complete set.
 * {@link TwinfieldKindRead.Reading#FINDER} (the other kinds): the finder ({@code finder.asmx}, {@code Search}) of the
 * office, {@code maxRows} a page, one dimension type after the other.
 * <p>
 * Incremental reads pass {@code modifiedsince} (yyyyMMddHHmmss, Twinfield's local time) from the cursor
 * {@code since=...}: the start of the previous complete run, minus the kind's overlap (clocks differ; a record
 * read twice costs nothing). The finder lists what is there, not what was deleted: deletions show in full reads
 * (the first sync and the nightly reconciliation: mode FULL), which are complete sets. A kind without an overlap is
 * always read in full. Paging is by row number, so a set that changes while it is paged could skip a row: when a
 * later page reports another {@code TotalRows} than the first, the run fails (TRANSIENT) and starts again.
 */
@Component("twinfieldMasterData")
public class TwinfieldMasterData {

    static final ZoneId TWINFIELD_TIME = ZoneId.of("Europe/Amsterdam");
    static final DateTimeFormatter MODIFIED_SINCE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final TwinfieldSoap soap;

    public TwinfieldMasterData(TwinfieldSoap soap) {
        this.soap = soap;
    }

    /** Where a run is: which part (dimension type) and row, the run's TotalRows of that part, and when it began. */
    record Position(int part, int row, int total, String start) {

        static Position parse(String continuation) {
            String[] fields = continuation.split(";");
            if (fields.length != 4) {
                throw new IllegalStateException("unreadable Twinfield continuation");
            }
            return new Position(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    fields[3]);
        }

        @Override
        public String toString() {
            return part + ";" + row + ";" + total + ";" + start;
        }
    }

    /** The Search (or read) envelope for the next page; sets the SOAP call's properties. */
    public String nextRequest(@ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                              @ExchangeProperty(TwinfieldKindRead.PROPERTY) TwinfieldKindRead read,
                              @ExchangeProperty("accessToken") String accessToken, Exchange exchange) {
        String office = request.scope();
        Position position = position(request, read);
        String dimensionType = read.dimensionType(position.part());
        if (read.reading() == TwinfieldKindRead.Reading.DIMENSIONS) {
            exchange.setProperty(TwinfieldSoap.SERVICE, "processxml.asmx");
            exchange.setProperty(TwinfieldSoap.SOAP_ACTION, TwinfieldSoap.NS + "ProcessXmlString");
            return soap.readDimensionsRequest(accessToken, office, dimensionType);
        }
        exchange.setProperty(TwinfieldSoap.SERVICE, "finder.asmx");
        exchange.setProperty(TwinfieldSoap.SOAP_ACTION, TwinfieldSoap.NS + "Search");
        List<String[]> options = new ArrayList<>();
        if (dimensionType != null) {
            options.add(new String[] {"dimtype", dimensionType});
        }
        String since = incrementalSince(request, read);
        if (since != null) {
            options.add(new String[] {"modifiedsince", since});
        }
        return soap.searchRequest(accessToken, office, read.finderType(), position.row(), read.maxRows(), options);
    }

    public MasterDataPage page(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                               @Headers Map<String, Object> headers,
                               @ExchangeProperty(PageRequest.PROPERTY) PageRequest request,
                               @ExchangeProperty(TwinfieldKindRead.PROPERTY) TwinfieldKindRead read,
                               @ExchangeProperty("accessToken") String accessToken,
                               @ExchangeProperty(AccessTokenRenewal.RENEWED) Boolean renewed) {
        MasterDataKind kind = request.kind();
        String office = request.scope();
        String cursor = request.cursor();
        Position position = position(request, read);
        String dimensionType = read.dimensionType(position.part());
        if (read.reading() == TwinfieldKindRead.Reading.DIMENSIONS) {
            return dimensionsPage(read, position, dimensionType, soap.dimensions(status, body, headers, accessToken,
                    renewed, "read the " + dimensionType + " dimensions of office " + office));
        }
        TwinfieldSoap.SearchResult result = soap.searchResult(status, body, headers, accessToken, renewed,
                "the finder " + read.finderType() + (dimensionType == null ? "" : " " + dimensionType)
                        + " of office " + office);
        if (position.total() >= 0 && result.totalRows() != position.total()) {
            throw ConnectorException.transientFailure("Twinfield's " + kind.path() + " changed while they were paged"
                    + " (" + position.total() + " rows, now " + result.totalRows() + "); the run starts again");
        }
        List<MasterRecord> records = new ArrayList<>(result.rows().size());
        for (List<String> row : result.rows()) {
            records.add(TwinfieldRecordMapper.map(kind, read.finderType(), dimensionType, result.columns(), row));
        }
        boolean complete = incrementalSince(request, read) == null;
        int nextRow = position.row() + result.rows().size();
        Position next;
        if (!result.rows().isEmpty() && nextRow <= result.totalRows()) {
            next = new Position(position.part(), nextRow, result.totalRows(), position.start());
        } else if (position.part() + 1 < read.parts()) {
            next = new Position(position.part() + 1, 1, -1, position.start());
        } else {
            next = null;
        }
        // the cursor moves only when the whole run is read: a run cut short starts again from the old mark
        String committed = next == null ? "since=" + position.start() : cursor;
        return new MasterDataPage(records, List.of(), committed, next == null ? null : next.toString(), next == null,
                complete);
    }

    /** One type's relations, all of them: a page of a complete set (its cursor is not used). */
    private static MasterDataPage dimensionsPage(TwinfieldKindRead read, Position position, String dimensionType,
                                                 List<Element> dimensions) {
        List<MasterRecord> records = new ArrayList<>(dimensions.size());
        for (Element dimension : dimensions) {
            records.add(TwinfieldRecordMapper.relation(dimensionType, dimension));
        }
        boolean last = position.part() + 1 >= read.parts();
        Position next = last ? null : new Position(position.part() + 1, 1, -1, position.start());
        return new MasterDataPage(records, List.of(), null, next == null ? null : next.toString(), last, true);
    }

    /** Where the run is: from the continuation, or a new run that starts now. */
    private static Position position(PageRequest request, TwinfieldKindRead read) {
        return request.continuation() == null ? new Position(0, 1, -1, mark(read))
                : Position.parse(request.continuation());
    }

    /** The {@code modifiedsince} of an incremental read, or null for a full read. */
    private static String incrementalSince(PageRequest request, TwinfieldKindRead read) {
        String cursor = request.cursor();
        if (request.full() || !read.incremental() || cursor == null || !cursor.startsWith("since=")) {
            return null;
        }
        return cursor.substring("since=".length());
    }

    /** The run's mark: now in Twinfield's time, minus the kind's overlap. */
    private static String mark(TwinfieldKindRead read) {
        ZonedDateTime now = ZonedDateTime.now(TWINFIELD_TIME);
        return (read.incremental() ? now.minus(read.modifiedSinceOverlap()) : now).format(MODIFIED_SINCE);
    }
}
