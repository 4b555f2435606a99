package nl.koppel.masterdata;

/** What committing one page changed. */
public record PageWriteResult(int inserted, int updated, int deleted, int unchanged) {

    /** Both counts added up (a run's pages, a turn's kinds). */
    public PageWriteResult plus(PageWriteResult other) {
        return new PageWriteResult(inserted + other.inserted, updated + other.updated, deleted + other.deleted,
                unchanged + other.unchanged);
    }
}
