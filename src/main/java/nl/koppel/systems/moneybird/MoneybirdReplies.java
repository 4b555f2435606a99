package nl.koppel.systems.moneybird;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ApiCalls;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ApiRequest;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.HttpReplies;
import nl.koppel.systems.TokenGrant;
import nl.koppel.systems.oauth2.OAuth2TokenReply;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * Reads Moneybird's replies and decides, in this one place, what a failed one means (see {@link FailureClass}).
 * Moneybird's OAuth server is Doorkeeper: token errors are {@code {"error": "invalid_grant", ...}}, a bad
 * bearer token is a 401 whose {@code WWW-Authenticate} says whether it was revoked or expired.
 */
@Component("moneybirdReplies")
public class MoneybirdReplies {

    static final String SYSTEM = "Moneybird";
    /** Property: the administration whose users list names the linked user (null: the user has none). */
    static final String ADMINISTRATION = "moneybirdAdministration";
    /**
     * Sources disagree whether Moneybird's access tokens expire (never, or after an hour). A reply without
     * {@code expires_in} but with a refresh token is refreshed after this long anyway: harmless if the token would
     * have lived for ever, and it saves the link if it would not.
     */
    static final Duration ASSUMED_LIFETIME = Duration.ofHours(1);
    /** A reply without {@code expires_in} and without a refresh token: nothing to refresh with, so kept "for ever". */
    static final Duration NEVER_EXPIRES = Duration.ofDays(3650);

    private final ObjectMapper json;

    public MoneybirdReplies(ObjectMapper json) {
        this.json = json;
    }

    public TokenGrant codeExchanged(@Body OAuth2TokenReply reply, @Headers Map<String, Object> headers) {
        if (reply.granted()) {
            return grant(reply, "");
        }
        if ("invalid_grant".equals(reply.error())) {
            throw new ConnectorException(FailureClass.REJECTED, null,
                    "Moneybird refused the authorization code: it was already used, has expired or is unknown");
        }
        throw tokenEndpointFailure(reply, headers);
    }

    /** A reply without a new refresh token keeps the old one (Doorkeeper may or may not rotate). */
    public TokenGrant refreshed(@Body OAuth2TokenReply reply, @Headers Map<String, Object> headers,
                                @ExchangeProperty("refreshToken") String refreshToken) {
        if (reply.granted()) {
            return grant(reply, refreshToken == null ? "" : refreshToken);
        }
        if ("invalid_grant".equals(reply.error())) {
            String text = (reply.errorDescription() == null ? "" : reply.errorDescription()).toLowerCase();
            if (text.contains("revoked")) {
                throw ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED,
                        "The grant was revoked in Moneybird: the sync user must make the link again");
            }
            if (text.contains("expired")) {
                throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_EXPIRED,
                        "Moneybird's refresh token expired: the sync user must make the link again");
            }
            throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_INVALID,
                    "Moneybird refused the refresh token (" + HttpReplies.safe(reply.errorDescription()) + ")");
        }
        throw tokenEndpointFailure(reply, headers);
    }

    /**
     * Without {@code expires_in}: {@link #ASSUMED_LIFETIME} when there is a refresh token to refresh with,
     * else {@link #NEVER_EXPIRES}.
     */
    private static TokenGrant grant(OAuth2TokenReply reply, String keepRefreshToken) {
        boolean refreshable = reply.refreshToken() != null || !keepRefreshToken.isEmpty();
        return reply.grant(SYSTEM, keepRefreshToken, refreshable ? ASSUMED_LIFETIME : NEVER_EXPIRES);
    }

    /**
     * whoami, step 1: the administrations (a 401 here is AUTH); the request for the first one's users list, which
     * names the user, or null when the token reaches no administration.
     */
    public ApiRequest firstAdministration(@Body ApiReply reply, Exchange exchange) {
        JsonNode administrations = parse(reply.text());
        if (!administrations.isArray()) {
            throw ConnectorException.transientFailure("Moneybird's administrations reply is not a list");
        }
        String first = administrations.isEmpty() ? null : administrations.get(0).path("id").asText(null);
        exchange.setProperty(ADMINISTRATION, first);
        // 403 and 404 come back to linkedUser: a user who may not list users is still linked
        return first == null ? null : ApiRequest.get("/api/v2/" + first + "/users.json?include_accountants=true",
                "users").handling(403, 404);
    }

    /**
     * whoami, step 2: the linked user from the first administration's users list (with accountants). Moneybird
     * documents no "who am I": the linked user is taken to be the accountant in the list (a sync user usually is
     * one), else the only user; with several, the one with the lowest id (an assumption, docs/connector-contract.md).
     * A user who may not list users (403, 404) is still linked, named by the administration.
     */
    public AccountingSystemUser linkedUser(@Body ApiReply reply,
                                           @ExchangeProperty(ADMINISTRATION) String administration) {
        if (reply.status() == 403 || reply.status() == 404) {
            return byAdministration(administration);
        }
        if (!reply.ok()) {
            throw apiFailure(reply.status(), reply.text(), reply.headers(), "users", true);
        }
        JsonNode chosen = null;
        for (JsonNode user : parse(reply.text())) {
            boolean accountant = "accountant".equals(user.path("user_type").asText());
            boolean chosenAccountant = chosen != null && "accountant".equals(chosen.path("user_type").asText());
            if (chosen == null || accountant && !chosenAccountant || accountant == chosenAccountant
                    && user.path("id").asText().compareTo(chosen.path("id").asText()) < 0) {
                chosen = user;
            }
        }
        if (chosen == null || chosen.path("id").asText("").isBlank()) {
            return byAdministration(administration);
        }
        String id = chosen.path("id").asText();
        String email = chosen.path("email").asText(null);
        return new AccountingSystemUser(id, email != null ? email : "Moneybird user " + id,
                chosen.path("name").asText(null));
    }

    /** whoami for a token that reaches no administration: linked, but nobody to name. */
    public AccountingSystemUser withoutAdministrations() {
        return new AccountingSystemUser("moneybird-without-administrations", "Moneybird user without administrations",
                null);
    }

    private static AccountingSystemUser byAdministration(String administration) {
        return new AccountingSystemUser("administration:" + administration,
                "Moneybird user of administration " + administration, null);
    }

    /**
     * The api-call template's failure mapping: a failed reply, classified and thrown. 402, 403 and 404 mean no access
     * to the administration when the path names one ({@code /api/v2/<administration>/...}).
     */
    public void callFailed(@ExchangeProperty(ApiCalls.REQUEST) ApiRequest request, @Body ApiReply reply) {
        throw apiFailure(reply.status(), reply.text(), reply.headers(), request.what(),
                !request.url().contains("/api/v2/administrations.json"));
    }

    /**
     * Classifies a failed REST call.
     *
     * @param administrationScoped the path names an administration: 403 and 404 then mean no access to it
     */
    public ConnectorException apiFailure(Integer status, String body, Map<String, Object> headers, String what,
                                         boolean administrationScoped) {
        int code = status == null ? 0 : status;
        if (code == 401) {
            String challenge = (HttpReplies.header(headers, "WWW-Authenticate") + " " + body).toLowerCase();
            if (challenge.contains("expired")) {
                // Koppel refreshes before expiry; a token that expired on the way is fine at the next call
                return ConnectorException.transientFailure("Moneybird's access token expired during " + what);
            }
            return ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED,
                    "Moneybird answered 401 to " + what + ": the grant is no longer valid");
        }
        if (code == 429) {
            return ConnectorException.rateLimited("Moneybird's limit of 150 requests per 5 minutes reached (" + what
                    + ")", HttpReplies.retryAfter(headers, Duration.ofSeconds(60)));
        }
        if (administrationScoped && (code == 402 || code == 403 || code == 404)) {
            return new ConnectorException(FailureClass.ACCESS, null, "Moneybird answered " + code + " to " + what
                    + ": the linked user cannot reach this administration (" + errorText(body) + ")");
        }
        return ConnectorException.transientFailure("Moneybird answered " + code + " to " + what);
    }

    JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw ConnectorException.transientFailure("Moneybird sent an empty reply");
            }
            return node;
        } catch (IOException e) {
            throw new ConnectorException(FailureClass.TRANSIENT,
                    "Moneybird sent a reply that is not valid JSON (cut off or garbage); nothing of it is stored", e);
        }
    }

    private ConnectorException tokenEndpointFailure(OAuth2TokenReply reply, Map<String, Object> headers) {
        if (reply.status() == 429) {
            return ConnectorException.rateLimited("Moneybird's token endpoint limit reached",
                    HttpReplies.retryAfter(headers, Duration.ofSeconds(60)));
        }
        if ("invalid_client".equals(reply.error()) || "unauthorized_client".equals(reply.error())) {
            return new ConnectorException(FailureClass.REJECTED, null,
                    "Moneybird refused Koppel's client id or secret: check koppel.systems.moneybird");
        }
        return ConnectorException.transientFailure("Moneybird's token endpoint answered " + reply.status()
                + (reply.error() == null ? "" : " (" + HttpReplies.safe(reply.error()) + ")"));
    }

    private String errorText(String body) {
        try {
            JsonNode error = json.readTree(body == null ? "" : body).path("error");
            return HttpReplies.safe(error.isTextual() ? error.asText() : error.toString());
        } catch (IOException | RuntimeException e) {
            return "no details";
        }
    }
}
