package nl.koppel.systems.twinfield;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.HttpReplies;
import nl.koppel.systems.TokenGrant;
import nl.koppel.systems.oauth2.OAuth2TokenReply;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * Reads the replies of Twinfield's login server (an IdentityServer: token endpoint, token validation) and decides
 * what a failed one means. SOAP replies of the API cluster are read by {@link TwinfieldSoap}.
 */
@Component("twinfieldReplies")
public class TwinfieldReplies {

    static final String SYSTEM = "Twinfield";

    private final ObjectMapper json;

    public TwinfieldReplies(ObjectMapper json) {
        this.json = json;
    }

    public TokenGrant codeExchanged(@Body OAuth2TokenReply reply, @Headers Map<String, Object> headers) {
        if (reply.granted()) {
            return reply.grant(SYSTEM, null, null);
        }
        if ("invalid_grant".equals(reply.error())) {
            throw new ConnectorException(FailureClass.REJECTED, null,
                    "Twinfield refused the authorization code: it was already used, has expired or is unknown");
        }
        throw tokenEndpointFailure(reply, headers);
    }

    /** Twinfield's refresh token lives for years and may come back unchanged, or not at all: then it is kept. */
    public TokenGrant refreshed(@Body OAuth2TokenReply reply, @Headers Map<String, Object> headers,
                                @ExchangeProperty("refreshToken") String refreshToken) {
        if (reply.granted()) {
            return reply.grant(SYSTEM, refreshToken, null);
        }
        if ("invalid_grant".equals(reply.error())) {
            if (reply.errorText().contains("expired")) {
                throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_EXPIRED,
                        "Twinfield's refresh token expired: the sync user must make the link again");
            }
            throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_INVALID,
                    "Twinfield refused the refresh token (revoked, or replaced by a newer link of the same user and"
                            + " organisation): the sync user must make the link again");
        }
        throw tokenEndpointFailure(reply, headers);
    }

    /**
     * whoami's answer from the token's claims (read by {@link TwinfieldSessions}): the user's id, and their user code
     * in the organisation as the name users see.
     */
    public AccountingSystemUser linkedUser(@ExchangeProperty(TwinfieldSessions.CLAIMS) JsonNode claims) {
        String id = claims.path("sub").asText(null);
        String userCode = claims.path("twf.organisationUserCode").asText(null);
        if (id == null || userCode == null) {
            throw ConnectorException.transientFailure("Twinfield's token validation has no sub or"
                    + " twf.organisationUserCode");
        }
        String organisation = claims.path("twf.organisationCode").asText(null);
        return new AccountingSystemUser(id, userCode, organisation == null ? null
                : userCode + " (" + organisation + ")");
    }

    JsonNode parse(String body, String what) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw ConnectorException.transientFailure("Twinfield sent an empty reply to " + what);
            }
            return node;
        } catch (IOException e) {
            throw new ConnectorException(FailureClass.TRANSIENT, "Twinfield sent a reply to " + what
                    + " that is not valid JSON", e);
        }
    }

    String errorCode(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            return node != null && node.isObject() ? node.path("error").asText(null) : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private ConnectorException tokenEndpointFailure(OAuth2TokenReply reply, Map<String, Object> headers) {
        if (reply.status() == 429) {
            return ConnectorException.rateLimited("Twinfield's login server asks to slow down",
                    HttpReplies.retryAfter(headers, Duration.ofSeconds(60)));
        }
        if ("invalid_client".equals(reply.error()) || "unauthorized_client".equals(reply.error())) {
            return new ConnectorException(FailureClass.REJECTED, null,
                    "Twinfield refused Koppel's client id or secret: check koppel.systems.twinfield");
        }
        return ConnectorException.transientFailure("Twinfield's token endpoint answered " + reply.status()
                + (reply.error() == null ? "" : " (" + HttpReplies.safe(reply.error()) + ")"));
    }
}
