package nl.koppel.linking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.ConnectionService;
import nl.koppel.connections.ConnectionStatusService;
import nl.koppel.connections.ConnectionView;
import nl.koppel.credentials.CredentialStore;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.AccountingSystemsProperties;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.ConnectorGateway;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Koppeling maken": the sync user starts the OAuth authorization-code flow, the accounting system sends the
 * browser back with a code, Koppel exchanges it, asks who the linked user is and sets {@code login gelukt}.
 * The one-time state binds the callback to the connection and the sync user who started it; the browser secret
 * (an HttpOnly cookie set when the signed-in sync user's browser opens the start URL) binds it to that browser,
 * so an authorize URL sent to someone else cannot link the office to their administrations. PKCE (S256) goes
 * to the systems that take it.
 */
@Service
public class LinkService {

    private static final int STATE_BYTES = 32;
    private static final Duration KEEP_USED_ATTEMPTS = Duration.ofDays(1);

    private final ConnectionService connectionService;
    private final ConnectionRepository connections;
    private final ConnectionStatusService statuses;
    private final LinkAttemptRepository attempts;
    private final OfficeUserRepository users;
    private final CredentialStore credentials;
    private final ConnectorGateway connectors;
    private final TransactionTemplate transaction;
    private final LinkProperties properties;
    private final AccountingSystemCatalog catalog;
    private final SecureRandom random = new SecureRandom();

    public LinkService(ConnectionService connectionService, ConnectionRepository connections,
                       ConnectionStatusService statuses, LinkAttemptRepository attempts, OfficeUserRepository users,
                       CredentialStore credentials, ConnectorGateway connectors, TransactionTemplate transaction,
                       LinkProperties properties, AccountingSystemCatalog catalog) {
        this.catalog = catalog;
        this.connectionService = connectionService;
        this.connections = connections;
        this.statuses = statuses;
        this.attempts = attempts;
        this.users = users;
        this.credentials = credentials;
        this.connectors = connectors;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** A started link: the one-time state (the start URL carries it) and until when it can be used. */
    public record StartedLink(String state, Instant expiresAt) {
        @Override
        public String toString() {
            return "StartedLink[expires " + expiresAt + "]";
        }
    }

    /**
     * The browser's part: where to send it, and the secret its HttpOnly cookie keeps for the path that finishes the
     * link ({@code cookiePath}: the OAuth callback, or the connection-key page).
     */
    public record BrowserBinding(String authorizeUrl, String browserSecret, Duration validFor, String cookiePath) {
        @Override
        public String toString() {
            return "BrowserBinding[valid for " + validFor + "]";
        }
    }

    public StartedLink start(SignedInUser caller, UUID officeId, UUID connectionId) {
        Connection connection = connectionService.find(caller, officeId, connectionId);
        if (!connection.syncUserId().equals(caller.user().id())) {
            String syncUserName = users.find(connection.syncUserId()).map(OfficeUser::name).orElse("?");
            throw ApiException.forbidden("only_sync_user_can_link",
                    "Only the sync user (" + syncUserName + ") can make the link");
        }
        String state = randomToken();
        // a key page is used longer than a login elsewhere: the sync user may create the keys meanwhile
        boolean byKey = catalog.linkMethod(connection.systemType())
                == AccountingSystemsProperties.LinkMethod.CONNECTION_KEY;
        Instant expiresAt = Instant.now().plus(byKey ? properties.keyPageTtl() : properties.stateTtl());
        attempts.deleteExpiredBefore(Instant.now().minus(KEEP_USED_ATTEMPTS));
        attempts.insert(hash(state), connectionId, caller.user().id(), expiresAt, Pkce.newVerifier(random));
        return new StartedLink(state, expiresAt);
    }

    /**
     * The signed-in sync user's browser opens the start URL: the attempt is bound to a new browser secret (once)
     * and the browser goes on to the accounting system's sign-in.
     */
    public BrowserBinding bindBrowser(SignedInUser caller, String state) {
        if (state == null || state.isBlank()) {
            throw ApiException.badRequest("oauth_state_missing", "The start URL has no state");
        }
        String browserSecret = randomToken();
        LinkAttempt attempt = attempts.bindBrowser(hash(state), caller.user().id(), hash(browserSecret))
                .orElseThrow(() -> unbindable(hash(state), caller));
        Connection connection = connections.find(attempt.connectionId()).orElseThrow(() ->
                ApiException.notFound("accounting_system_not_found", "The connection of this link no longer exists"));
        Duration left = Duration.between(Instant.now(), attempt.expiresAt());
        left = left.isNegative() ? Duration.ZERO : left;
        if (catalog.linkMethod(connection.systemType()) == AccountingSystemsProperties.LinkMethod.CONNECTION_KEY) {
            // no login elsewhere: the sync user enters connection keys on Koppel's own page, bound to this browser
            return new BrowserBinding(ConnectionKeyLinking.PAGE_PATH, browserSecret, left,
                    ConnectionKeyLinking.PAGE_PATH);
        }
        String authorizeUrl = connectors.authorizeUrl(connection.systemType(), state,
                Pkce.challenge(attempt.codeVerifier()));
        return new BrowserBinding(authorizeUrl, browserSecret, left, LinkController.CALLBACK_PATH);
    }

    /** Starts the link and binds it to the caller's browser at once (the screens' "Koppeling maken" button). */
    public BrowserBinding startInBrowser(SignedInUser caller, UUID officeId, UUID connectionId) {
        return bindBrowser(caller, start(caller, officeId, connectionId).state());
    }

    /** The connection a callback's state belongs to, when the state is known (for the screens' banner). */
    public java.util.Optional<UUID> connectionOf(String state) {
        return state == null || state.isBlank() ? java.util.Optional.empty()
                : attempts.find(hash(state)).map(LinkAttempt::connectionId);
    }

    /**
     * Completes the flow from the accounting system's redirect. A bad, expired or reused state, or a refused
     * code, changes nothing but the state's one use.
     */
    public ConnectionView complete(String code, String state, String error, String browserSecret,
                                   SignedInUser caller) {
        if (state == null || state.isBlank()) {
            throw ApiException.badRequest("oauth_state_missing", "The callback has no state");
        }
        if (error == null && (code == null || code.isBlank())) {
            throw ApiException.badRequest("oauth_code_missing", "The callback has no authorization code");
        }
        String stateHash = hash(state);
        LinkAttempt attempt = attempts.consume(stateHash, browserSecret == null ? "" : hash(browserSecret))
                .orElseThrow(() -> unusableState(stateHash));
        if (error != null) {
            throw ApiException.badRequest("oauth_authorization_denied",
                    "The login at the accounting system was cancelled or refused; start \"Koppeling maken\" again");
        }
        if (caller != null && !caller.user().id().equals(attempt.userId())) {
            throw ApiException.forbidden("only_sync_user_can_link", "This link was started by another user");
        }
        Connection connection = connections.find(attempt.connectionId()).orElseThrow(() ->
                ApiException.notFound("accounting_system_not_found", "The connection of this link no longer exists"));
        requireSameSyncUser(connection, attempt);

        TokenGrant grant = callAccountingSystem(() -> connectors.exchangeCode(connection.systemType(), code,
                attempt.codeVerifier()));
        AccountingSystemUser linkedUser =
                callAccountingSystem(() -> connectors.whoami(connection.systemType(), grant.accessToken()));
        OfficeUser syncUser = users.find(attempt.userId()).orElseThrow();

        Connection linked = transaction.execute(tx -> {
            requireSameSyncUser(connections.lock(connection.id()).orElseThrow(), attempt);
            credentials.store(connection.id(), grant);
            return statuses.linked(connection.id(), linkedUser, syncUser.username());
        });
        return connectionService.view(linked, syncUser.language());
    }

    private static void requireSameSyncUser(Connection connection, LinkAttempt attempt) {
        if (!connection.syncUserId().equals(attempt.userId())) {
            throw ApiException.conflict("sync_user_changed",
                    "The sync user changed after this link was started; the new sync user must make the link");
        }
    }

    private ApiException unbindable(String stateHash, SignedInUser caller) {
        return attempts.find(stateHash)
                .map(a -> !a.userId().equals(caller.user().id())
                        ? ApiException.forbidden("only_sync_user_can_link", "This link was started by another user")
                        : a.browserHash() != null && a.usedAt() == null && a.expiresAt().isAfter(Instant.now())
                        ? ApiException.badRequest("oauth_link_already_opened", "This link was already opened in a"
                                + " browser; start \"Koppeling maken\" again")
                        : unusableState(stateHash))
                .orElseGet(() -> unusableState(stateHash));
    }

    private ApiException unusableState(String stateHash) {
        return attempts.find(stateHash)
                .map(a -> a.usedAt() == null && a.expiresAt().isAfter(Instant.now())
                        ? ApiException.forbidden("oauth_other_browser", "This link was started in another browser:"
                                + " only the browser in which the sync user clicked \"Koppeling maken\" can finish it;"
                                + " start \"Koppeling maken\" again there")
                        : a.usedAt() != null
                        ? ApiException.badRequest("oauth_state_used",
                                "This link was already completed or tried; start \"Koppeling maken\" again")
                        : ApiException.badRequest("oauth_state_expired",
                                "This link expired; start \"Koppeling maken\" again"))
                .orElseGet(() -> ApiException.badRequest("oauth_state_invalid",
                        "The callback's state is unknown; start \"Koppeling maken\" again"));
    }

    private static <T> T callAccountingSystem(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ConnectorException e) {
            if (e.getFailureClass() == FailureClass.REJECTED) {
                throw ApiException.badRequest("oauth_code_rejected", e.getMessage());
            }
            if (e.getFailureClass() == FailureClass.AUTH) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "accounting_system_credentials_incorrect",
                        e.getMessage());
            }
            throw new ApiException(HttpStatus.BAD_GATEWAY, "accounting_system_unavailable", e.getMessage());
        }
    }

    private String randomToken() {
        byte[] raw = new byte[STATE_BYTES];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    static String hash(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
