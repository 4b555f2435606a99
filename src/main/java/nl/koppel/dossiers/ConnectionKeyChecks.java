package nl.koppel.dossiers;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.koppel.connections.StatusReason;
import nl.koppel.credentials.AccessToken;
import nl.koppel.credentials.ConnectionKeyStore;
import nl.koppel.credentials.StoredConnectionKey;
import nl.koppel.credentials.TokenRefusal;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.ConnectorGateway;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The link check and discovery of a system linked by connection key ({@code routes/link-check.camel.yaml},
 * {@code routes/discovery.camel.yaml}, when the connection's link method is CONNECTION_KEY): every working key is
 * asked which administration it reaches ({@code <type>-list-dossiers} with that key's token). A key the system
 * refuses, or that now reaches another administration, fails its dossier only ({@link ConnectionKeyRejections}).
 * The result is what the working keys reach; when any key's answer could not be had (trouble that passes) the whole
 * check fails TRANSIENT, so discovery never takes a silent key for a lost dossier. With no working key left the
 * check fails AUTH ({@link StatusReason#CONNECTION_KEYS_REJECTED}): the connection is niet verbonden.
 */
@Component("connectionKeyChecks")
public class ConnectionKeyChecks {

    private static final Logger log = LoggerFactory.getLogger(ConnectionKeyChecks.class);

    private final ConnectionKeyStore keys;
    private final ConnectorGateway connectors;
    private final ConnectionKeyRejections rejections;

    public ConnectionKeyChecks(ConnectionKeyStore keys, ConnectorGateway connectors,
                               ConnectionKeyRejections rejections) {
        this.keys = keys;
        this.connectors = connectors;
        this.rejections = rejections;
    }

    public List<AccessibleDossier> checkAll(@ExchangeProperty("connectionId") UUID connectionId,
                                            @ExchangeProperty("systemType") String systemType) {
        List<AccessibleDossier> reached = new ArrayList<>();
        ConnectorException trouble = null;
        for (StoredConnectionKey key : keys.keysOf(connectionId)) {
            if (!key.active()) {
                continue;
            }
            try {
                AccessibleDossier dossier = check(connectionId, systemType, key);
                if (dossier != null) {
                    reached.add(dossier);
                }
            } catch (RuntimeException e) {
                ConnectorException failure = TransportFailures.classify("the accounting system", e);
                if (failure.getFailureClass() == FailureClass.AUTH) {
                    rejections.rejected(connectionId, key.externalId(), key.generation(),
                            DossierStatusReason.CONNECTION_KEY_REJECTED, failure.getMessage());
                } else {
                    log.info("Connection {}: the key of administration {} could not be checked now ({}): {}",
                            connectionId, key.externalId(), failure.getFailureClass(), failure.getMessage());
                    trouble = trouble == null ? failure : trouble;
                }
            }
        }
        if (!keys.hasWorkingKey(connectionId)) {
            throw ConnectorException.auth(StatusReason.CONNECTION_KEYS_REJECTED,
                    "Connection " + connectionId + " has no working connection key left");
        }
        if (trouble != null) {
            throw trouble;
        }
        return reached;
    }

    /** The administration the key reaches; null (and the key rejected) when it is another one than entered for. */
    private AccessibleDossier check(UUID connectionId, String systemType, StoredConnectionKey key) {
        AccessToken token = keys.issue(connectionId, key.externalId());
        List<AccessibleDossier> listed;
        try {
            listed = connectors.listDossiers(systemType, token.value(), connectionId);
        } catch (ConnectorException e) {
            if (e.getFailureClass() != FailureClass.AUTH) {
                throw e;
            }
            // the token may have been replaced or expired meanwhile: one more try with a token fetched with the key
            TokenRefusal refusal = keys.refused(token.issue());
            if (refusal.verdict() != TokenRefusal.Verdict.RETRY) {
                if (refusal.verdict() == TokenRefusal.Verdict.STALE_LINK) {
                    return null; // a new key was entered meanwhile: the next check asks with it
                }
                throw e;
            }
            listed = connectors.listDossiers(systemType, refusal.retryWith().value(), connectionId);
        }
        AccessibleDossier reached = listed.stream().filter(d -> key.externalId().equals(d.externalId())).findFirst()
                .orElse(null);
        if (reached == null) {
            String other = listed.isEmpty() ? "none" : listed.get(0).externalId();
            rejections.rejected(connectionId, key.externalId(), key.generation(),
                    DossierStatusReason.CONNECTION_KEY_OTHER_ADMINISTRATION,
                    "the key now reaches administration " + other);
        }
        return reached;
    }
}
