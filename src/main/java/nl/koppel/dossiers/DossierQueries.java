package nl.koppel.dossiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import nl.koppel.api.ApiException;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterRecordRepository;
import nl.koppel.masterdata.SkippedRecord;
import nl.koppel.masterdata.SkippedRecordRepository;
import nl.koppel.security.OfficeAccess;
import nl.koppel.security.SignedInUser;
import nl.koppel.sync.SyncProperties;
import nl.koppel.sync.SyncState;
import nl.koppel.sync.SyncStateRepository;
import org.springframework.stereotype.Service;

/** The read side of dossiers: lists, master data pages, sync status. */
@Service
public class DossierQueries {

    private static final int MAX_LIMIT = 1000;
    /** An offset walks every row it skips: deeper pages are read with the keyset cursor ({@code after}). */
    static final int MAX_OFFSET = 10_000;

    private final DossierRepository dossiers;
    private final ConnectionRepository connections;
    private final MasterRecordRepository records;
    private final SyncStateRepository states;
    private final SyncProperties syncProperties;
    private final ObjectMapper json;
    private final SkippedRecordRepository skippedRecords;

    public DossierQueries(DossierRepository dossiers, ConnectionRepository connections, MasterRecordRepository records,
                          SyncStateRepository states, SyncProperties syncProperties, ObjectMapper json,
                          SkippedRecordRepository skippedRecords) {
        this.skippedRecords = skippedRecords;
        this.dossiers = dossiers;
        this.connections = connections;
        this.records = records;
        this.states = states;
        this.syncProperties = syncProperties;
        this.json = json;
    }

    public List<DossierViews.DossierView> list(SignedInUser caller, UUID officeId) {
        OfficeAccess.requireMember(caller, officeId);
        Map<UUID, Connection> byId = new LinkedHashMap<>();
        connections.findByOffice(officeId).forEach(c -> byId.put(c.id(), c));
        return dossiers.findByOffice(officeId).stream().map(d -> view(d, byId.get(d.connectionId()))).toList();
    }

    public DossierViews.DossierView get(SignedInUser caller, UUID officeId, UUID dossierId) {
        Dossier dossier = find(caller, officeId, dossierId);
        return view(dossier, connections.find(dossier.connectionId()).orElseThrow());
    }

    /** The dossier of the caller's office, or 404. */
    public Dossier find(SignedInUser caller, UUID officeId, UUID dossierId) {
        OfficeAccess.requireMember(caller, officeId);
        return dossiers.find(dossierId).filter(d -> d.officeId().equals(officeId))
                .orElseThrow(() -> ApiException.notFound("dossier_not_found", "No dossier " + dossierId));
    }

    /**
     * A page of one kind's master data in external id order: the first page, the page after a cursor
     * ({@code after}, what {@code _links.next} carries), or a small offset (at most {@link #MAX_OFFSET}).
     */
    public DossierViews.MasterDataPageView masterData(SignedInUser caller, UUID officeId, UUID dossierId,
                                                      String kindPath, int limit, int offset, String after) {
        Dossier dossier = find(caller, officeId, dossierId);
        MasterDataKind kind = MasterDataKind.fromPath(kindPath).orElseThrow(() -> ApiException.notFound(
                "master_data_kind_unknown", "Unknown kind '" + kindPath + "'; kinds: "
                        + Arrays.stream(MasterDataKind.values()).map(MasterDataKind::path)
                                .collect(Collectors.joining(", "))));
        if (limit < 1 || limit > MAX_LIMIT || offset < 0 || offset > MAX_OFFSET) {
            throw ApiException.badRequest("paging_invalid", "limit must be 1.." + MAX_LIMIT + " and offset 0.."
                    + MAX_OFFSET + " (deeper pages: follow _links.next, which carries the after cursor)");
        }
        if (after != null && offset > 0) {
            throw ApiException.badRequest("paging_invalid", "give either after or offset, not both");
        }
        MasterDataCursor cursor = after == null ? null : MasterDataCursor.parse(after);
        states.find(dossierId, kind).filter(s -> "NOT_SUPPORTED".equals(s.state())).ifPresent(s -> {
            throw ApiException.unprocessable("master_data_kind_not_supported",
                    "This accounting system has no " + kindPath, "kind");
        });
        List<MasterRecordRepository.StoredRecord> stored = cursor == null
                ? records.page(dossierId, kind, limit, offset)
                : records.pageAfter(dossierId, kind, cursor.afterExternalId(), limit);
        List<DossierViews.MasterDataItem> items = stored.stream()
                .map(r -> new DossierViews.MasterDataItem(r.externalId(), r.code(), r.name(), r.active(),
                        r.vatNumber(), parse(r.attributes()), parse(r.source())))
                .toList();
        long total = records.count(dossierId, kind);
        String self = "/api/v1/offices/" + officeId + "/dossiers/" + dossier.id() + "/master-data/" + kindPath
                + "?limit=" + limit;
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", self + (cursor == null ? "&offset=" + offset : "&after=" + after));
        if (items.size() == limit) { // a full page: there may be more (the next page then says so)
            links.put("next", self + "&after=" + MasterDataCursor.after(items.get(items.size() - 1).externalId())
                    .encoded());
        }
        return new DossierViews.MasterDataPageView(kindPath, items,
                new DossierViews.PageMetadata(total, items.size(), limit, offset, after), links);
    }

    public DossierViews.SyncStatusView syncStatus(SignedInUser caller, UUID officeId, UUID dossierId) {
        Dossier dossier = find(caller, officeId, dossierId);
        Map<String, List<DossierViews.SkippedRecordView>> skipped = new LinkedHashMap<>();
        for (SkippedRecord s : skippedRecords.find(dossierId)) {
            skipped.computeIfAbsent(s.kind(), k -> new java.util.ArrayList<>())
                    .add(new DossierViews.SkippedRecordView(s.externalId(), s.reason(), s.skippedAt()));
        }
        List<DossierViews.KindStatus> kinds = states.find(dossierId).stream()
                .map(s -> kindStatus(s, skipped.getOrDefault(s.kind().path(), List.of()))).toList();
        Instant nextManual = dossier.lastManualSyncAt() == null ? null
                : dossier.lastManualSyncAt().plus(syncProperties.manualSyncMinInterval());
        return new DossierViews.SyncStatusView(dossier.id(), dossier.status(), dossier.lastSuccessfulSyncAt(),
                nextManual, kinds);
    }

    private static DossierViews.KindStatus kindStatus(SyncState s, List<DossierViews.SkippedRecordView> skipped) {
        Map<String, Integer> counts = null;
        if (s.lastInserted() != null) {
            counts = new LinkedHashMap<>();
            counts.put("inserted", s.lastInserted());
            counts.put("updated", s.lastUpdated());
            counts.put("deleted", s.lastDeleted());
            counts.put("unchanged", s.lastUnchanged());
        }
        return new DossierViews.KindStatus(s.kind().path(), s.state(), s.lastAttemptAt(), s.lastSuccessAt(),
                s.lastFullSyncAt(), counts, s.lastDurationMillis(), s.lastError(), s.consecutiveFailures(), skipped);
    }

    static DossierViews.DossierView view(Dossier d, Connection connection) {
        return new DossierViews.DossierView(d.id(), d.externalId(), d.name(), d.status(), d.statusChangedAt(),
                new DossierViews.AccountingSystemRef(connection.id(), connection.systemType()), d.kvkNumber(),
                d.vatNumber(), d.addedAt(), d.lastSuccessfulSyncAt(), d.statusReason());
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }
}
