package nl.koppel.systems;

import java.util.Map;
import nl.koppel.connections.AccountingSystemUser;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Java's door to the connector contract routes ({@code direct:<type>-<operation>} in
 * {@code routes/systems/<type>.camel.yaml}). Inputs travel as exchange properties, never as headers, so that
 * no token can leak into an outgoing HTTP request by accident.
 */
@Component
public class ConnectorGateway {

    private final ProducerTemplate producer;
    private final AccountingSystemCatalog catalog;

    public ConnectorGateway(ProducerTemplate producer, AccountingSystemCatalog catalog) {
        this.producer = producer;
        this.catalog = catalog;
    }

    /**
     * @param codeChallenge the PKCE S256 challenge of the attempt; a connector whose system takes PKCE sends it,
     *                      the others leave it out (see docs/connector-contract.md)
     */
    public String authorizeUrl(String type, String state, String codeChallenge) {
        return call(type, "authorize-url", Map.of("state", state, "codeChallenge", codeChallenge), String.class);
    }

    /** @param codeVerifier the PKCE verifier of the attempt, for the connectors that sent its challenge */
    public TokenGrant exchangeCode(String type, String code, String codeVerifier) {
        return call(type, "exchange-code", Map.of("code", code, "codeVerifier", codeVerifier), TokenGrant.class);
    }

    public TokenGrant refresh(String type, String refreshToken) {
        return call(type, "refresh-token", Map.of("refreshToken", refreshToken), TokenGrant.class);
    }

    /**
     * A system linked by connection key: the key exchanged for an access token ({@code <type>-exchange-key}). A
     * refused key is AUTH.
     */
    public TokenGrant exchangeKey(String type, String connectionKey) {
        return call(type, "exchange-key", Map.of("connectionKey", connectionKey), TokenGrant.class);
    }

    /** The dossiers the token reaches ({@code <type>-list-dossiers}); for a connection key: the one it belongs to. */
    @SuppressWarnings("unchecked")
    public java.util.List<nl.koppel.dossiers.AccessibleDossier> listDossiers(String type, String accessToken,
                                                                            java.util.UUID connectionId) {
        return call(type, "list-dossiers", Map.of("accessToken", accessToken, "connectionId", connectionId,
                "systemType", type), java.util.List.class);
    }

    public AccountingSystemUser whoami(String type, String accessToken) {
        return call(type, "whoami", Map.of("accessToken", accessToken), AccountingSystemUser.class);
    }

    private <T> T call(String type, String operation, Map<String, Object> properties, Class<T> resultType) {
        Exchange result = producer.send("direct:" + type + "-" + operation,
                exchange -> properties.forEach(exchange::setProperty));
        if (result.getException() != null) {
            throw TransportFailures.classify(catalog.settings(type).displayName(), result.getException());
        }
        T body = result.getMessage().getBody(resultType);
        if (body == null) {
            throw ConnectorException.transientFailure("Connector route " + type + "-" + operation
                    + " returned no " + resultType.getSimpleName());
        }
        return body;
    }
}
