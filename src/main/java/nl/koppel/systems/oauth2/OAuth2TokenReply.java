package nl.koppel.systems.oauth2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;

/**
 * A token endpoint's reply (RFC 6749 5.1 and 5.2), read once for every connector: what each system's replies bean
 * classifies. Fields the reply lacks are null; blank values and the text {@code "null"} count as absent.
 * {@link #toString()} hides the tokens.
 *
 * @param status           the HTTP status (0 when unknown)
 * @param json             whether the body was a JSON object (a proxy's HTML page or plain text is not)
 * @param accessToken      {@code access_token}
 * @param refreshToken     {@code refresh_token}
 * @param expiresIn        {@code expires_in} as sent, a number or a string (Exact Online sends a string)
 * @param error            {@code error}, e.g. {@code invalid_grant}
 * @param errorDescription {@code error_description}
 * @param text             the body when it was not JSON (some servers answer errors in plain text), else null
 */
public record OAuth2TokenReply(int status, boolean json, String accessToken, String refreshToken, String expiresIn,
                               String error, String errorDescription, String text) {

    public static OAuth2TokenReply parse(Integer status, String body, ObjectMapper mapper) {
        int code = status == null ? 0 : status;
        JsonNode node;
        try {
            node = mapper.readTree(body == null ? "" : body);
        } catch (IOException notJson) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            return new OAuth2TokenReply(code, false, null, null, null, null, null, body);
        }
        return new OAuth2TokenReply(code, true, field(node, "access_token"), field(node, "refresh_token"),
                field(node, "expires_in"), field(node, "error"), field(node, "error_description"), null);
    }

    private static String field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() || "null".equals(text) ? null : text;
    }

    /** A 200 reply: the token request was granted (the grant may still be incomplete, see {@link #grant}). */
    public boolean granted() {
        return status == 200;
    }

    /** {@code expires_in} as a lifetime; null when absent. An unreadable value is TRANSIENT. */
    public Duration lifetime(String system) {
        if (expiresIn == null) {
            return null;
        }
        if (!expiresIn.matches("\\d{1,12}")) {
            throw ConnectorException.transientFailure(system + "'s token reply has an unreadable expires_in");
        }
        return Duration.ofSeconds(Long.parseLong(expiresIn));
    }

    /**
     * The grant of a 200 reply. TRANSIENT when the body was not JSON or lacks what it must hold.
     *
     * @param keepRefreshToken the refresh token to keep when the reply brings none: null when a refresh token is
     *                         required, {@code ""} when a grant without one is fine
     * @param lifetimeIfAbsent the lifetime to assume when {@code expires_in} is absent; null when it is required
     */
    public TokenGrant grant(String system, String keepRefreshToken, Duration lifetimeIfAbsent) {
        if (!json) {
            throw new ConnectorException(FailureClass.TRANSIENT, null, system
                    + " sent a token reply that is not valid JSON (cut off or garbage); nothing of it is stored");
        }
        if (accessToken == null) {
            throw ConnectorException.transientFailure(system + "'s token reply has no access_token");
        }
        String refresh = refreshToken != null ? refreshToken : keepRefreshToken;
        if (refresh == null) {
            throw ConnectorException.transientFailure(system + "'s token reply has no refresh_token");
        }
        Duration lifetime = lifetime(system);
        if (lifetime == null) {
            lifetime = lifetimeIfAbsent;
        }
        if (lifetime == null) {
            throw ConnectorException.transientFailure(system + "'s token reply has no expires_in");
        }
        return new TokenGrant(accessToken, refresh, lifetime);
    }

    /** The error text to match on: error, description and a plain-text body, lower case (never shown). */
    public String errorText() {
        return ((error == null ? "" : error) + " " + (errorDescription == null ? "" : errorDescription) + " "
                + (text == null ? "" : text)).toLowerCase();
    }

    @Override
    public String toString() {
        return "OAuth2TokenReply[status=" + status + ", json=" + json + ", error=" + error + ", expiresIn=" + expiresIn
                + ", tokens hidden]";
    }
}
