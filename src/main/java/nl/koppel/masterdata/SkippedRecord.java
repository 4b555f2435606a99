package nl.koppel.masterdata;

import java.time.Instant;

/** A record of the source that could not be stored (see {@link MasterRecordRepository#upsert}), and why. */
public record SkippedRecord(String kind, String externalId, String reason, Instant skippedAt) {
}
