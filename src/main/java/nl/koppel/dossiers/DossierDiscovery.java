package nl.koppel.dossiers;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.koppel.audit.AuditTrail;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.LinkCheck;
import nl.koppel.credentials.AccessTokens;
import nl.koppel.notifications.Notifier;
import nl.koppel.sync.SyncStateRepository;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of {@code routes/discovery.camel.yaml}: compare what the linked user can access with the office's
 * dossiers. New ones are added (when the connection's autoAddNewDossiers is on; archived ones never
 * automatically), lost ones become INACCESSIBLE, returned ones ACTIVE again, and a moved one is resynced.
 */
@Component("dossierDiscovery")
public class DossierDiscovery {

    private static final Logger log = LoggerFactory.getLogger(DossierDiscovery.class);

    private final ConnectionRepository connections;
    private final DossierRepository dossiers;
    private final AccessibleDossierRepository accessibleDossiers;
    private final DossierService dossierService;
    private final SyncStateRepository states;
    private final AccessTokens tokens;
    private final AuditTrail audit;
    private final Notifier notifier;

    public DossierDiscovery(ConnectionRepository connections, DossierRepository dossiers,
                            AccessibleDossierRepository accessibleDossiers, DossierService dossierService,
                            SyncStateRepository states, AccessTokens tokens, AuditTrail audit,
                            Notifier notifier) {
        this.notifier = notifier;
        this.connections = connections;
        this.dossiers = dossiers;
        this.accessibleDossiers = accessibleDossiers;
        this.dossierService = dossierService;
        this.states = states;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** What one discovery changed. */
    public record DiscoveryResult(UUID connectionId, int accessible, int added, int inaccessible, int restored) {
    }

    public void prepare(@ExchangeProperty("connectionId") UUID connectionId, Exchange exchange) {
        Connection connection = connections.find(connectionId).orElseThrow();
        exchange.setProperty("systemType", connection.systemType());
        boolean byKey = tokens.linkedByKey(connection.systemType());
        // a system linked by connection key is listed key by key (bean connectionKeyChecks), each with its token
        exchange.setProperty(LinkCheck.LINK_METHOD, byKey ? "CONNECTION_KEY" : "OAUTH2");
        if (!byKey) {
            tokens.prepare(connectionId, exchange);
        }
    }

    @Transactional
    public DiscoveryResult apply(@ExchangeProperty("connectionId") UUID connectionId,
                                 @Body List<AccessibleDossier> accessible, Exchange exchange) {
        exchange.removeProperty("accessToken");
        Connection connection = connections.lock(connectionId).orElseThrow(); // one discovery per connection at a time
        accessibleDossiers.replaceAll(connectionId, accessible);
        Map<String, AccessibleDossier> byExternalId = accessible.stream()
                .collect(Collectors.toMap(AccessibleDossier::externalId, Function.identity(), (a, b) -> a));
        int inaccessible = 0;
        int restored = 0;
        for (Dossier dossier : dossiers.findByConnection(connectionId)) {
            AccessibleDossier seen = byExternalId.remove(dossier.externalId());
            if (seen == null) {
                if (dossiers.changeStatus(dossier.id(), DossierStatus.INACCESSIBLE)) {
                    inaccessible++;
                    audit.record(connection.officeId(), AuditTrail.SYSTEM, "dossier.inaccessible", "dossier",
                            dossier.id(), Map.of("externalId", dossier.externalId()));
                    notifier.dossierInaccessible(connection, dossier, "the linked user can no longer access it");
                    log.warn("Dossier '{}' ({}) is INACCESSIBLE: the linked user can no longer access it",
                            dossier.name(), dossier.externalId());
                }
                continue;
            }
            if (dossier.status() == DossierStatus.INACCESSIBLE
                    && dossiers.changeStatus(dossier.id(), DossierStatus.ACTIVE)) {
                restored++;
                audit.record(connection.officeId(), AuditTrail.SYSTEM, "dossier.accessible", "dossier", dossier.id(),
                        Map.of("externalId", dossier.externalId()));
                log.info("Dossier '{}' ({}) is ACTIVE again", dossier.name(), dossier.externalId());
            }
            dossiers.updateDetails(dossier.id(), seen);
            if (seen.moveMarker() != null && !seen.moveMarker().equals(dossier.moveMarker())) {
                // the source renumbered its row versions: the cursors mean nothing any more, read everything again
                if (dossier.moveMarker() != null) {
                    states.requireFullSync(dossier.id(), true);
                    log.info("Dossier '{}' ({}) was moved ({}): full resync", dossier.name(), dossier.externalId(),
                            seen.moveMarker());
                }
                dossiers.updateMoveMarker(dossier.id(), seen.moveMarker());
            }
        }
        int added = 0;
        if (connections.autoAddNewDossiers(connectionId)) {
            for (AccessibleDossier candidate : byExternalId.values()) {
                if (!candidate.archived()) {
                    dossierService.add(connection, candidate, AuditTrail.SYSTEM);
                    added++;
                }
            }
        }
        connections.markDiscovered(connectionId);
        DiscoveryResult result = new DiscoveryResult(connectionId, accessible.size(), added, inaccessible, restored);
        log.info("Discovery of connection {}: {} accessible, {} added, {} inaccessible, {} restored", connectionId,
                result.accessible(), added, inaccessible, restored);
        return result;
    }
}
