package nl.koppel.systems.snelstart;

/**
 * What a kind's route in {@code routes/systems/snelstart.camel.yaml} says about reading it, handed to
 * {@link SnelStartMasterData} as one value: the integration team's knobs.
 *
 * @param resource     the endpoint under {@code {base-url}/v2/}, e.g. {@code relaties}
 * @param pageSize     {@code $top} of an OData resource (1-500); 0: not paged, one call reads everything
 * @param changedSince the {@code $filter} of an incremental read, with {@code {since}} where the last run's highest
 *                     {@code modifiedOn} goes (e.g. {@code ModifiedOn gt datetime'{since}'}); empty: the kind is
 *                     always read in full (a complete set)
 */
public record SnelStartRead(String resource, int pageSize, String changedSince) {

    public SnelStartRead {
        if (resource == null || !resource.matches("[A-Za-z0-9/]+")) {
            throw new IllegalArgumentException("a SnelStart resource is a path like relaties, not '" + resource + "'");
        }
        if (pageSize < 0 || pageSize > 500) {
            throw new IllegalArgumentException("SnelStart's $top is 1-500 (0: not paged), not " + pageSize);
        }
        changedSince = changedSince == null ? "" : changedSince.strip();
        if (!changedSince.isEmpty() && (pageSize == 0 || !changedSince.contains("{since}"))) {
            throw new IllegalArgumentException("an incremental filter needs a paged (OData) resource and {since}");
        }
    }

    boolean paged() {
        return pageSize > 0;
    }

    boolean incremental() {
        return !changedSince.isEmpty();
    }
}
