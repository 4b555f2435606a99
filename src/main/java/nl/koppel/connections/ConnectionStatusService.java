package nl.koppel.connections;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import nl.koppel.audit.AuditTrail;
import nl.koppel.notifications.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place where a connection's status changes. Every flip is one conditional UPDATE plus its audit
 * line in one transaction; what must follow a flip hangs on the methods here: the notifications are written
 * to the outbox in the same transaction (one per recipient per channel, only by the call that flipped).
 */
@Service
public class ConnectionStatusService {

    private static final Logger log = LoggerFactory.getLogger(ConnectionStatusService.class);

    /** Reasons of a link that broke by itself: making it again is announced as "restored". */
    private static final Set<StatusReason> BROKEN = EnumSet.of(StatusReason.CREDENTIALS_REVOKED,
            StatusReason.REFRESH_TOKEN_EXPIRED, StatusReason.REFRESH_TOKEN_INVALID, StatusReason.USER_DISABLED,
            StatusReason.SYNC_USER_CHANGED);

    private final ConnectionRepository connections;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Notifier notifier;

    public ConnectionStatusService(ConnectionRepository connections, AuditTrail audit,
                                   ApplicationEventPublisher events, Notifier notifier) {
        this.connections = connections;
        this.audit = audit;
        this.events = events;
        this.notifier = notifier;
    }

    /**
     * The sync user made the link: {@code login gelukt}. When the link had broken by itself, the recipients of
     * the "niet verbonden" notification get one "restored" notification per channel.
     */
    @Transactional
    public Connection linked(UUID connectionId, AccountingSystemUser user, String actor) {
        Connection before = connections.lock(connectionId).orElseThrow();
        // who it was linked as before: the current user, or (after a change of sync user cleared it) the last link's
        String previousUser = before.accountingSystemUser() != null ? before.accountingSystemUser().username()
                : audit.lastDetail(connectionId, "connection.linked", "accountingSystemUser").orElse(null);
        connections.updateAccountingSystemUser(connectionId, user);
        Optional<Connection> changed = connections.changeStatus(connectionId, ConnectionStatus.CONNECTED,
                StatusReason.LINKED, null);
        Connection connection = changed.orElseGet(() -> connections.find(connectionId).orElseThrow());
        audit.record(connection.officeId(), actor, "connection.linked", "connection", connectionId,
                Map.of("accountingSystemUser", user.username(), "systemType", connection.systemType()));
        if (changed.isPresent() && before.status() == ConnectionStatus.NOT_CONNECTED
                && BROKEN.contains(before.statusReason())) {
            notifier.connectionReconnected(connection);
        }
        if (previousUser != null && !previousUser.equals(user.username())) {
            // allowed (the office may move to another accounting-system user), but never silently
            audit.record(connection.officeId(), actor, "connection.linked_user_changed", "connection", connectionId,
                    Map.of("from", previousUser, "to", user.username(), "systemType", connection.systemType()));
            notifier.linkedUserChanged(connection, previousUser);
            log.warn("Connection {} ({}) of office {} is now linked as {} instead of {}", connectionId,
                    connection.systemType(), connection.officeId(), user.username(), previousUser);
        }
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
            notifier.connectionDisconnected(connection);
        });
        return flipped.isPresent();
    }

    /**
     * The office named another sync user: the old link is dropped until the new sync user links. In the same
     * transaction the new sync user is told to make the link; when the connection was {@code login gelukt}, the
     * super users and the webhooks also hear it is {@code niet verbonden} (SYNC_USER_CHANGED).
     */
    @Transactional
    public void syncUserChanged(Connection before, String actorName) {
        boolean hadLink = before.accountingSystemUser() != null;
        if (hadLink) {
            connections.updateAccountingSystemUser(before.id(), null);
            connections.changeStatus(before.id(), ConnectionStatus.NOT_CONNECTED, StatusReason.SYNC_USER_CHANGED,
                    null);
            log.info("Connection {} of office {} is niet verbonden until the new sync user links", before.id(),
                    before.officeId());
        }
        Connection after = connections.find(before.id()).orElseThrow();
        // the audit line is ConnectionService's connection.sync_user_changed
        notifier.syncUserChanged(after, actorName, before.status() == ConnectionStatus.CONNECTED);
    }
}
