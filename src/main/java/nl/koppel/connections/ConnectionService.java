package nl.koppel.connections;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.audit.AuditTrail;
import nl.koppel.credentials.ConnectionKeyStore;
import nl.koppel.credentials.CredentialStore;
import nl.koppel.systems.AccountingSystemsProperties;
import nl.koppel.office.Language;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.security.OfficeAccess;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.AccountingSystemCatalog;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Adding an accounting system to an office and naming its sync user. */
@Service
public class ConnectionService {

    private final ConnectionRepository connections;
    private final ConnectionStatusService statuses;
    private final OfficeUserRepository users;
    private final CredentialStore credentials;
    private final ConnectionKeyStore keys;
    private final AccountingSystemCatalog catalog;
    private final AuditTrail audit;

    public ConnectionService(ConnectionRepository connections, ConnectionStatusService statuses,
                             OfficeUserRepository users, CredentialStore credentials, ConnectionKeyStore keys,
                             AccountingSystemCatalog catalog, AuditTrail audit) {
        this.keys = keys;
        this.connections = connections;
        this.statuses = statuses;
        this.users = users;
        this.credentials = credentials;
        this.catalog = catalog;
        this.audit = audit;
    }

    public List<ConnectionView> list(SignedInUser caller, UUID officeId) {
        OfficeAccess.requireMember(caller, officeId);
        return connections.findByOffice(officeId).stream().map(c -> view(c, caller.user().language())).toList();
    }

    public ConnectionView get(SignedInUser caller, UUID officeId, UUID connectionId) {
        return view(find(caller, officeId, connectionId), caller.user().language());
    }

    /** The connection of the caller's office, or 404 (also for another office's connection). */
    public Connection find(SignedInUser caller, UUID officeId, UUID connectionId) {
        OfficeAccess.requireMember(caller, officeId);
        return connections.find(connectionId)
                .filter(c -> c.officeId().equals(officeId))
                .orElseThrow(() -> ApiException.notFound("accounting_system_not_found",
                        "No accounting system " + connectionId + " in office " + officeId));
    }

    /** Work that needs the link answers 409 while the connection is niet verbonden, naming who must act. */
    public void requireConnected(Connection connection) {
        if (connection.status() != ConnectionStatus.CONNECTED) {
            String syncUser = users.find(connection.syncUserId()).map(OfficeUser::name).orElse("the sync user");
            String system = catalog.find(connection.systemType())
                    .map(AccountingSystemCatalog.SystemType::displayName).orElse(connection.systemType());
            throw ApiException.conflict("accounting_system_not_connected", system + " is niet verbonden ("
                    + connection.statusReason() + "): " + syncUser + ", the sync user, must make the link again at"
                    + " Instellingen > Kantoor > Boekhoudsysteem > Koppeling maken");
        }
    }

    @Transactional
    public ConnectionView add(SignedInUser caller, UUID officeId, ConnectionRequests.AddAccountingSystem request) {
        OfficeAccess.requireMember(caller, officeId);
        OfficeAccess.requireManager(caller);
        if (catalog.find(request.type()).isEmpty()) {
            throw ApiException.unprocessable("accounting_system_type_unknown", "Unknown accounting-system type '"
                    + request.type() + "'; known types: " + String.join(", ", catalog.types()), "type");
        }
        OfficeUser syncUser = syncUserOf(officeId, request.syncUserId(), "syncUserId");
        if (connections.exists(officeId, request.type())) {
            throw ApiException.conflict("accounting_system_already_added",
                    "This office already has a " + request.type() + " connection: change its sync user instead");
        }
        Connection connection = connections.insert(officeId, request.type(), syncUser.id());
        audit.record(officeId, caller.getUsername(), "connection.added", "connection", connection.id(),
                Map.of("systemType", request.type(), "syncUser", syncUser.username()));
        return view(connection, caller.user().language());
    }

    @Transactional
    public ConnectionView changeSyncUser(SignedInUser caller, UUID officeId, UUID connectionId, UUID userId) {
        find(caller, officeId, connectionId);
        OfficeAccess.requireManager(caller);
        OfficeUser newSyncUser = syncUserOf(officeId, userId, "userId");
        Connection before = connections.lock(connectionId).orElseThrow();
        if (before.syncUserId().equals(newSyncUser.id())) {
            return view(before, caller.user().language());
        }
        connections.updateSyncUser(connectionId, newSyncUser.id());
        credentials.forget(connectionId);
        keys.forget(connectionId); // connection keys too: the new sync user enters them again (decisions.md)
        statuses.syncUserChanged(before, caller.user().name());
        audit.record(officeId, caller.getUsername(), "connection.sync_user_changed", "connection", connectionId,
                Map.of("from", before.syncUserId().toString(), "to", newSyncUser.id().toString()));
        return view(connections.find(connectionId).orElseThrow(), caller.user().language());
    }

    private OfficeUser syncUserOf(UUID officeId, UUID userId, String field) {
        OfficeUser user = users.find(userId).orElseThrow(() -> ApiException.unprocessable(
                "synchronization_user_not_found", "No user " + userId, field));
        if (!officeId.equals(user.officeId())) {
            throw ApiException.unprocessable("synchronization_user_not_allowed_to_office",
                    "User " + userId + " is not a user of this office", field);
        }
        return user;
    }

    public ConnectionView view(Connection connection, Language language) {
        OfficeUser syncUser = users.find(connection.syncUserId()).orElseThrow();
        String displayName = catalog.find(connection.systemType())
                .map(AccountingSystemCatalog.SystemType::displayName).orElse(connection.systemType());
        boolean byKey = catalog.linkMethod(connection.systemType())
                == AccountingSystemsProperties.LinkMethod.CONNECTION_KEY;
        List<ConnectionView.ConnectionKeyView> keyViews = !byKey ? null : keys.keysOf(connection.id()).stream()
                .map(k -> new ConnectionView.ConnectionKeyView(k.externalId(), k.status().name(), k.enteredAt(),
                        k.rejectedAt(), k.rejectedReason()))
                .toList();
        return ConnectionView.of(connection, displayName, syncUser, language, byKey ? "connection-key" : "oauth2",
                keyViews);
    }

}
