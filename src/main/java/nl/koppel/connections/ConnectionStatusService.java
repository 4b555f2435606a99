package nl.koppel.connections;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.koppel.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place where a connection's status changes. Every flip is one conditional UPDATE plus its audit
 * line in one transaction; what must follow a flip (notifications) hangs on the methods here.
 */
@Service
public class ConnectionStatusService {

    private static final Logger log = LoggerFactory.getLogger(ConnectionStatusService.class);

    private final ConnectionRepository connections;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    public ConnectionStatusService(ConnectionRepository connections, AuditTrail audit,
                                   ApplicationEventPublisher events) {
        this.connections = connections;
        this.audit = audit;
        this.events = events;
    }

    /** The sync user made the link: {@code login gelukt}. */
    @Transactional
    public Connection linked(UUID connectionId, AccountingSystemUser user, String actor) {
        connections.updateAccountingSystemUser(connectionId, user);
        Optional<Connection> changed = connections.changeStatus(connectionId, ConnectionStatus.CONNECTED,
                StatusReason.LINKED, null);
        Connection connection = changed.orElseGet(() -> connections.find(connectionId).orElseThrow());
        audit.record(connection.officeId(), actor, "connection.linked", "connection", connectionId,
                Map.of("accountingSystemUser", user.username(), "systemType", connection.systemType()));
        log.info("Connection {} ({}) of office {} is linked as {}: login gelukt", connectionId,
                connection.systemType(), connection.officeId(), user.username());
        events.publishEvent(new ConnectionLinked(connectionId));
        return connection;
    }

    /**
     * The accounting system refused the link. Only the first of any number of concurrent callers flips the
     * status; the others find it already flipped.
     *
     * @return true when this call flipped the status
     */
    @Transactional
    public boolean linkBroken(UUID connectionId, StatusReason reason) {
        Optional<Connection> flipped = connections.changeStatus(connectionId, ConnectionStatus.NOT_CONNECTED, reason,
                ConnectionStatus.CONNECTED);
        flipped.ifPresent(connection -> {
            audit.record(connection.officeId(), AuditTrail.SYSTEM, "connection.disconnected", "connection",
                    connectionId, Map.of("reason", reason.name(), "systemType", connection.systemType()));
            log.warn("Connection {} ({}) of office {} is now niet verbonden: {}", connectionId,
                    connection.systemType(), connection.officeId(), reason);
        });
        return flipped.isPresent();
    }

    /** The office named another sync user: the old link is dropped until the new sync user links. */
    @Transactional
    public void syncUserChanged(Connection before, String actor) {
        boolean hadLink = before.accountingSystemUser() != null;
        if (hadLink) {
            connections.updateAccountingSystemUser(before.id(), null);
            connections.changeStatus(before.id(), ConnectionStatus.NOT_CONNECTED, StatusReason.SYNC_USER_CHANGED,
                    null);
            log.info("Connection {} of office {} is niet verbonden until the new sync user links", before.id(),
                    before.officeId());
        }
    }
}
