package nl.koppel.simulator.exactonline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The master data of every division: per kind the records by ID and by row version ({@code Timestamp}),
 * and the tombstones {@code sync/Deleted} reports. Each division has one row-version counter for all its
 * kinds: every create, change and delete takes the next value. Knows nothing about HTTP or OData.
 * <p>
 * Thread-safe: one read-write lock per division. Records are immutable, so a page collected under the
 * read lock can be written out after the lock is released.
 */
final class MasterDataStore {

    /** The first row version of a new division: comfortably above the {@code Timestamp gt 1} of a first sync. */
    static final long FIRST_TIMESTAMP = 10_001;
    /** How far a division move lifts the row versions above the highest one so far. */
    static final long MOVE_GAP = 1_000_000_000L;

    /** Exact's (SQL Server's) GUID order is not Java's signed UUID order; this is the order of the text form. */
    static final Comparator<UUID> ID_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private final Map<Integer, DivisionData> divisions = new ConcurrentHashMap<>();
    private final Clock clock;

    private static final class KindData {
        final TreeMap<UUID, MasterRecord> byId = new TreeMap<>(ID_ORDER);
        final TreeMap<Long, MasterRecord> byTimestamp = new TreeMap<>();

        void put(MasterRecord record) {
            byId.put(record.id(), record);
            byTimestamp.put(record.timestamp(), record);
        }

        void remove(MasterRecord record) {
            byId.remove(record.id());
            byTimestamp.remove(record.timestamp());
        }
    }

    private static final class DivisionData {
        final int code;
        final ReadWriteLock lock = new ReentrantReadWriteLock();
        final Map<Kind, KindData> kinds = new EnumMap<>(Kind.class);
        final TreeMap<Long, Tombstone> tombstones = new TreeMap<>();
        long nextTimestamp = FIRST_TIMESTAMP;

        DivisionData(int code) {
            this.code = code;
            for (Kind kind : Kind.values()) {
                kinds.put(kind, new KindData());
            }
        }
    }

    MasterDataStore(Clock clock) {
        this.clock = clock;
    }

    /** Makes room for a division's records; nothing happens when it is there already. */
    void addDivision(int code) {
        divisions.computeIfAbsent(code, DivisionData::new);
    }

    // ---- changes -----------------------------------------------------------------------------

    /** @param id null: a new random ID */
    MasterRecord create(int code, Kind kind, UUID id, Map<String, Object> typedValues) {
        DivisionData division = require(code);
        return write(division, () -> {
            KindData data = division.kinds.get(kind);
            UUID key = id == null ? UUID.randomUUID() : id;
            if (data.byId.containsKey(key)) {
                throw new IllegalStateException(kind.endpointPath() + " already has a record " + key);
            }
            Map<String, Object> values = new java.util.HashMap<>();
            kind.contentFields().forEach(field -> values.put(field.name(), null));
            values.putAll(typedValues);
            MasterRecord record = new MasterRecord(key, division.nextTimestamp++, clock.millis(), RecordContent.fixed(values));
            data.put(record);
            return record;
        });
    }

    MasterRecord update(int code, Kind kind, UUID id, Map<String, Object> typedChanges) {
        DivisionData division = require(code);
        return write(division, () -> {
            KindData data = division.kinds.get(kind);
            MasterRecord old = requireRecord(data, kind, id);
            Map<String, Object> values = old.content().values();
            values.putAll(typedChanges);
            MasterRecord changed = new MasterRecord(id, division.nextTimestamp++, clock.millis(), RecordContent.fixed(values));
            data.remove(old);
            data.put(changed);
            return changed;
        });
    }

    void delete(int code, Kind kind, UUID id) {
        DivisionData division = require(code);
        write(division, () -> {
            KindData data = division.kinds.get(kind);
            MasterRecord old = requireRecord(data, kind, id);
            data.remove(old);
            long timestamp = division.nextTimestamp++;
            OptionalInt entityType = kind.deletedEntityType();
            if (entityType.isPresent()) {
                division.tombstones.put(timestamp, new Tombstone(
                        UUID.randomUUID(), timestamp, code, id, entityType.getAsInt(), clock.millis()));
            }
            return null;
        });
    }

    /**
     * Gives every record and tombstone of the division a new, higher row version, keeping their order,
     * as Exact does when it moves a division to another database.
     */
    void move(int code) {
        DivisionData division = require(code);
        write(division, () -> {
            record Versioned(long timestamp, Kind kind, MasterRecord record, Tombstone tombstone) {
            }
            List<Versioned> everything = new ArrayList<>();
            division.kinds.forEach((kind, data) ->
                    data.byTimestamp.values().forEach(record -> everything.add(new Versioned(record.timestamp(), kind, record, null))));
            division.tombstones.values().forEach(tombstone ->
                    everything.add(new Versioned(tombstone.timestamp(), null, null, tombstone)));
            everything.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
            division.tombstones.clear();
            division.kinds.values().forEach(data -> data.byTimestamp.clear());
            long next = division.nextTimestamp + MOVE_GAP;
            for (Versioned item : everything) {
                if (item.tombstone() != null) {
                    division.tombstones.put(next, item.tombstone().withTimestamp(next));
                } else {
                    division.kinds.get(item.kind()).put(item.record().withTimestamp(next));
                }
                next++;
            }
            division.nextTimestamp = next;
            return null;
        });
    }

    /** Takes {@code count} consecutive row versions of the division; returns the first. */
    long reserveTimestamps(int code, int count) {
        DivisionData division = require(code);
        return write(division, () -> {
            long first = division.nextTimestamp;
            division.nextTimestamp += count;
            return first;
        });
    }

    /** Stores records made elsewhere (the generator) with timestamps from {@link #reserveTimestamps}. */
    void load(int code, Kind kind, List<MasterRecord> records) {
        DivisionData division = require(code);
        write(division, () -> {
            KindData data = division.kinds.get(kind);
            for (MasterRecord record : records) {
                if (data.byId.containsKey(record.id())) {
                    throw new IllegalStateException(kind.endpointPath() + " already has a record " + record.id());
                }
                data.put(record);
            }
            return null;
        });
    }

    // ---- reads -------------------------------------------------------------------------------

    Optional<MasterRecord> find(int code, Kind kind, UUID id) {
        DivisionData division = require(code);
        return read(division, () -> Optional.ofNullable(division.kinds.get(kind).byId.get(id)));
    }

    /** Every current record of the kind, by ID. */
    List<MasterRecord> all(int code, Kind kind) {
        DivisionData division = require(code);
        return read(division, () -> List.copyOf(division.kinds.get(kind).byId.values()));
    }

    int count(int code, Kind kind) {
        DivisionData division = require(code);
        return read(division, () -> division.kinds.get(kind).byId.size());
    }

    /** Up to {@code limit} matching records after {@code afterId} (null: from the start), by ID. */
    List<MasterRecord> pageById(int code, Kind kind, UUID afterId, Predicate<MasterRecord> filter, int limit) {
        DivisionData division = require(code);
        return read(division, () -> {
            TreeMap<UUID, MasterRecord> byId = division.kinds.get(kind).byId;
            Iterable<MasterRecord> candidates = afterId == null ? byId.values() : byId.tailMap(afterId, false).values();
            return collect(candidates, filter, limit);
        });
    }

    /** Up to {@code limit} records with a row version above {@code afterTimestamp}, by row version. */
    List<MasterRecord> pageByTimestamp(int code, Kind kind, long afterTimestamp, int limit) {
        DivisionData division = require(code);
        return read(division, () -> collect(
                division.kinds.get(kind).byTimestamp.tailMap(afterTimestamp, false).values(), record -> true, limit));
    }

    long countMatching(int code, Kind kind, Predicate<MasterRecord> filter) {
        DivisionData division = require(code);
        return read(division, () -> division.kinds.get(kind).byId.values().stream().filter(filter).count());
    }

    long countAfter(int code, Kind kind, long afterTimestamp) {
        DivisionData division = require(code);
        return read(division, () -> (long) division.kinds.get(kind).byTimestamp.tailMap(afterTimestamp, false).size());
    }

    List<Tombstone> tombstonesAfter(int code, long afterTimestamp, int limit) {
        DivisionData division = require(code);
        return read(division, () -> collect(division.tombstones.tailMap(afterTimestamp, false).values(), t -> true, limit));
    }

    long countTombstonesAfter(int code, long afterTimestamp) {
        DivisionData division = require(code);
        return read(division, () -> (long) division.tombstones.tailMap(afterTimestamp, false).size());
    }

    // ---- internals ---------------------------------------------------------------------------

    private static <T> List<T> collect(Iterable<T> candidates, Predicate<? super T> filter, int limit) {
        List<T> page = new ArrayList<>(Math.min(limit, 1000));
        for (T candidate : candidates) {
            if (page.size() >= limit) {
                break;
            }
            if (filter.test(candidate)) {
                page.add(candidate);
            }
        }
        return page;
    }

    private static MasterRecord requireRecord(KindData data, Kind kind, UUID id) {
        MasterRecord record = data.byId.get(id);
        if (record == null) {
            throw new NoSuchElementException(kind.endpointPath() + " has no record " + id);
        }
        return record;
    }

    private DivisionData require(int code) {
        DivisionData division = divisions.get(code);
        if (division == null) {
            throw new NoSuchElementException("no such division: " + code);
        }
        return division;
    }

    private static <T> T read(DivisionData division, Supplier<T> action) {
        division.lock.readLock().lock();
        try {
            return action.get();
        } finally {
            division.lock.readLock().unlock();
        }
    }

    private static <T> T write(DivisionData division, Supplier<T> action) {
        division.lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            division.lock.writeLock().unlock();
        }
    }
}
