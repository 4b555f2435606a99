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
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        if (connection.status() != ConnectionStatus.CONNECTED) {
            // Stop calling the API once the link is known to be broken: Exact blocks apps that keep failing.
            throw ConnectorException.auth(connection.statusReason(),
                    "Connection " + connectionId + " is niet verbonden (" + connection.statusReason() + ")");
        }
        StoredCredential current = credentials.find(connectionId)
                .orElseThrow(() -> ConnectorException.auth(StatusReason.NEVER_LINKED,
                        "Connection " + connectionId + " has no stored credentials"));
        if (fresh(current)) {
            return cipher.decrypt(current.accessTokenEncrypted(), connectionId);
        }
        return transaction.execute(tx -> refreshLocked(connection, null));
    }

    /**
     * The system refused {@code rejected} as an expired token would be refused, before the expiry Koppel was told:
     * a new access token, refreshed now whatever its recorded expiry (unless another thread or instance already
     * replaced the rejected one: then that one).
     *
     * @throws ConnectorException AUTH when the connection is not connected or the refresh is refused
     */
    public String renewRejected(UUID connectionId, String rejected) {
        Connection connection = connections.find(connectionId)
                .orElseThrow(() -> new IllegalArgumentException("no connection " + connectionId));
        if (connection.status() != ConnectionStatus.CONNECTED) {
            throw ConnectorException.auth(connection.statusReason(),
                    "Connection " + connectionId + " is niet verbonden (" + connection.statusReason() + ")");
        }
        return transaction.execute(tx -> refreshLocked(connection, rejected));
    }

    /** @param rejected null: refresh when the stored token is near its expiry; else when it is still this one */
    private String refreshLocked(Connection connection, String rejected) {
        UUID id = connection.id();
        StoredCredential locked = credentials.lock(id)
                .orElseThrow(() -> ConnectorException.auth(StatusReason.NEVER_LINKED,
                        "Connection " + id + " has no stored credentials"));
        String stored = cipher.decrypt(locked.accessTokenEncrypted(), id);
        if (rejected == null ? fresh(locked) : !stored.equals(rejected)) {
            return stored; // another thread or instance refreshed it
        }
        TokenGrant grant = connectors.refresh(connection.systemType(), cipher.decrypt(locked.refreshTokenEncrypted(), id));
        credentials.save(id, cipher.encrypt(grant.accessToken(), id), cipher.encrypt(grant.refreshToken(), id),
                Instant.now().plus(grant.expiresIn()), true);
        log.info("Refreshed the access token of connection {} ({}); valid for {} s", id, connection.systemType(),
                grant.expiresIn().toSeconds());
        return grant.accessToken();
    }

    private boolean fresh(StoredCredential credential) {
        return credential.accessTokenExpiresAt().isAfter(Instant.now().plus(properties.refreshBeforeExpiry()));
    }
}
