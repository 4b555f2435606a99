package nl.koppel.connections;

import nl.koppel.office.Language;

/** Whether the sync user's link works, with the labels office users know from the platform's screens. */
public enum ConnectionStatus {
    CONNECTED("login gelukt", "Login success"),
    NOT_CONNECTED("niet verbonden", "disconnected");

    private final String dutchLabel;
    private final String englishLabel;

    ConnectionStatus(String dutchLabel, String englishLabel) {
        this.dutchLabel = dutchLabel;
        this.englishLabel = englishLabel;
    }

    public String label(Language language) {
        return language == Language.EN ? englishLabel : dutchLabel;
    }
}
