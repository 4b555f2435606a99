package nl.koppel.simulator.snelstart;

import java.util.Arrays;
import java.util.Optional;

/**
 * The resources under {@code /v2/} that the simulator serves, with the scope each needs and whether it takes OData
 * ({@code $top}, {@code $skip}, {@code $filter}) and has {@code modifiedOn} (facts: other-systems.md, "SnelStart").
 */
public enum SnelStartResource {
    RELATIES("relaties", "relaties:read", true),
    GROOTBOEKEN("grootboeken", "boekhouden:read", true),
    DAGBOEKEN("dagboeken", "boekhouden:read", false),
    KOSTENPLAATSEN("kostenplaatsen", "settings:read", false),
    BTWTARIEVEN("btwtarieven", "settings:read", false);

    /** companyInfo's scope. */
    public static final String SETTINGS_SCOPE = "settings:read";

    private final String path;
    private final String scope;
    private final boolean odata;

    SnelStartResource(String path, String scope, boolean odata) {
        this.path = path;
        this.scope = scope;
        this.odata = odata;
    }

    public String path() {
        return path;
    }

    public String scope() {
        return scope;
    }

    /** OData resources page, filter and carry {@code modifiedOn}; the others answer everything and ignore queries. */
    public boolean odata() {
        return odata;
    }

    static Optional<SnelStartResource> of(String path) {
        return Arrays.stream(values()).filter(r -> r.path.equals(path)).findFirst();
    }
}
