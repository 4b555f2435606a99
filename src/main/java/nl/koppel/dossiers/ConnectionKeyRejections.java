package nl.koppel.dossiers;

import java.util.Map;
import java.util.UUID;
import nl.koppel.audit.AuditTrail;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.connections.ConnectionStatusService;
import nl.koppel.connections.StatusReason;
import nl.koppel.credentials.ConnectionKeyRepository;
import nl.koppel.notifications.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A dossier's connection key was refused (systems linked by key): that key becomes REJECTED and its dossier
 * INACCESSIBLE with the reason, announced once (in-app, e-mail, webhook {@code dossier.connection_key_rejected}) in
 * the same transaction; nothing calls the system for it until the sync user enters a new key. The connection stays
 * {@code login gelukt} while another key works; when none is left it becomes {@code niet verbonden}
 * ({@link StatusReason#CONNECTION_KEYS_REJECTED}).
 */
@Service
public class ConnectionKeyRejections {

    private static final Logger log = LoggerFactory.getLogger(ConnectionKeyRejections.class);

    private final ConnectionKeyRepository keys;
    private final ConnectionRepository connections;
    private final ConnectionStatusService statuses;
    private final DossierRepository dossiers;
    private final AuditTrail audit;
    private final Notifier notifier;

    public ConnectionKeyRejections(ConnectionKeyRepository keys, ConnectionRepository connections,
                                   ConnectionStatusService statuses, DossierRepository dossiers, AuditTrail audit,
                                   Notifier notifier) {
        this.keys = keys;
        this.connections = connections;
        this.statuses = statuses;
        this.dossiers = dossiers;
        this.audit = audit;
        this.notifier = notifier;
    }

    /**
     * The key of {@code generation} for the administration was refused: true for the one call (of any number,
     * on any instance) that marked it. A refusal of an older key's token, or while the connection is
     * {@code niet verbonden} (its own status says it all), changes nothing.
     */
    @Transactional
    public boolean rejected(UUID connectionId, String externalId, long generation, DossierStatusReason reason,
                            String why) {
        Connection connection = connections.find(connectionId).orElse(null);
        if (connection == null || connection.status() != ConnectionStatus.CONNECTED) {
            return false;
        }
        if (!keys.reject(connectionId, externalId, generation, reason.name())) {
            return false;
        }
        log.warn("Connection {} ({}): the connection key of administration {} was refused ({}): {}", connectionId,
                connection.systemType(), externalId, reason, why);
        dossiers.findByExternalId(connectionId, externalId).ifPresent(dossier -> {
            dossiers.changeStatus(dossier.id(), DossierStatus.INACCESSIBLE, reason);
            audit.record(connection.officeId(), AuditTrail.SYSTEM, "dossier.connection_key_rejected", "dossier",
                    dossier.id(), Map.of("externalId", externalId, "reason", reason.name()));
            notifier.connectionKeyRejected(connection, dossier, reason.name());
        });
        if (keys.countActive(connectionId) == 0) {
            statuses.linkBroken(connectionId, StatusReason.CONNECTION_KEYS_REJECTED);
        }
        return true;
    }
}
