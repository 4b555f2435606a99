package nl.koppel.masterdata;

/** How a kind's run reads: everything there is (a complete set), or what changed since its cursor. */
public enum SyncMode {
    FULL,
    INCREMENTAL
}
