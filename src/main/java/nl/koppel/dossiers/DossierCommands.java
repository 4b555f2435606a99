package nl.koppel.dossiers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.audit.AuditTrail;
import nl.koppel.connections.CheckOutcome;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.ConnectionService;
import nl.koppel.connections.OnDemandCalls;
import nl.koppel.office.Role;
import nl.koppel.security.OfficeAccess;
import nl.koppel.security.SignedInUser;
import nl.koppel.sync.SyncProperties;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The write side of dossiers: discover connectable ones, add them, settings, start a sync by hand. */
@Service
public class DossierCommands {

    private final ConnectionService connectionService;
    private final ConnectionRepository connections;
    private final DossierRepository dossiers;
    private final AccessibleDossierRepository accessible;
    private final DossierService dossierService;
    private final DossierQueries queries;
    private final ProducerTemplate camel;
    private final SyncProperties syncProperties;
    private final AuditTrail audit;
    private final OnDemandCalls onDemand;

    public DossierCommands(ConnectionService connectionService, ConnectionRepository connections,
                           DossierRepository dossiers, AccessibleDossierRepository accessible,
                           DossierService dossierService, DossierQueries queries, ProducerTemplate camel,
                           SyncProperties syncProperties, AuditTrail audit, OnDemandCalls onDemand) {
        this.onDemand = onDemand;
        this.connectionService = connectionService;
        this.connections = connections;
        this.dossiers = dossiers;
        this.accessible = accessible;
        this.dossierService = dossierService;
        this.queries = queries;
        this.camel = camel;
        this.syncProperties = syncProperties;
        this.audit = audit;
    }

    /** Runs discovery now (the same route as the schedule), then lists what is accessible and not added. */
    public List<DossierViews.Connectable> connectable(SignedInUser caller, UUID officeId, UUID connectionId) {
        Connection connection = connectionService.find(caller, officeId, connectionId);
        connectionService.requireConnected(connection);
        // concurrent and repeated calls of one connection share one discovery (koppel.on-demand.min-interval)
        Object discovered = onDemand.call(connectionId, "discover", () -> camel.send("direct:discover-connection",
                e -> e.setProperty("connectionId", connectionId)).getMessage().getBody());
        if (discovered instanceof CheckOutcome outcome) {
            if ("NOT_CONNECTED".equals(outcome.result())) {
                connectionService.requireConnected(connections.find(connectionId).orElseThrow());
            }
            throw new ApiException(HttpStatus.BAD_GATEWAY, "accounting_system_unavailable", outcome.message());
        }
        return accessible.connectable(connectionId).stream()
                .map(a -> new DossierViews.Connectable(a.externalId(), a.name(), a.archived(), a.kvkNumber(),
                        a.vatNumber()))
                .toList();
    }

    @Transactional
    public List<DossierViews.DossierView> add(SignedInUser caller, UUID officeId, UUID connectionId,
                                              List<String> externalIds) {
        Connection connection = connectionService.find(caller, officeId, connectionId);
        OfficeAccess.requireManager(caller);
        connectionService.requireConnected(connection);
        Map<String, AccessibleDossier> candidates = new java.util.HashMap<>();
        accessible.connectable(connectionId).forEach(a -> candidates.put(a.externalId(), a));
        Map<String, Dossier> existing = new java.util.HashMap<>();
        dossiers.findByConnection(connectionId).forEach(d -> existing.put(d.externalId(), d));
        List<String> refused = externalIds.stream()
                .filter(id -> !candidates.containsKey(id) && !existing.containsKey(id)).distinct().toList();
        if (!refused.isEmpty()) {
            throw ApiException.unprocessable("dossier_not_accessible", "Not accessible to the linked user (or"
                    + " unknown): " + String.join(", ", refused) + "; nothing was added", "externalIds");
        }
        List<DossierViews.DossierView> added = new ArrayList<>();
        for (String externalId : externalIds.stream().distinct().toList()) {
            Dossier dossier = existing.containsKey(externalId) ? existing.get(externalId)
                    : dossierService.add(connection, candidates.get(externalId), caller.getUsername());
            added.add(DossierQueries.view(dossier, connection));
        }
        return added;
    }

    @Transactional
    public Map<String, Object> settings(SignedInUser caller, UUID officeId, UUID connectionId, Boolean autoAdd) {
        Connection connection = connectionService.find(caller, officeId, connectionId);
        OfficeAccess.requireManager(caller);
        if (autoAdd == null) {
            throw ApiException.badRequest("validation_failed", "Give autoAddNewDossiers (true or false)");
        }
        connections.setAutoAddNewDossiers(connectionId, autoAdd);
        audit.record(officeId, caller.getUsername(), "connection.settings_changed", "connection", connection.id(),
                Map.of("autoAddNewDossiers", autoAdd));
        return Map.of("id", connectionId, "autoAddNewDossiers", autoAdd);
    }

    /** A super user starts a sync now; at most once per 15 minutes (configurable) per dossier. */
    @Transactional
    public Instant requestSync(SignedInUser caller, UUID officeId, UUID dossierId) {
        Dossier dossier = queries.find(caller, officeId, dossierId);
        if (caller.user().role() != Role.SUPERGEBRUIKER) {
            throw ApiException.forbidden("role_not_allowed", "Only a SUPERGEBRUIKER may start a sync by hand");
        }
        connectionService.requireConnected(connections.find(dossier.connectionId()).orElseThrow());
        Instant now = Instant.now();
        if (dossier.lastManualSyncAt() != null) {
            Instant allowedAt = dossier.lastManualSyncAt().plus(syncProperties.manualSyncMinInterval());
            if (allowedAt.isAfter(now)) {
                throw ApiException.tooEarly("sync_requested_too_soon", "A sync of this dossier was started at "
                        + dossier.lastManualSyncAt() + "; the next one is allowed at " + allowedAt,
                        Math.max(1, Duration.between(now, allowedAt).toSeconds()));
            }
        }
        dossiers.requestSync(dossierId, now);
        audit.record(officeId, caller.getUsername(), "dossier.sync_requested", "dossier", dossierId, Map.of());
        return now;
    }
}
