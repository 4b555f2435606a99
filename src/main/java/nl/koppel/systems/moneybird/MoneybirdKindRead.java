package nl.koppel.systems.moneybird;

import java.util.Locale;
import nl.koppel.masterdata.MasterDataKind;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * What one master-data kind reads from Moneybird, as {@code routes/systems/moneybird.camel.yaml} declares it: one
 * {@code templatedRoute} of the template {@code moneybird-kind} per kind. Camel makes one of these when it creates
 * that route (so a value Moneybird would refuse stops the start, with the kind named), and the route hands it to
 * fetch-page's steps in property {@value #PROPERTY}; {@link MoneybirdMasterData} keeps the logic.
 *
 * @param kind          the kind, by its API path ({@code relations})
 * @param resource      the path under {@code /api/v2/<administration>/}, {@code .json} included
 * @param reading       {@link Reading#VERSIONS}, {@link Reading#ALL} or {@link Reading#PAGES}
 * @param perPage       Moneybird's {@code per_page} (1..100) when the reading is PAGES
 * @param idsPerRequest ids per synchronization {@code POST} (1..100) when the reading is VERSIONS
 * @param filter        Moneybird's {@code filter} parameter (e.g. {@code active:true}), or empty
 */
public record MoneybirdKindRead(MasterDataKind kind, String resource, Reading reading, int perPage,
                                int idsPerRequest, String filter) implements Processor {

    /** The exchange property fetch-page's steps read this from. */
    public static final String PROPERTY = "moneybirdKindRead";

    /** Moneybird takes at most 100 per page and 100 ids per synchronization POST. */
    static final int MOST = 100;

    /** How a kind is read; each is a complete set. */
    public enum Reading {
        /** The synchronization API: ids and versions, then the changed ids by POST, {@code idsPerRequest} a page. */
        VERSIONS,
        /** One call, every record (Moneybird does not page the resource). */
        ALL,
        /** {@code page} and {@code per_page}, following {@code Link rel="next"}. */
        PAGES
    }

    public MoneybirdKindRead {
        String where = "routes/systems/moneybird.camel.yaml, kind " + (kind == null ? "?" : kind.path()) + ": ";
        if (kind == null || reading == null) {
            throw new IllegalArgumentException(where + "kind and reading are required");
        }
        if (resource == null || resource.isBlank() || resource.startsWith("/") || resource.contains("?")) {
            throw new IllegalArgumentException(where + "resource is a path like tax_rates.json (the parameters are"
                    + " per-page and filter)");
        }
        filter = filter == null ? "" : filter.strip();
        if (reading == Reading.PAGES && (perPage < 1 || perPage > MOST)) {
            throw new IllegalArgumentException(where + "per-page must be 1.." + MOST + ", is " + perPage);
        }
        if (reading == Reading.VERSIONS && (idsPerRequest < 1 || idsPerRequest > MOST)) {
            throw new IllegalArgumentException(where + "ids-per-request must be 1.." + MOST + ", is "
                    + idsPerRequest);
        }
        if (reading == Reading.VERSIONS && !filter.isEmpty()) {
            // every contact the list leaves out would count as deleted
            throw new IllegalArgumentException(where + "the synchronization list takes no filter");
        }
    }

    /** From the template's literal parameters: the kind by its path, the reading by name. */
    public static MoneybirdKindRead of(String kind, String resource, String reading, int perPage, int idsPerRequest,
                                       String filter) {
        MasterDataKind masterDataKind = MasterDataKind.fromPath(kind).orElseThrow(() -> new IllegalArgumentException(
                "routes/systems/moneybird.camel.yaml: unknown kind " + kind));
        Reading how;
        try {
            how = Reading.valueOf(reading.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("routes/systems/moneybird.camel.yaml, kind " + kind + ": reading is"
                    + " versions, all or pages, not " + reading, e);
        }
        return new MoneybirdKindRead(masterDataKind, resource == null ? null : resource.strip(), how, perPage,
                idsPerRequest, filter);
    }

    /** The kind's templated route hands this to the steps after it. */
    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }
}
