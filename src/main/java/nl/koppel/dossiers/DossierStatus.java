package nl.koppel.dossiers;

/** ACTIVE dossiers are synced; INACCESSIBLE ones (the linked user lost access) keep their data and are shown. */
public enum DossierStatus {
    ACTIVE, INACCESSIBLE
}
