package nl.koppel.systems.moneybird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import nl.koppel.systems.oauth2.OAuth2TokenReply;
import org.junit.jupiter.api.Test;

/** Moneybird's replies, read without a server: token lifetimes either way, and what a failure means. */
class MoneybirdRepliesTest {

    private final MoneybirdReplies replies = new MoneybirdReplies(new ObjectMapper());

    private static OAuth2TokenReply token(int status, String body) {
        return OAuth2TokenReply.parse(status, body, new ObjectMapper());
    }

    private static ApiReply reply(int status, String body) {
        return new ApiReply(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void accessTokensWithAndWithoutExpiresIn() {
        TokenGrant expiring = replies.codeExchanged(token(200, "{\"access_token\":\"a\",\"refresh_token\":\"r\","
                + "\"expires_in\":3600}"), Map.of());
        assertThat(expiring.expiresIn()).isEqualTo(Duration.ofHours(1));
        // no expires_in but a refresh token: refreshed after an hour anyway (sources disagree on expiry)
        TokenGrant unknown = replies.codeExchanged(token(200, "{\"access_token\":\"a\",\"refresh_token\":\"r\"}"),
                Map.of());
        assertThat(unknown.expiresIn()).isEqualTo(MoneybirdReplies.ASSUMED_LIFETIME);
        // no expires_in and nothing to refresh with: kept until Moneybird says otherwise (a 401)
        TokenGrant forever = replies.codeExchanged(token(200, "{\"access_token\":\"a\",\"expires_in\":null}"),
                Map.of());
        assertThat(forever.expiresIn()).isEqualTo(MoneybirdReplies.NEVER_EXPIRES);
        assertThat(forever.refreshToken()).isEmpty();
        // a refresh that brings no new refresh token keeps the old one
        assertThat(replies.refreshed(token(200, "{\"access_token\":\"b\",\"expires_in\":\"7200\"}"), Map.of(), "old")
                .refreshToken()).isEqualTo("old");
        // and without expires_in it is refreshed after the assumed lifetime
        assertThat(replies.refreshed(token(200, "{\"access_token\":\"b\"}"), Map.of(), "old").expiresIn())
                .isEqualTo(MoneybirdReplies.ASSUMED_LIFETIME);
    }

    @Test
    void failuresAreClassified() {
        ConnectorException revoked = catchThrowableOfType(ConnectorException.class, () -> replies.refreshed(token(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"" + "The provided authorization grant is invalid,"
                        + " expired, revoked, does not match\"}"), Map.of(), "r"));
        assertThat(revoked.getFailureClass()).isEqualTo(FailureClass.AUTH);
        assertThat(revoked.getReason()).isEqualTo(StatusReason.CREDENTIALS_REVOKED);
        ConnectorException usedCode = catchThrowableOfType(ConnectorException.class, () -> replies.codeExchanged(
                token(400, "{\"error\":\"invalid_grant\"}"), Map.of()));
        assertThat(usedCode.getFailureClass()).isEqualTo(FailureClass.REJECTED);
        assertThat(catchThrowableOfType(ConnectorException.class, () -> replies.codeExchanged(token(401,
                "{\"error\":\"invalid_client\"}"), Map.of())).getFailureClass()).isEqualTo(FailureClass.REJECTED);
        ConnectorException tokenLimit = catchThrowableOfType(ConnectorException.class, () -> replies.codeExchanged(
                token(429, "<html>slow down</html>"), Map.of("Retry-After", "30")));
        assertThat(tokenLimit.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);

        assertThat(replies.apiFailure(401, "{}", Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\","
                + " error_description=\"The access token was revoked\""), "contacts", true).getReason())
                .isEqualTo(StatusReason.CREDENTIALS_REVOKED);
        assertThat(replies.apiFailure(401, "{}", Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\","
                + " error_description=\"The access token expired\""), "contacts", true).getFailureClass())
                .as("Koppel refreshes at the next call").isEqualTo(FailureClass.TRANSIENT);
        ConnectorException limited = replies.apiFailure(429, "{}", Map.of("Retry-After", "42"), "contacts", true);
        assertThat(limited.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);
        assertThat(limited.getRetryAt()).isAfter(java.time.Instant.now().plusSeconds(40));
        assertThat(replies.apiFailure(403, "{\"error\":\"No access\"}", Map.of(), "contacts", true).getFailureClass())
                .isEqualTo(FailureClass.ACCESS);
        assertThat(replies.apiFailure(404, "{}", Map.of(), "contacts", true).getFailureClass())
                .isEqualTo(FailureClass.ACCESS);
        assertThat(replies.apiFailure(404, "{}", Map.of(), "administrations", false).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(replies.apiFailure(502, "<html>", Map.of(), "contacts", true).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void whoamiNamesTheAccountantOfTheUsersListAsTheLinkedUser() {
        // Moneybird documents no token info: the users list (with include_accountants=true) names the user
        String users = "[{\"id\":\"100\",\"name\":\"Eigenaar\",\"email\":\"eigenaar@example.nl\","
                + "\"user_type\":\"owner\"},{\"id\":\"200\",\"name\":\"Boekhouder\","
                + "\"email\":\"boekhouder@kantoor.nl\",\"user_type\":\"accountant\"}]";
        var user = replies.linkedUser(reply(200, users), "123");
        assertThat(user.externalId()).isEqualTo("200");
        assertThat(user.username()).isEqualTo("boekhouder@kantoor.nl");
        // a user who may not list users is still linked
        assertThat(replies.linkedUser(reply(403, "{\"error\":\"forbidden\"}"), "123").externalId())
                .isEqualTo("administration:123");
        // a refused token is AUTH, whichever step sees it
        ConnectorException refused = catchThrowableOfType(ConnectorException.class,
                () -> replies.linkedUser(reply(401, "{\"error\":\"invalid_token\"}"), "123"));
        assertThat(refused.getFailureClass()).isEqualTo(FailureClass.AUTH);
    }

    @Test
    void aRateLimitIsRead429AndRetryAfterWithoutAnyRateLimitHeader() {
        ConnectorException limited = replies.apiFailure(429, "{\"error\":\"Too many requests\"}",
                Map.of("Retry-After", "42"), "contacts", true);
        assertThat(limited.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);
        assertThat(limited.getRetryAt()).isBetween(java.time.Instant.now().plusSeconds(40),
                java.time.Instant.now().plusSeconds(43));
    }
}
