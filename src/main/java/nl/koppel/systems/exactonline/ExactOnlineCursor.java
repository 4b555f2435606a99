package nl.koppel.systems.exactonline;

/**
 * Koppel's committed position in a kind with a sync endpoint: the highest row version ({@code Timestamp}) of
 * records and of deletions, and which of the two a run is reading. Stored as text, e.g.
 * {@code records=1234;deleted=56;phase=deleted}.
 */
record ExactOnlineCursor(long records, long deleted, Phase phase) {

    enum Phase { RECORDS, DELETED }

    /** Exact's first sync call is {@code Timestamp gt 1}. */
    static final ExactOnlineCursor START = new ExactOnlineCursor(1, 1, Phase.RECORDS);

    static ExactOnlineCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        long records = 1;
        long deleted = 1;
        Phase phase = Phase.RECORDS;
        for (String part : text.split(";")) {
            String[] pair = part.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("unreadable Exact Online cursor '" + text + "'");
            }
            switch (pair[0]) {
                case "records" -> records = Long.parseLong(pair[1]);
                case "deleted" -> deleted = Long.parseLong(pair[1]);
                case "phase" -> phase = Phase.valueOf(pair[1].toUpperCase());
                default -> throw new IllegalArgumentException("unreadable Exact Online cursor '" + text + "'");
            }
        }
        return new ExactOnlineCursor(records, deleted, phase);
    }

    ExactOnlineCursor withRecords(long highest) {
        return new ExactOnlineCursor(Math.max(records, highest), deleted, phase);
    }

    ExactOnlineCursor withDeleted(long highest) {
        return new ExactOnlineCursor(records, Math.max(deleted, highest), phase);
    }

    ExactOnlineCursor in(Phase next) {
        return new ExactOnlineCursor(records, deleted, next);
    }

    @Override
    public String toString() {
        return "records=" + records + ";deleted=" + deleted + ";phase=" + phase.name().toLowerCase();
    }
}
