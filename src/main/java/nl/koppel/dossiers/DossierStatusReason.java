package nl.koppel.dossiers;

/**
 * Why a dossier is INACCESSIBLE when the office can act on it (null when the linked user simply lost access).
 * Stable names: the API shows them, the screens say them in words.
 */
public enum DossierStatusReason {
    /** Its connection key no longer works (revoked, regenerated or deleted in the accounting system). */
    CONNECTION_KEY_REJECTED,
    /** Its connection key now reaches another administration than the one it was entered for. */
    CONNECTION_KEY_OTHER_ADMINISTRATION
}
