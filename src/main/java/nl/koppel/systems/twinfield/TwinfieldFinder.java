package nl.koppel.systems.twinfield;

import java.util.Arrays;
import java.util.List;
import nl.koppel.masterdata.MasterDataKind;

/**
 * Where each supported kind lives: the finder's type and dimension types; relations are read with ProcessXml
 * ({@code read dimensions}, one call per type, with VAT and KvK numbers), the rest with the finder.
 */
enum TwinfieldFinder {
    RELATIONS(MasterDataKind.RELATIONS, "DIM", false, "DEB", "CRD"),
    GL_ACCOUNTS(MasterDataKind.GL_ACCOUNTS, "DIM", true, "BAS", "PNL"),
    COST_CENTERS(MasterDataKind.COST_CENTERS, "DIM", true, "KPL"),
    VAT_CODES(MasterDataKind.VAT_CODES, "VAT", false, (String) null);

    private final MasterDataKind kind;
    private final String type;
    private final boolean incremental;
    private final List<String> dimensionTypes;

    TwinfieldFinder(MasterDataKind kind, String type, boolean incremental, String... dimensionTypes) {
        this.kind = kind;
        this.type = type;
        this.incremental = incremental;
        this.dimensionTypes = Arrays.asList(dimensionTypes);
    }

    String type() {
        return type;
    }

    /** Read with one ProcessXml {@code read} of all dimensions per type (details the finder lacks), not the finder. */
    boolean readsDimensions() {
        return kind == MasterDataKind.RELATIONS;
    }

    /** Read with {@code modifiedsince} between full reads. */
    boolean incremental() {
        return incremental;
    }

    /** The {@code dimtype} of each part of a run, in order; a single null for a finder without dimension types. */
    List<String> dimensionTypes() {
        return dimensionTypes;
    }

    static TwinfieldFinder of(MasterDataKind kind) {
        for (TwinfieldFinder finder : values()) {
            if (finder.kind == kind) {
                return finder;
            }
        }
        throw new IllegalStateException("Twinfield's finder has no " + kind.path()
                + "; leave it out of koppel.systems.twinfield.master-data-kinds");
    }
}
