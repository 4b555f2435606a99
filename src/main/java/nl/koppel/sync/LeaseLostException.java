package nl.koppel.sync;

import java.util.UUID;

/** This instance's lease on a dossier expired and another instance took it: stop without writing. */
public class LeaseLostException extends RuntimeException {
    public LeaseLostException(UUID dossierId) {
        super("Lease on dossier " + dossierId + " was lost to another instance; this turn stops");
    }
}
