package nl.koppel.simulator.twinfield;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Offices and their finder data: dimensions by type (DEB, CRD, BAS, PNL, KPL, PRJ) and VAT codes (type "VAT"),
 * each a code, a name and when it was last modified. A deleted row is gone from the finder. Thread-safe.
 */
final class TwinfieldData {

    record Office(String code, String name, String organisation) {
    }

    private final Clock clock;
    private final Map<String, Office> offices = new LinkedHashMap<>();
    private final Map<String, Map<String, TreeMap<String, TwinfieldRow>>> rows = new LinkedHashMap<>();

    TwinfieldData(Clock clock) {
        this.clock = clock;
    }

    synchronized Office addOffice(String organisation, String code, String name) {
        if (offices.containsKey(code)) {
            throw new IllegalStateException("office exists: " + code);
        }
        Office office = new Office(code, name, organisation);
        offices.put(code, office);
        rows.put(code, new LinkedHashMap<>());
        return office;
    }

    synchronized Optional<Office> office(String code) {
        return Optional.ofNullable(offices.get(code));
    }

    /** Creates or changes a row; it counts as modified now. A relation keeps its details. */
    synchronized TwinfieldRow put(String office, String type, String code, String name) {
        TwinfieldRow old = table(office, type).get(code);
        TwinfieldRow row = old == null ? new TwinfieldRow(code, name, clock.instant())
                : new TwinfieldRow(code, name, clock.instant(), old.vatNumber(), old.kvkNumber(), old.city(),
                old.email());
        table(office, type).put(code, row);
        return row;
    }

    /** Creates or changes a relation with its details; it counts as modified now. */
    synchronized TwinfieldRow putRelation(String office, String type, String code, String name, String vatNumber,
                                          String kvkNumber, String city, String email) {
        TwinfieldRow row = new TwinfieldRow(code, name, clock.instant(), vatNumber, kvkNumber, city, email);
        table(office, type).put(code, row);
        return row;
    }

    synchronized void delete(String office, String type, String code) {
        if (table(office, type).remove(code) == null) {
            throw new NoSuchElementException("no " + type + " " + code + " in office " + office);
        }
    }

    /** The rows of the type, by code (the finder's order). */
    synchronized List<TwinfieldRow> rows(String office, String type) {
        return new ArrayList<>(table(office, type).values());
    }

    private TreeMap<String, TwinfieldRow> table(String office, String type) {
        Map<String, TreeMap<String, TwinfieldRow>> tables = rows.get(office);
        if (tables == null) {
            throw new NoSuchElementException("no office " + office);
        }
        return tables.computeIfAbsent(type, t -> new TreeMap<>());
    }
}
