package nl.koppel.simulator.twinfield;

import java.time.Instant;

/** One row of Twinfield's finder in the simulator: code, name and when it was last modified. */
public record TwinfieldRow(String code, String name, Instant modified) {
}
