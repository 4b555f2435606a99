package nl.koppel.masterdata;

import java.util.List;

/**
 * One page of a connector's {@code fetch-page}: records to upsert, ids deleted at the source, the cursor to
 * commit with them, and how to go on ({@code continuation}, opaque to Koppel) unless this was the last page.
 * {@code completeSet} says the run's pages list every record there is, so ids not listed were deleted.
 */
public record MasterDataPage(List<MasterRecord> records, List<String> deletedIds, String cursor,
                             String continuation, boolean lastPage, boolean completeSet) {
    public MasterDataPage {
        records = List.copyOf(records);
        deletedIds = List.copyOf(deletedIds);
    }
}
