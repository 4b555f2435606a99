package nl.koppel.systems.exactonline;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import nl.koppel.masterdata.MasterDataKind;

/**
 * What fetch-page reads at Exact Online for one kind, as the kind's {@code templatedRoute} in
 * {@code routes/systems/exact-online.camel.yaml} declares it: the integration team's part. How it is read (the
 * cursor's phases, {@code __next}, the turn's shared read of {@code sync/Deleted}, complete sets) is
 * {@link ExactOnlineMasterData}'s.
 *
 * @param endpoint          the regular endpoint after {@code /api/v1/{division}/}, e.g. {@code crm/Accounts}; read
 *                          in full (a complete set) when there is no sync endpoint
 * @param syncEndpoint      the row-versioned endpoint, e.g. {@code sync/CRM/Accounts}; null: every read is full
 * @param select            the fields asked for ({@code $select}); {@code Timestamp} is added on sync reads (the
 *                          cursor is made of it)
 * @param top               {@code $top} of a sync read (at most Exact's 1000 a page); null: Exact's own page size
 * @param filter            the incremental filter of a sync read, {@value #CURSOR} standing for the position
 * @param deletedEntityType the kind's {@code EntityType} in {@code sync/Deleted}; only with a sync endpoint
 */
public record ExactOnlineRead(MasterDataKind kind, String endpoint, String syncEndpoint, List<String> select,
                              Integer top, String filter, Integer deletedEntityType) {

    /** The exchange property the kind's route puts this read in, for fetch-page's beans. */
    public static final String PROPERTY = "exactOnlineRead";
    /** Where the filter takes the position: {@code Timestamp gt {cursor}}. */
    public static final String CURSOR = "{cursor}";
    /** Exact's page on sync endpoints: a larger {@code $top} would span pages Koppel does not follow. */
    static final int SYNC_PAGE_SIZE = 1000;

    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z]+(/[A-Za-z]+)+");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public ExactOnlineRead {
        if (kind == null) {
            throw new IllegalArgumentException("an Exact Online read needs its kind");
        }
        String of = " (Exact Online's read of " + kind.path() + ")";
        if (endpoint == null || !ENDPOINT.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("endpoint must be a path such as crm/Accounts, not '" + endpoint
                    + "'" + of);
        }
        if (syncEndpoint != null && !ENDPOINT.matcher(syncEndpoint).matches()) {
            throw new IllegalArgumentException("syncEndpoint must be a path such as sync/CRM/Accounts, not '"
                    + syncEndpoint + "'" + of);
        }
        select = List.copyOf(select == null ? List.of() : select);
        if (select.isEmpty()) {
            throw new IllegalArgumentException("select must name the fields to read (Exact requires $select)" + of);
        }
        for (String field : select) {
            if (!FIELD.matcher(field).matches()) {
                throw new IllegalArgumentException("select may only name fields, not '" + field + "'" + of);
            }
        }
        if (!select.contains("ID")) {
            throw new IllegalArgumentException("select must contain ID: it is the record's key" + of);
        }
        if (syncEndpoint == null) {
            // on a regular endpoint $top caps the whole read: a complete set cut short would delete the rest
            if (top != null) {
                throw new IllegalArgumentException("pageSize needs a syncEndpoint: on " + endpoint
                        + " $top would cap the whole read, not a page" + of);
            }
            if (deletedEntityType != null) {
                throw new IllegalArgumentException("deletedEntityType needs a syncEndpoint: kinds read in full find"
                        + " their deletions by the complete set" + of);
            }
        } else {
            if (top != null && (top < 1 || top > SYNC_PAGE_SIZE)) {
                throw new IllegalArgumentException("pageSize must be between 1 and " + SYNC_PAGE_SIZE + ", not "
                        + top + of);
            }
            if (filter == null || !filter.contains(CURSOR)) {
                throw new IllegalArgumentException("filter must contain " + CURSOR + " (the position), not '"
                        + filter + "'" + of);
            }
            if (deletedEntityType == null) {
                throw new IllegalArgumentException("deletedEntityType is needed with a syncEndpoint: deletions are"
                        + " read from sync/Deleted" + of);
            }
        }
    }

    /**
     * The read from the template's literal parameters (empty text: not given), as
     * {@code routes/systems/exact-online.camel.yaml} calls it.
     *
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    public static ExactOnlineRead of(String kind, String endpoint, String syncEndpoint, String select,
                                     String pageSize, String filter, String deletedEntityType) {
        MasterDataKind masterDataKind = MasterDataKind.fromPath(blankToNull(kind)).orElseThrow(() ->
                new IllegalArgumentException("kind '" + kind + "' is not a master-data kind"));
        List<String> fields = select == null ? List.of() : Arrays.stream(select.split(",")).map(String::strip)
                .filter(field -> !field.isEmpty()).toList();
        return new ExactOnlineRead(masterDataKind, blankToNull(endpoint), blankToNull(syncEndpoint), fields,
                number(pageSize, "pageSize", kind), blankToNull(filter), number(deletedEntityType,
                "deletedEntityType", kind));
    }

    /** Whether the kind has a row-versioned endpoint (read incrementally, deletions from sync/Deleted). */
    public boolean incremental() {
        return syncEndpoint != null;
    }

    /** {@code $select} of a read: the fields, and on sync reads {@code Timestamp}. */
    String selectOn(boolean sync) {
        String fields = String.join(",", select);
        return sync && !select.contains("Timestamp") ? fields + ",Timestamp" : fields;
    }

    /** {@code $filter} of a sync read from the position. */
    String filterFrom(long position) {
        return filter.replace(CURSOR, Long.toString(position));
    }

    private static Integer number(String text, String parameter, String kind) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " must be a number, not '" + text
                    + "' (Exact Online's read of " + kind + ")");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
