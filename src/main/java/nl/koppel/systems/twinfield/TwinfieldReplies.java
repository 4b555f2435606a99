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
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
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

    public TokenGrant codeExchanged(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                                    @Headers Map<String, Object> headers) {
        if (status != null && status == 200) {
            return tokenGrant(body, null);
        }
        String error = errorCode(body);
        if ("invalid_grant".equals(error)) {
            throw new ConnectorException(FailureClass.REJECTED, null,
                    "Twinfield refused the authorization code: it was already used, has expired or is unknown");
        }
        throw tokenEndpointFailure(status, error, headers);
    }

    /** Twinfield's refresh token lives for years and may come back unchanged, or not at all: then it is kept. */
    public TokenGrant refreshed(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                                @Headers Map<String, Object> headers,
                                @ExchangeProperty("refreshToken") String refreshToken) {
        if (status != null && status == 200) {
            return tokenGrant(body, refreshToken);
        }
        String error = errorCode(body);
        if ("invalid_grant".equals(error)) {
            String text = body == null ? "" : body.toLowerCase();
            if (text.contains("expired")) {
                throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_EXPIRED,
                        "Twinfield's refresh token expired: the sync user must make the link again");
            }
            throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_INVALID,
                    "Twinfield refused the refresh token (revoked, or replaced by a newer link of the same user and"
                            + " organisation): the sync user must make the link again");
        }
        throw tokenEndpointFailure(status, error, headers);
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

    private TokenGrant tokenGrant(String body, String keepRefreshToken) {
        JsonNode reply = parse(body, "the token request");
        String access = reply.path("access_token").asText(null);
        String refresh = reply.path("refresh_token").asText(null);
        if (refresh == null || refresh.isBlank()) {
            refresh = keepRefreshToken;
        }
        JsonNode expiresIn = reply.path("expires_in");
        if (access == null || refresh == null || !(expiresIn.canConvertToLong() || expiresIn.asText().matches("\\d+"))) {
            throw ConnectorException.transientFailure("Twinfield's token reply is incomplete");
        }
        return new TokenGrant(access, refresh, Duration.ofSeconds(expiresIn.asLong()));
    }

    private ConnectorException tokenEndpointFailure(Integer status, String error, Map<String, Object> headers) {
        int code = status == null ? 0 : status;
        if (code == 429) {
            return ConnectorException.rateLimited("Twinfield's login server asks to slow down",
                    HttpReplies.retryAfter(headers, Duration.ofSeconds(60)));
        }
        if ("invalid_client".equals(error) || "unauthorized_client".equals(error)) {
            return new ConnectorException(FailureClass.REJECTED, null,
                    "Twinfield refused Koppel's client id or secret: check koppel.systems.twinfield");
        }
        return ConnectorException.transientFailure("Twinfield's token endpoint answered " + code
                + (error == null ? "" : " (" + HttpReplies.safe(error) + ")"));
    }
}
