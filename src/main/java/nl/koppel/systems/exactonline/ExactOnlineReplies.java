package nl.koppel.systems.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
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

    public TokenGrant codeExchanged(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
        if (status != null && status == 200) {
            return tokenGrant(body);
        }
        TokenError error = tokenError(body);
        if (status != null && status == 400 && "invalid_grant".equals(error.code())) {
            throw new ConnectorException(FailureClass.REJECTED, null,
                    "Exact Online refused the authorization code: it was already used, has expired or is unknown");
        }
        throw tokenEndpointFailure(status, error);
    }

    public TokenGrant refreshed(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
        if (status != null && status == 200) {
            return tokenGrant(body);
        }
        TokenError error = tokenError(body);
        String text = (error.code() + " " + error.description() + " " + (body == null ? "" : body)).toLowerCase();
        if (status != null && status == 401 && text.contains("old refresh token")) {
            return authFailure(StatusReason.REFRESH_TOKEN_INVALID,
                    "Exact Online refused an old refresh token: the sync user must make the link again");
        }
        if (text.contains("refresh token expired") || text.contains("token expired at")) {
            return authFailure(StatusReason.REFRESH_TOKEN_EXPIRED,
                    "The refresh token expired unused: the sync user must make the link again");
        }
        if ("invalid_grant".equals(error.code())) {
            if (text.contains("revoked")) {
                return authFailure(StatusReason.CREDENTIALS_REVOKED, "The grant was revoked in Exact Online");
            }
            if (text.contains("disabled") || text.contains("blocked")) {
                return authFailure(StatusReason.USER_DISABLED, "The Exact Online user is disabled");
            }
            return authFailure(StatusReason.REFRESH_TOKEN_INVALID,
                    "Exact Online refused the refresh token (" + safe(error.description()) + ")");
        }
        if (status != null && status == 401) {
            return authFailure(StatusReason.CREDENTIALS_REVOKED, "Exact Online refused the refresh (401)");
        }
        throw tokenEndpointFailure(status, error);
    }

    public AccountingSystemUser currentUser(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                            @Body String body) {
        if (status == null || status != 200) {
            throw apiFailure(status, body, "current/Me");
        }
        JsonNode me = json(body, "current/Me").path("d").path("results").path(0);
        String userId = me.path("UserID").asText(null);
        String userName = me.path("UserName").asText(null);
        if (userId == null || userName == null) {
            throw ConnectorException.transientFailure("Exact Online's current/Me reply has no UserID or UserName");
        }
        return new AccountingSystemUser(userId, userName, me.path("FullName").asText(null));
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

    private ConnectorException tokenEndpointFailure(Integer status, TokenError error) {
        int code = status == null ? 0 : status;
        if (code == 429) {
            return new ConnectorException(FailureClass.RATE_LIMIT, null, "Exact Online's token endpoint limit reached");
        }
        if ("invalid_client".equals(error.code())) {
            return new ConnectorException(FailureClass.REJECTED, null,
                    "Exact Online refused Koppel's client id or secret: check koppel.systems.exact-online");
        }
        if (error.description() != null && error.description().contains("not expired")) {
            return ConnectorException.transientFailure("Exact Online refused an early token refresh");
        }
        return ConnectorException.transientFailure("Exact Online's token endpoint answered " + code
                + (error.code() == null ? "" : " (" + safe(error.code()) + ")"));
    }

    private TokenGrant tokenGrant(String body) {
        JsonNode reply = json(body, "the token request");
        String access = reply.path("access_token").asText(null);
        String refresh = reply.path("refresh_token").asText(null);
        // Exact sends expires_in as a string; accept a number too
        String expiresIn = reply.path("expires_in").asText(null);
        if (access == null || refresh == null || expiresIn == null || !expiresIn.matches("\\d+")) {
            throw ConnectorException.transientFailure("Exact Online's token reply is incomplete");
        }
        return new TokenGrant(access, refresh, Duration.ofSeconds(Long.parseLong(expiresIn)));
    }

    private record TokenError(String code, String description) {
    }

    private TokenError tokenError(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node != null && node.isObject()) {
                return new TokenError(node.path("error").asText(null), node.path("error_description").asText(null));
            }
        } catch (IOException notJson) {
            // Exact answers some token errors in plain text ("Old refresh token used.")
        }
        return new TokenError(null, body);
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
