package nl.koppel.systems.twinfield;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.koppel.masterdata.MasterDataKind;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * What one master-data kind reads from Twinfield, as {@code routes/systems/twinfield.camel.yaml} declares it: one
 * {@code templatedRoute} of the template {@code twinfield-kind} per kind. Camel makes one of these when it creates
 * that route (so a value that cannot work stops the start, with the kind named), and the route hands it to
 * fetch-page's steps in property {@value #PROPERTY}; {@link TwinfieldMasterData} keeps the logic.
 *
 * @param kind             the kind, by its API path ({@code gl-accounts})
 * @param reading          {@link Reading#DIMENSIONS} or {@link Reading#FINDER}
 * @param finderType       the finder's {@code type} ({@code DIM}, {@code VAT}); unused for DIMENSIONS
 * @param dimensionTypes   the {@code dimtype} of each part of a run, in order; empty for a finder type without them
 * @param maxRows          the finder's {@code maxRows}: rows a page
 * @param modifiedSinceOverlap null: every run reads everything; else runs between full reads pass
 *                         {@code modifiedsince} = the start of the last complete run minus this overlap
 */
public record TwinfieldKindRead(MasterDataKind kind, Reading reading, String finderType, List<String> dimensionTypes,
                                int maxRows, Duration modifiedSinceOverlap) implements Processor {

    /** The exchange property fetch-page's steps read this from. */
    public static final String PROPERTY = "twinfieldKindRead";

    private static final Pattern OVERLAP = Pattern.compile("(\\d{1,6})\\s*([smh])");

    /** How a kind is read. */
    public enum Reading {
        /**
         * One ProcessXml {@code read} of all dimensions per type (1 credit each): the details the finder lacks (VAT
         * and KvK numbers, address); every run is a complete set.
         */
        DIMENSIONS,
        /** The finder ({@code Search}), {@code maxRows} a page, by row number. */
        FINDER
    }

    public TwinfieldKindRead {
        String where = "routes/systems/twinfield.camel.yaml, kind " + (kind == null ? "?" : kind.path()) + ": ";
        if (kind == null || reading == null) {
            throw new IllegalArgumentException(where + "kind and reading are required");
        }
        dimensionTypes = List.copyOf(dimensionTypes);
        if (reading == Reading.DIMENSIONS && (dimensionTypes.isEmpty() || modifiedSinceOverlap != null)) {
            throw new IllegalArgumentException(where + "a read of dimensions needs dimtypes and has no"
                    + " modifiedsince");
        }
        if (reading == Reading.FINDER && (finderType == null || finderType.isBlank())) {
            throw new IllegalArgumentException(where + "the finder needs a finder-type (DIM, VAT)");
        }
        if (reading == Reading.FINDER && "DIM".equals(finderType) && dimensionTypes.isEmpty()) {
            throw new IllegalArgumentException(where + "the finder DIM needs dimtypes");
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException(where + "max-rows must be at least 1, is " + maxRows);
        }
        if (modifiedSinceOverlap != null && modifiedSinceOverlap.isNegative()) {
            throw new IllegalArgumentException(where + "the modifiedsince overlap cannot be negative");
        }
    }

    /**
     * From the template's literal parameters: the kind by its path, the reading by name, the dimtypes separated by
     * commas, the overlap as minutes ({@code 10m}), seconds or hours (empty: no incremental reads).
     */
    public static TwinfieldKindRead of(String kind, String reading, String finderType, String dimensionTypes,
                                       int maxRows, String modifiedSinceOverlap) {
        String where = "routes/systems/twinfield.camel.yaml, kind " + kind + ": ";
        MasterDataKind masterDataKind = MasterDataKind.fromPath(kind).orElseThrow(() -> new IllegalArgumentException(
                "routes/systems/twinfield.camel.yaml: unknown kind " + kind));
        Reading how;
        try {
            how = Reading.valueOf(reading.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "reading is dimensions or finder, not " + reading, e);
        }
        List<String> types = dimensionTypes == null || dimensionTypes.isBlank() ? List.of()
                : Arrays.stream(dimensionTypes.split(",")).map(String::strip).toList();
        Duration overlap = null;
        if (modifiedSinceOverlap != null && !modifiedSinceOverlap.isBlank()) {
            // a number with a unit: Camel passes a bare number to a text parameter as a number, and 10 of what?
            Matcher amount = OVERLAP.matcher(modifiedSinceOverlap.strip());
            if (!amount.matches()) {
                throw new IllegalArgumentException(where + "modifiedsince-overlap is like 10m (s, m, h) or empty,"
                        + " not " + modifiedSinceOverlap);
            }
            long n = Long.parseLong(amount.group(1));
            overlap = switch (amount.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        return new TwinfieldKindRead(masterDataKind, how, finderType == null ? null : finderType.strip(), types,
                maxRows, overlap);
    }

    /** Read with {@code modifiedsince} between full reads. */
    boolean incremental() {
        return modifiedSinceOverlap != null;
    }

    /** How many parts a run has: one per dimension type, one for a finder type without them. */
    int parts() {
        return Math.max(1, dimensionTypes.size());
    }

    /** The {@code dimtype} of a part, or null for a finder type without them. */
    String dimensionType(int part) {
        return dimensionTypes.isEmpty() ? null : dimensionTypes.get(part);
    }

    /** The kind's templated route hands this to the steps after it. */
    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }
}
