package nl.koppel.systems.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ApiCalls;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ApiRequest;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import nl.koppel.systems.oauth2.OAuth2TokenReply;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Reads Exact Online's replies and decides, in this one place, what a failed one means (see
 * {@link FailureClass}). Error texts from Exact are matched on the fragments its API documents.
 */
@Component("exactOnlineReplies")
public class ExactOnlineReplies {

    private static final String SYSTEM = "Exact Online";

    private final ObjectMapper json;

    public ExactOnlineReplies(ObjectMapper json) {
        this.json = json;
    }

    public TokenGrant codeExchanged(@Body OAuth2TokenReply reply) {
        if (reply.granted()) {
            return reply.grant(SYSTEM, null, null);
        }
        if (reply.status() == 400 && "invalid_grant".equals(reply.error())) {
            throw new ConnectorException(FailureClass.REJECTED, null,
                    "Exact Online refused the authorization code: it was already used, has expired or is unknown");
        }
        throw tokenEndpointFailure(reply);
    }

    public TokenGrant refreshed(@Body OAuth2TokenReply reply) {
        if (reply.granted()) {
            return reply.grant(SYSTEM, null, null);
        }
        // Exact answers some refusals in plain text ("Old refresh token used."): match on every text there is
        String text = reply.errorText();
        if (reply.status() == 401 && text.contains("old refresh token")) {
            return authFailure(StatusReason.REFRESH_TOKEN_INVALID,
                    "Exact Online refused an old refresh token: the sync user must make the link again");
        }
        if (text.contains("refresh token expired") || text.contains("token expired at")) {
            return authFailure(StatusReason.REFRESH_TOKEN_EXPIRED,
                    "The refresh token expired unused: the sync user must make the link again");
        }
        if ("invalid_grant".equals(reply.error())) {
            if (text.contains("revoked")) {
                return authFailure(StatusReason.CREDENTIALS_REVOKED, "The grant was revoked in Exact Online");
            }
            if (text.contains("disabled") || text.contains("blocked")) {
                return authFailure(StatusReason.USER_DISABLED, "The Exact Online user is disabled");
            }
            return authFailure(StatusReason.REFRESH_TOKEN_INVALID,
                    "Exact Online refused the refresh token (" + safe(reply.errorDescription()) + ")");
        }
        if (reply.status() == 401) {
            return authFailure(StatusReason.CREDENTIALS_REVOKED, "Exact Online refused the refresh (401)");
        }
        throw tokenEndpointFailure(reply);
    }

    public AccountingSystemUser currentUser(@Body ApiReply reply) {
        JsonNode me = json(reply.body(), "current/Me").path("d").path("results").path(0);
        String userId = me.path("UserID").asText(null);
        String userName = me.path("UserName").asText(null);
        if (userId == null || userName == null) {
            throw ConnectorException.transientFailure("Exact Online's current/Me reply has no UserID or UserName");
        }
        return new AccountingSystemUser(userId, userName, me.path("FullName").asText(null));
    }

    /** The api-call template's failure mapping: a failed reply, classified and thrown. */
    public void callFailed(@ExchangeProperty(ApiCalls.REQUEST) ApiRequest request, @Body ApiReply reply) {
        throw apiFailure(reply.status(), reply.text(), request.what(), reply.headers());
    }

    /** Classifies a non-200 reply of a REST API call (not the token endpoint). */
    public ConnectorException apiFailure(Integer status, String body, String what) {
        int code = status == null ? 0 : status;
        if (code == 401) {
            return ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED,
                    "Exact Online answered 401 to " + what + ": the grant is no longer valid");
        }
        if (code == 403) {
            return new ConnectorException(FailureClass.ACCESS, null,
                    "Exact Online answered 403 to " + what + ": " + odataMessage(body));
        }
        if (code == 429) {
            return new ConnectorException(FailureClass.RATE_LIMIT, null, "Exact Online rate limit reached (" + what + ")");
        }
        return ConnectorException.transientFailure("Exact Online answered " + code + " to " + what);
    }

    private TokenGrant authFailure(StatusReason reason, String message) {
        throw ConnectorException.auth(reason, message);
    }

    private ConnectorException tokenEndpointFailure(OAuth2TokenReply reply) {
        if (reply.status() == 429) {
            return new ConnectorException(FailureClass.RATE_LIMIT, null, "Exact Online's token endpoint limit reached");
        }
        if ("invalid_client".equals(reply.error())) {
            return new ConnectorException(FailureClass.REJECTED, null,
                    "Exact Online refused Koppel's client id or secret: check koppel.systems.exact-online");
        }
        String description = reply.errorDescription() != null ? reply.errorDescription() : reply.text();
        if (description != null && description.contains("not expired")) {
            return ConnectorException.transientFailure("Exact Online refused an early token refresh");
        }
        return ConnectorException.transientFailure("Exact Online's token endpoint answered " + reply.status()
                + (reply.error() == null ? "" : " (" + safe(reply.error()) + ")"));
    }

    /**
     * A reply body as JSON. Empty, garbage or cut-off replies (Exact's front end answers 200 with HTML when its
     * back end is down; a connection can close mid-page) are TRANSIENT, and nothing of them is kept.
     */
    public JsonNode json(String body, String what) {
        return json(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), what);
    }

    /** As {@link #json(String, String)}, straight from the reply's bytes (the master-data pages: no text copy). */
    public JsonNode json(byte[] body, String what) {
        try {
            JsonNode node = json.readTree(body == null ? new byte[0] : body);
            if (node == null || node.isMissingNode()) {
                throw ConnectorException.transientFailure("Exact Online sent an empty reply to " + what);
            }
            return node;
        } catch (IOException e) {
            throw new ConnectorException(FailureClass.TRANSIENT, "Exact Online sent a reply to " + what
                    + " that is not valid JSON (cut off or garbage); nothing of it is stored", e);
        }
    }

    /** The {@code d} object of an OData list reply, which must hold a {@code results} array (else TRANSIENT). */
    public JsonNode results(byte[] body, String what) {
        JsonNode d = json(body, what).path("d");
        if (!d.path("results").isArray()) {
            throw ConnectorException.transientFailure("Exact Online's " + what + " reply has no results");
        }
        return d;
    }

    public JsonNode results(String body, String what) {
        return results(body == null ? null : body.getBytes(StandardCharsets.UTF_8), what);
    }

    /** Classifies a non-200 reply of a REST API call, with the reset time of a 429 from its headers. */
    public ConnectorException apiFailure(Integer status, String body, String what, Map<String, Object> headers) {
        ConnectorException classified = apiFailure(status, body, what);
        if (classified.getFailureClass() == FailureClass.RATE_LIMIT) {
            return ConnectorException.rateLimited(classified.getMessage(), ExactOnlineRateLimits.retryAfter429(headers));
        }
        return classified;
    }

    private String odataMessage(String body) {
        try {
            return safe(json.readTree(body).path("error").path("message").path("value").asText("forbidden"));
        } catch (IOException | RuntimeException e) {
            return "forbidden";
        }
    }

    /** Keeps vendor text short and single-line before it goes into a message. */
    private static String safe(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }
}
