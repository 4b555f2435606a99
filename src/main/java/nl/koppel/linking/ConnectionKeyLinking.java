package nl.koppel.linking;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.audit.AuditTrail;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.connections.ConnectionStatusService;
import nl.koppel.credentials.ConnectionKeyStore;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.dossiers.DossierService;
import nl.koppel.dossiers.DossierStatus;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.ConnectorGateway;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Koppeling maken" for a system linked by connection key (SnelStart): the sync user, on Koppel's key page (bound to
 * the browser that opened the start URL, like the OAuth callback), enters one key per administration. Koppel
 * exchanges it for a token ({@code <type>-exchange-key}), asks which administration it reaches
 * ({@code <type>-list-dossiers}: exactly one) and who it is ({@code <type>-whoami}), then in one transaction stores
 * the key (encrypted; the same administration again replaces its key, as SnelStart's "Regenerate" does), adds the
 * dossier or makes it ACTIVE again, and marks the connection {@code login gelukt}. A refused key stores nothing and
 * counts against the attempt ({@code koppel.link.max-refused-keys}). The key is never logged, shown or returned.
 */
@Service
public class ConnectionKeyLinking {

    private static final Logger log = LoggerFactory.getLogger(ConnectionKeyLinking.class);

    /** Koppel's key page: where the start URL sends the sync user's browser for a system linked by key. */
    public static final String PAGE_PATH = "/koppeling/sleutel";
    /** A key longer than this is not a key (SnelStart's are a few hundred characters of base64). */
    static final int MAX_KEY_LENGTH = 2000;

    private final LinkAttemptRepository attempts;
    private final ConnectionRepository connections;
    private final ConnectionStatusService statuses;
    private final ConnectionKeyStore keys;
    private final ConnectorGateway connectors;
    private final DossierRepository dossiers;
    private final DossierService dossierService;
    private final OfficeUserRepository users;
    private final AuditTrail audit;
    private final TransactionTemplate transaction;
    private final LinkProperties properties;

    public ConnectionKeyLinking(LinkAttemptRepository attempts, ConnectionRepository connections,
                                ConnectionStatusService statuses, ConnectionKeyStore keys, ConnectorGateway connectors,
                                DossierRepository dossiers, DossierService dossierService, OfficeUserRepository users,
                                AuditTrail audit, TransactionTemplate transaction, LinkProperties properties) {
        this.attempts = attempts;
        this.connections = connections;
        this.statuses = statuses;
        this.keys = keys;
        this.connectors = connectors;
        this.dossiers = dossiers;
        this.dossierService = dossierService;
        this.users = users;
        this.audit = audit;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** A key entered: which administration it linked, and whether it replaced that administration's earlier key. */
    public record KeyLinked(UUID connectionId, UUID dossierId, String administration, boolean replaced) {
    }

    /** The connection this browser's key page belongs to, for the signed-in sync user who opened the start URL. */
    public Connection connectionOf(SignedInUser caller, String browserSecret) {
        return connections.find(attempt(caller, browserSecret).connectionId()).orElseThrow(() ->
                ApiException.notFound("accounting_system_not_found", "The connection of this link no longer exists"));
    }

    public KeyLinked enter(SignedInUser caller, String browserSecret, String connectionKey) {
        LinkAttempt attempt = attempt(caller, browserSecret);
        Connection connection = connections.find(attempt.connectionId()).orElseThrow(() ->
                ApiException.notFound("accounting_system_not_found", "The connection of this link no longer exists"));
        requireSameSyncUser(connection, attempt);
        String key = connectionKey == null ? "" : connectionKey.strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.badRequest("connection_key_invalid", "That is not a connection key: paste the"
                    + " koppelsleutel as the accounting system shows it");
        }
        String type = connection.systemType();
        TokenGrant grant;
        try {
            grant = connectors.exchangeKey(type, key);
        } catch (ConnectorException e) {
            if (e.getFailureClass() == FailureClass.AUTH || e.getFailureClass() == FailureClass.REJECTED) {
                int refused = attempts.keyRefused(attempt.stateHash(), properties.maxRefusedKeys());
                log.info("Connection {}: a connection key was refused ({} of {} in this link attempt)",
                        connection.id(), refused, properties.maxRefusedKeys());
                throw ApiException.badRequest("connection_key_refused", "The accounting system does not accept"
                        + " this connection key; check it, or create a new one");
            }
            throw unavailable(e);
        }
        AccessibleDossier administration = call(() -> connectors.listDossiers(type, grant.accessToken(),
                connection.id())).stream().findFirst().orElseThrow(() -> ApiException.badRequest(
                "connection_key_no_administration", "This connection key gives access to no administration"));
        AccountingSystemUser who = call(() -> connectors.whoami(type, grant.accessToken()));
        OfficeUser syncUser = users.find(attempt.userId()).orElseThrow();
        KeyLinked linked = transaction.execute(tx -> {
            Connection locked = connections.lock(connection.id()).orElseThrow();
            requireSameSyncUser(locked, attempt);
            Optional<Dossier> existing = dossiers.findByExternalId(connection.id(), administration.externalId());
            boolean replaced = keys.keysOf(connection.id()).stream()
                    .anyMatch(k -> k.externalId().equals(administration.externalId()));
            keys.store(connection.id(), administration.externalId(), key, grant, syncUser.id());
            UUID dossierId;
            if (existing.isPresent()) {
                dossierId = existing.get().id();
                dossiers.updateDetails(dossierId, administration);
                if (dossiers.changeStatus(dossierId, DossierStatus.ACTIVE)) {
                    audit.record(locked.officeId(), syncUser.username(), "dossier.accessible", "dossier", dossierId,
                            Map.of("externalId", administration.externalId()));
                }
            } else {
                dossierId = dossierService.add(locked, administration, syncUser.username()).id();
            }
            audit.record(locked.officeId(), syncUser.username(), "connection.key_entered", "connection",
                    connection.id(), Map.of("externalId", administration.externalId(), "replaced", replaced));
            if (locked.status() != ConnectionStatus.CONNECTED) {
                // the connection's accounting-system user is the first key's: later keys (other administrations)
                // do not make it "another user"
                AccountingSystemUser user = locked.accountingSystemUser() != null ? locked.accountingSystemUser()
                        : who;
                statuses.linked(connection.id(), user, syncUser.username());
            } else if (locked.accountingSystemUser() == null) {
                connections.updateAccountingSystemUser(connection.id(), who);
            }
            return new KeyLinked(connection.id(), dossierId, administration.name(), replaced);
        });
        log.info("Connection {}: connection key entered for administration {} ({}){}", connection.id(),
                administration.externalId(), administration.name(), linked.replaced() ? ", replacing its old key" : "");
        return linked;
    }

    /** The administrations of the connection with the status of their keys, for the page (never a key). */
    public List<nl.koppel.credentials.StoredConnectionKey> keysOf(UUID connectionId) {
        return keys.keysOf(connectionId);
    }

    private LinkAttempt attempt(SignedInUser caller, String browserSecret) {
        if (browserSecret == null || browserSecret.isBlank()) {
            throw ApiException.forbidden("oauth_other_browser", "Open \"Koppeling maken\" in this browser first");
        }
        LinkAttempt attempt = attempts.findBound(LinkService.hash(browserSecret), properties.maxRefusedKeys())
                .orElseThrow(() -> ApiException.badRequest("oauth_state_expired",
                        "This link expired or was used up; start \"Koppeling maken\" again"));
        if (!attempt.userId().equals(caller.user().id())) {
            throw ApiException.forbidden("only_sync_user_can_link", "This link was started by another user");
        }
        return attempt;
    }

    private static void requireSameSyncUser(Connection connection, LinkAttempt attempt) {
        if (!connection.syncUserId().equals(attempt.userId())) {
            throw ApiException.conflict("sync_user_changed",
                    "The sync user changed after this link was started; the new sync user must make the link");
        }
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ConnectorException e) {
            if (e.getFailureClass() == FailureClass.AUTH) {
                throw ApiException.badRequest("connection_key_refused", "The accounting system does not accept"
                        + " this connection key; check it, or create a new one");
            }
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(ConnectorException e) {
        return new ApiException(HttpStatus.BAD_GATEWAY, "accounting_system_unavailable", e.getMessage());
    }
}
