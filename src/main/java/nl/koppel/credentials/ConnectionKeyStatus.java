package nl.koppel.credentials;

/** Whether a dossier's connection key works: ACTIVE, or REJECTED by the accounting system (a new key is needed). */
public enum ConnectionKeyStatus {
    ACTIVE, REJECTED
}
