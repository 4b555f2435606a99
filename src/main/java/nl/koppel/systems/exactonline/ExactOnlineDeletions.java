package nl.koppel.systems.exactonline;

import java.util.List;
import nl.koppel.masterdata.MasterDataPage;

/**
 * One whole read of {@code sync/Deleted} in a dossier turn: every deletion after row version {@code from}, of
 * every entity type. Another kind of the same turn whose own position is at or after {@code from} takes its
 * deletions from here instead of calling Exact again: a no-change turn of relations, GL accounts and projects then
 * costs four calls, not six.
 */
record ExactOnlineDeletions(long from, List<Deletion> rows) {

    /** The turn's shared read, under this key in {@link nl.koppel.masterdata.SharedReads}. */
    static final String KEY = "exact-online:sync/Deleted";

    record Deletion(long timestamp, String entityKey, int entityType) {
    }

    ExactOnlineDeletions {
        rows = List.copyOf(rows);
    }

    boolean covers(ExactOnlineCursor cursor) {
        return from <= cursor.deleted();
    }

    long highest() {
        return rows.stream().mapToLong(Deletion::timestamp).max().orElse(0);
    }

    /** The page the kind's own read would have given: its deletions after its position, and the new position. */
    MasterDataPage pageFor(ExactOnlineRead read, ExactOnlineCursor cursor) {
        List<String> deleted = rows.stream()
                .filter(row -> read.deletedEntityType() == row.entityType() && row.timestamp() > cursor.deleted())
                .map(Deletion::entityKey).toList();
        return new MasterDataPage(List.of(), deleted,
                cursor.withDeleted(highest()).in(ExactOnlineCursor.Phase.RECORDS).toString(), null, true, false);
    }
}
