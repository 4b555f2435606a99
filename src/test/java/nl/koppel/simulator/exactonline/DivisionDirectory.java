package nl.koppel.simulator.exactonline;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The divisions, and which accounting user may access which. Knows nothing about HTTP or master data.
 * All state is guarded by {@code this}; divisions are immutable records, replaced on change.
 */
final class DivisionDirectory {

    private final Map<Integer, SimulatedDivision> divisions = new TreeMap<>();
    private final Map<String, SortedSet<Integer>> accessByUser = new HashMap<>();

    /** @throws IllegalStateException when the code is taken */
    synchronized SimulatedDivision add(SimulatedDivision division, Instant now) {
        if (divisions.containsKey(division.code())) {
            throw new IllegalStateException("division already exists: " + division.code());
        }
        return put(division, now);
    }

    /** Adds or replaces; a missing Modified becomes {@code now}. */
    synchronized SimulatedDivision put(SimulatedDivision division, Instant now) {
        SimulatedDivision stored = division.modified() == null ? division.withModified(now) : division;
        divisions.put(stored.code(), stored);
        return stored;
    }

    synchronized Optional<SimulatedDivision> find(int code) {
        return Optional.ofNullable(divisions.get(code));
    }

    synchronized boolean exists(int code) {
        return divisions.containsKey(code);
    }

    /** Every division, by code. */
    synchronized List<SimulatedDivision> all() {
        return List.copyOf(divisions.values());
    }

    synchronized void grant(String userName, int code) {
        require(code);
        accessByUser.computeIfAbsent(userName, name -> new TreeSet<>()).add(code);
    }

    synchronized void revoke(String userName, int code) {
        require(code);
        SortedSet<Integer> codes = accessByUser.get(userName);
        if (codes != null) {
            codes.remove(code);
        }
    }

    synchronized boolean mayAccess(String userName, int code) {
        SortedSet<Integer> codes = accessByUser.get(userName);
        return codes != null && codes.contains(code) && divisions.containsKey(code);
    }

    /** The codes the user may access, ascending. */
    synchronized Set<Integer> accessibleCodes(String userName) {
        SortedSet<Integer> codes = accessByUser.get(userName);
        return codes == null ? Set.of() : Set.copyOf(codes);
    }

    /** The divisions the user may access, by code. */
    synchronized List<SimulatedDivision> accessibleTo(String userName) {
        SortedSet<Integer> codes = accessByUser.get(userName);
        if (codes == null) {
            return List.of();
        }
        return codes.stream().map(divisions::get).filter(Objects::nonNull).toList();
    }

    /**
     * What {@code current/Me} reports as CurrentDivision: the user's own one when accessible, else the main
     * division among the accessible ones, else the lowest accessible code, else the user's own one.
     */
    synchronized int currentDivisionOf(AccountingUser user) {
        List<SimulatedDivision> accessible = accessibleTo(user.userName());
        if (accessible.isEmpty() || accessible.stream().anyMatch(division -> division.code() == user.currentDivision())) {
            return user.currentDivision();
        }
        return accessible.stream()
                .min(Comparator.comparing((SimulatedDivision division) -> !division.isMainDivision())
                        .thenComparingInt(SimulatedDivision::code))
                .orElseThrow()
                .code();
    }

    synchronized SimulatedDivision markMoved(int code, Instant now) {
        SimulatedDivision moved = require(code).withDivisionMoveDate(now);
        divisions.put(code, moved);
        return moved;
    }

    private SimulatedDivision require(int code) {
        SimulatedDivision division = divisions.get(code);
        if (division == null) {
            throw new NoSuchElementException("no such division: " + code);
        }
        return division;
    }
}
