package nl.koppel.credentials;

import java.time.Instant;
import java.util.List;
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
 * Connection keys (SnelStart's "koppelsleutels"): one per administration of a connection, and the access token each
 * was exchanged for. What {@link CredentialStore} is for a connection's OAuth tokens, per administration: a token is
 * handed out per call; an expiring one is fetched again with the key (there is no refresh token) under the key row's
 * lock, so of all threads and instances one asks and the others use its token. Keys and tokens are stored
 * encrypted, bound to the connection and the administration; nothing here ever returns a key.
 */
@Service
public class ConnectionKeyStore {

    private static final Logger log = LoggerFactory.getLogger(ConnectionKeyStore.class);

    private final ConnectionKeyRepository keys;
    private final ConnectionRepository connections;
    private final TokenCipher cipher;
    private final ConnectorGateway connectors;
    private final TransactionTemplate transaction;
    private final CredentialProperties properties;

    public ConnectionKeyStore(ConnectionKeyRepository keys, ConnectionRepository connections, TokenCipher cipher,
                              ConnectorGateway connectors, TransactionTemplate transaction,
                              CredentialProperties properties) {
        this.keys = keys;
        this.connections = connections;
        this.cipher = cipher;
        this.connectors = connectors;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** Keeps a key entered for the administration and the token it was just exchanged for; joins the transaction. */
    public void store(UUID connectionId, String externalId, String connectionKey, TokenGrant grant, UUID enteredBy) {
        keys.save(connectionId, externalId, cipher.encrypt(connectionKey, connectionId, externalId),
                cipher.encrypt(grant.accessToken(), connectionId, token(externalId)),
                Instant.now().plus(grant.expiresIn()), enteredBy);
    }

    /** The keys of a connection, without secrets to read: what the views and the checks need. */
    public List<StoredConnectionKey> keysOf(UUID connectionId) {
        return keys.findByConnection(connectionId);
    }

    public boolean hasWorkingKey(UUID connectionId) {
        return keys.countActive(connectionId) > 0;
    }

    public void forget(UUID connectionId) {
        keys.deleteByConnection(connectionId);
    }

    /**
     * What identifies the key of the administration before its token is fetched: a failure while fetching it (the
     * key refused) is judged against this key, not the connection.
     */
    public TokenIssue currentIssue(UUID connectionId, String externalId) {
        StoredConnectionKey key = keys.find(connectionId, externalId).orElse(null);
        return key == null ? new TokenIssue(connectionId, -1, null, Instant.EPOCH, externalId) : issue(key);
    }

    /**
     * A token of the administration's key valid for the next call.
     *
     * @throws ConnectorException AUTH when the connection is not connected, the administration has no working key
     *                            or the system refuses the key; others when the token endpoint has trouble
     */
    public AccessToken issue(UUID connectionId, String externalId) {
        Connection connection = connected(connectionId);
        StoredConnectionKey key = usable(connectionId, externalId);
        if (fresh(key)) {
            return new AccessToken(decryptToken(key), issue(key));
        }
        return fetchInTransaction(connection, externalId, null);
    }

    /**
     * What the system's refusal of {@code used} means. A token of an earlier key for the administration says nothing
     * about the current one; otherwise a new token is asked with the key (they are cheap, and nothing rotates), and
     * only when the key itself is refused is it broken (the exception, AUTH).
     */
    public TokenRefusal refused(TokenIssue used) {
        StoredConnectionKey current = keys.find(used.connectionId(), used.keyScope()).orElse(null);
        if (current == null || current.generation() != used.linkGeneration()) {
            return TokenRefusal.staleLink();
        }
        if (!current.active()) {
            return TokenRefusal.refused();
        }
        Connection connection = connected(used.connectionId());
        AccessToken retry = fetchInTransaction(connection, used.keyScope(), used);
        return retry.issue().linkGeneration() == used.linkGeneration() ? TokenRefusal.retry(retry)
                : TokenRefusal.staleLink();
    }

    /** True when {@code used} came from an earlier key of the administration (or its key is gone). */
    public boolean staleLink(TokenIssue used) {
        return keys.find(used.connectionId(), used.keyScope()).map(k -> k.generation() != used.linkGeneration())
                .orElse(true);
    }

    private Connection connected(UUID connectionId) {
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        if (connection.status() != ConnectionStatus.CONNECTED) {
            throw ConnectorException.auth(connection.statusReason(),
                    "Connection " + connectionId + " is niet verbonden (" + connection.statusReason() + ")");
        }
        return connection;
    }

    private StoredConnectionKey usable(UUID connectionId, String externalId) {
        StoredConnectionKey key = keys.find(connectionId, externalId).orElseThrow(() -> ConnectorException.auth(
                StatusReason.CREDENTIALS_REVOKED, "Administration " + externalId + " of connection " + connectionId
                        + " has no connection key: enter one"));
        if (!key.active()) {
            throw ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED, "The connection key of administration "
                    + externalId + " of connection " + connectionId + " was refused: enter a new one");
        }
        return key;
    }

    private AccessToken fetchInTransaction(Connection connection, String externalId, TokenIssue refused) {
        try {
            return transaction.execute(tx -> fetchLocked(connection, externalId, refused));
        } catch (DataAccessException e) {
            if (!RowLockTimeout.causedBy(e)) {
                throw e;
            }
            throw ConnectorException.transientFailure("The token of administration " + externalId + " of connection "
                    + connection.id() + " is being fetched by another call that did not finish within "
                    + properties.lockTimeout().toMillis() + " ms; try again");
        }
    }

    /** Under the key row's lock: the token another thread or instance fetched meanwhile, else a new one. */
    private AccessToken fetchLocked(Connection connection, String externalId, TokenIssue refused) {
        UUID id = connection.id();
        StoredConnectionKey locked = keys.lock(id, externalId, properties.lockTimeout())
                .filter(StoredConnectionKey::active)
                .orElseThrow(() -> ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED, "Administration "
                        + externalId + " of connection " + id + " has no working connection key"));
        boolean refusedIsCurrent = refused != null && locked.generation() == refused.linkGeneration()
                && locked.obtainedAt() != null && locked.obtainedAt().equals(refused.obtainedAt());
        if (fresh(locked) && !refusedIsCurrent) {
            return new AccessToken(decryptToken(locked), issue(locked));
        }
        TokenGrant grant = connectors.exchangeKey(connection.systemType(),
                cipher.decrypt(locked.keyEncrypted(), id, externalId));
        keys.saveToken(id, externalId, cipher.encrypt(grant.accessToken(), id, token(externalId)),
                Instant.now().plus(grant.expiresIn()));
        log.info("Fetched a token with the connection key of administration {} of connection {} ({}); valid for {} s",
                externalId, id, connection.systemType(), grant.expiresIn().toSeconds());
        StoredConnectionKey saved = keys.find(id, externalId).orElseThrow();
        return new AccessToken(grant.accessToken(), issue(saved));
    }

    private String decryptToken(StoredConnectionKey key) {
        return cipher.decrypt(key.accessTokenEncrypted(), key.connectionId(), token(key.externalId()));
    }

    /** The token's part of the associated data: not the key's, so the two ciphertexts cannot be swapped. */
    private static String token(String externalId) {
        return "token/" + externalId;
    }

    private static TokenIssue issue(StoredConnectionKey key) {
        return new TokenIssue(key.connectionId(), key.generation(), key.obtainedAt(),
                key.accessTokenExpiresAt() == null ? Instant.EPOCH : key.accessTokenExpiresAt(), key.externalId());
    }

    private boolean fresh(StoredConnectionKey key) {
        return key.accessTokenEncrypted() != null && key.accessTokenExpiresAt() != null
                && key.accessTokenExpiresAt().isAfter(Instant.now().plus(properties.refreshBeforeExpiry()));
    }
}
