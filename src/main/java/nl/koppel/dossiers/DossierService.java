package nl.koppel.dossiers;

import java.util.Map;
import nl.koppel.audit.AuditTrail;
import nl.koppel.connections.Connection;
import nl.koppel.notifications.Notifier;
import nl.koppel.sync.SyncStateRepository;
import nl.koppel.systems.AccountingSystemCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Adds a dossier: the row, a sync state per kind (due now), the audit line and the {@code dossier.added} webhook
 * deliveries. Joins the caller's transaction (it must have one).
 */
@Service
public class DossierService {

    private static final Logger log = LoggerFactory.getLogger(DossierService.class);

    private final DossierRepository dossiers;
    private final SyncStateRepository states;
    private final AccountingSystemCatalog catalog;
    private final AuditTrail audit;
    private final Notifier notifier;

    public DossierService(DossierRepository dossiers, SyncStateRepository states, AccountingSystemCatalog catalog,
                          AuditTrail audit, Notifier notifier) {
        this.dossiers = dossiers;
        this.states = states;
        this.catalog = catalog;
        this.audit = audit;
        this.notifier = notifier;
    }

    public Dossier add(Connection connection, AccessibleDossier source, String actor) {
        Dossier dossier = dossiers.insert(connection.id(), connection.officeId(), source, actor);
        states.create(dossier.id(), catalog.supportedKinds(connection.systemType()));
        audit.record(connection.officeId(), actor, "dossier.added", "dossier", dossier.id(),
                Map.of("externalId", source.externalId(), "name", source.name()));
        notifier.dossierAdded(connection, dossier);
        log.info("Dossier '{}' ({} {}) added to office {} by {}", source.name(), connection.systemType(),
                source.externalId(), connection.officeId(), actor);
        return dossier;
    }
}
