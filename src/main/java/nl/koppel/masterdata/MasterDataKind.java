package nl.koppel.masterdata;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of master data ("stamgegevens") Koppel keeps per dossier, named as in the API paths. */
public enum MasterDataKind {
    RELATIONS("relations"),
    GL_ACCOUNTS("gl-accounts"),
    VAT_CODES("vat-codes"),
    JOURNALS("journals"),
    COST_CENTERS("cost-centers"),
    COST_UNITS("cost-units"),
    PROJECTS("projects"),
    PAYMENT_CONDITIONS("payment-conditions");

    private final String path;

    MasterDataKind(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public static Optional<MasterDataKind> fromPath(String path) {
        return Arrays.stream(values()).filter(k -> k.path.equals(path)).findFirst();
    }
}
