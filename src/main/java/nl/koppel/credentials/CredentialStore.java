package nl.koppel.credentials;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.connections.Connection;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.ConnectorGateway;
import nl.koppel.systems.TokenGrant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands out a valid access token per connection. Refresh is single-flight across threads and Koppel
 * instances: the refresher holds the credential's row lock while it calls the token endpoint, and whoever
 * waited on the lock then finds the fresh token and uses it. Exact Online's rotating refresh tokens break
 * for good when two refreshes of one token cross.
 */
@Service
public class CredentialStore {

    private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

    private final CredentialRepository credentials;
    private final ConnectionRepository connections;
    private final TokenCipher cipher;
    private final ConnectorGateway connectors;
    private final TransactionTemplate transaction;
    private final CredentialProperties properties;

    public CredentialStore(CredentialRepository credentials, ConnectionRepository connections, TokenCipher cipher,
                           ConnectorGateway connectors, TransactionTemplate transaction,
                           CredentialProperties properties) {
        this.credentials = credentials;
        this.connections = connections;
        this.cipher = cipher;
        this.connectors = connectors;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** Keeps a newly granted set of tokens; joins the caller's transaction. */
    public void store(UUID connectionId, TokenGrant grant) {
        credentials.save(connectionId, cipher.encrypt(grant.accessToken(), connectionId),
                cipher.encrypt(grant.refreshToken(), connectionId), Instant.now().plus(grant.expiresIn()), false);
    }

    public void forget(UUID connectionId) {
        credentials.delete(connectionId);
    }

    /**
     * A valid access token for calls as the linked user.
     *
     * @throws ConnectorException AUTH when the connection is not connected or the refresh is refused; others
     *                            when the token endpoint has trouble
     */
    public String accessToken(UUID connectionId) {
        return issue(connectionId).value();
    }

    /**
     * A token valid for the next call (at least {@code refresh-before-expiry} left), with what identifies its
     * issue. Hand one out per call or page, never one for a whole loop of calls.
     */
    public AccessToken issue(UUID connectionId) {
        Connection connection = connected(connectionId);
        StoredCredential current = stored(connectionId);
        if (fresh(current)) {
            return token(current, cipher.decrypt(current.accessTokenEncrypted(), connectionId));
        }
        return refreshInTransaction(connection, null);
    }

    /** The connection, if it is connected: once the link is known to be broken, nothing calls the API any more
     * (Exact blocks apps that keep failing). */
    private Connection connected(UUID connectionId) {
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        if (connection.status() != ConnectionStatus.CONNECTED) {
            throw ConnectorException.auth(connection.statusReason(),
                    "Connection " + connectionId + " is niet verbonden (" + connection.statusReason() + ")");
        }
        return connection;
    }

    private StoredCredential stored(UUID connectionId) {
        return credentials.find(connectionId).orElseThrow(() -> ConnectorException.auth(StatusReason.NEVER_LINKED,
                "Connection " + connectionId + " has no stored credentials"));
    }

    /**
     * What the accounting system's 401 on {@code used} means. A token of an earlier link says nothing about the
     * current one; a token that was near its expiry, or that was replaced meanwhile, gets one more try with a
     * valid token (refreshed now if need be); only a token of the current link with time left is a broken link.
     *
     * @throws ConnectorException when a needed refresh fails (AUTH when it is refused)
     */
    public TokenRefusal refused(TokenIssue used) {
        UUID id = used.connectionId();
        StoredCredential current = credentials.find(id).orElse(null);
        if (current == null || current.linkGeneration() != used.linkGeneration()) {
            return TokenRefusal.staleLink();
        }
        boolean replaced = !current.obtainedAt().equals(used.obtainedAt());
        boolean nearExpiry = used.expiresAt().isBefore(Instant.now().plus(properties.nearExpiry()));
        if (!replaced && !nearExpiry) {
            return TokenRefusal.refused();
        }
        if (connections.find(id).map(c -> c.status() != ConnectionStatus.CONNECTED).orElse(true)) {
            return TokenRefusal.refused(); // already niet verbonden: nothing to retry
        }
        if (replaced && fresh(current)) {
            return TokenRefusal.retry(token(current, cipher.decrypt(current.accessTokenEncrypted(), id)));
        }
        Connection connection = connections.find(id).orElseThrow();
        AccessToken retry = refreshInTransaction(connection, used);
        return retry.issue().linkGeneration() == used.linkGeneration() ? TokenRefusal.retry(retry)
                : TokenRefusal.staleLink();
    }

    /**
     * The system refused {@code rejected} as an expired token would be refused, before the expiry Koppel was told
     * (Twinfield's fault 354): a new access token, refreshed now whatever its recorded expiry (unless another
     * thread or instance already replaced the rejected one: then that one).
     *
     * @throws ConnectorException AUTH when the connection is not connected or the refresh is refused
     */
    public String renewRejected(UUID connectionId, String rejected) {
        Connection connection = connected(connectionId);
        StoredCredential current = stored(connectionId);
        AccessToken stored = token(current, cipher.decrypt(current.accessTokenEncrypted(), connectionId));
        if (!stored.value().equals(rejected) && fresh(current)) {
            return stored.value(); // replaced meanwhile
        }
        // refreshed under the row lock unless the one read here was replaced meanwhile
        return refreshInTransaction(connection, stored.issue()).value();
    }

    /** True when {@code used} belongs to an earlier link than the current one (or the link was dropped). */
    public boolean staleLink(TokenIssue used) {
        return credentials.find(used.connectionId()).map(c -> c.linkGeneration() != used.linkGeneration())
                .orElse(true);
    }

    private AccessToken refreshInTransaction(Connection connection, TokenIssue refusedToken) {
        try {
            return transaction.execute(tx -> refreshLocked(connection, refusedToken));
        } catch (DataAccessException e) {
            if (!RowLockTimeout.causedBy(e)) {
                throw e;
            }
            // a slow refresh elsewhere must not hold every caller's database connection: try again later
            throw ConnectorException.transientFailure("The token of connection " + connection.id() + " is being"
                    + " refreshed by another call that did not finish within " + properties.lockTimeout().toMillis()
                    + " ms; try again");
        }
    }

    /** Refreshes under the row lock, unless another thread or instance did meanwhile (or, forced, replaced it). */
    private AccessToken refreshLocked(Connection connection, TokenIssue refusedToken) {
        UUID id = connection.id();
        StoredCredential locked = credentials.lock(id, properties.lockTimeout())
                .orElseThrow(() -> ConnectorException.auth(StatusReason.NEVER_LINKED,
                        "Connection " + id + " has no stored credentials"));
        boolean refusedIsCurrent = refusedToken != null && locked.obtainedAt().equals(refusedToken.obtainedAt());
        if (fresh(locked) && !refusedIsCurrent) {
            // another thread or instance refreshed it
            return token(locked, cipher.decrypt(locked.accessTokenEncrypted(), id));
        }
        TokenGrant grant = connectors.refresh(connection.systemType(), cipher.decrypt(locked.refreshTokenEncrypted(), id));
        credentials.save(id, cipher.encrypt(grant.accessToken(), id), cipher.encrypt(grant.refreshToken(), id),
                Instant.now().plus(grant.expiresIn()), true);
        log.info("Refreshed the access token of connection {} ({}); valid for {} s", id, connection.systemType(),
                grant.expiresIn().toSeconds());
        StoredCredential saved = credentials.find(id).orElseThrow();
        return token(saved, grant.accessToken());
    }

    private static AccessToken token(StoredCredential credential, String value) {
        return new AccessToken(value, new TokenIssue(credential.connectionId(), credential.linkGeneration(),
                credential.obtainedAt(), credential.accessTokenExpiresAt()));
    }

    private boolean fresh(StoredCredential credential) {
        return credential.accessTokenExpiresAt().isAfter(Instant.now().plus(properties.refreshBeforeExpiry()));
    }
}
