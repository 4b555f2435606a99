package nl.koppel.masterdata;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a connector made in one dossier turn that another kind of the same turn may reuse instead of calling
 * again (Exact Online's {@code sync/Deleted} lists the deletions of every kind). Lives as long as the turn, so
 * what it holds is never older than the turn.
 */
public final class SharedReads {

    private final Map<String, Object> reads = new ConcurrentHashMap<>();

    public <T> Optional<T> find(String key, Class<T> type) {
        return Optional.ofNullable(reads.get(key)).filter(type::isInstance).map(type::cast);
    }

    public void keep(String key, Object read) {
        reads.put(key, read);
    }
}
