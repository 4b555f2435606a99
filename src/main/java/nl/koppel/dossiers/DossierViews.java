package nl.koppel.dossiers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** How dossiers, their master data and their sync status look in the API. */
public final class DossierViews {

    private DossierViews() {
    }

    public record Connectable(String externalId, String name, boolean archived, String kvkNumber,
                              String vatNumber) {
    }

    public record AccountingSystemRef(UUID id, String type) {
    }

    public record DossierView(UUID id, String externalId, String name, DossierStatus status, Instant statusChangedAt,
                              AccountingSystemRef accountingSystem, String kvkNumber, String vatNumber,
                              Instant addedAt, Instant lastSuccessfulSyncAt, DossierStatusReason statusReason) {
    }

    public record MasterDataItem(String externalId, String code, String name, boolean active, String vatNumber,
                                 JsonNode attributes, JsonNode source) {
    }

    /** {@code after}: the cursor this page was read after (null for an offset page). */
    public record PageMetadata(long total, int count, int limit, int offset, String after) {
    }

    public record MasterDataPageView(String kind, List<MasterDataItem> items,
                                     @JsonProperty("_metadata") PageMetadata metadata,
                                     @JsonProperty("_links") Map<String, String> links) {
    }

    public record KindStatus(String kind, String state, Instant lastAttemptAt, Instant lastSuccessAt,
                             Instant lastFullSyncAt, Map<String, Integer> lastRun, Long lastRunMillis,
                             String error, int consecutiveFailures, List<SkippedRecordView> skippedRecords) {
    }

    /** A record the source sent that could not be stored (the rest of its page was): find it by its id there. */
    public record SkippedRecordView(String externalId, String reason, Instant skippedAt) {
    }

    public record SyncStatusView(UUID dossierId, DossierStatus status, Instant lastSuccessfulSyncAt,
                                 Instant nextManualSyncAllowedAt, List<KindStatus> kinds) {
    }
}
