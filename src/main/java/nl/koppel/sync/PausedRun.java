package nl.koppel.sync;

import java.util.List;

/**
 * Where a paused run goes on: the connector's continuation, and for a complete-set read the ids it has seen so
 * far (null for an incremental read), without which its last page could not tell what to delete.
 */
public record PausedRun(String continuation, List<String> seenIds) {

    public PausedRun {
        seenIds = seenIds == null ? null : List.copyOf(seenIds);
    }

    public boolean completeSet() {
        return seenIds != null;
    }
}
