package nl.koppel.masterdata;

/** What committing one page changed. */
public record PageWriteResult(int inserted, int updated, int deleted, int unchanged) {
}
