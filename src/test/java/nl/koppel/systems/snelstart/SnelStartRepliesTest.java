package nl.koppel.systems.snelstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import org.junit.jupiter.api.Test;

/** SnelStart's replies, each failure class, without a server. */
class SnelStartRepliesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T20:00:00Z");
    private final SnelStartReplies replies = new SnelStartReplies(new ObjectMapper(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenReplyIsAGrantWithoutRefreshToken() {
        TokenGrant grant = replies.keyExchanged(200, """
                {"access_token":"tok-123","token_type":"bearer","expires_in":3599}""", Map.of());
        assertThat(grant.accessToken()).isEqualTo("tok-123");
        assertThat(grant.refreshToken()).isEmpty();
        assertThat(grant.expiresIn()).isEqualTo(Duration.ofSeconds(3599));
        assertThat(grant.toString()).doesNotContain("tok-123");
    }

    @Test
    void aRefusedKeyIsAuthCredentialsRevokedWithoutTheKey() {
        ConnectorException e = failure(() -> replies.keyExchanged(400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"De koppelsleutel is ongeldig.\"}", Map.of()));
        assertThat(e.getFailureClass()).isEqualTo(FailureClass.AUTH);
        assertThat(e.getReason()).isEqualTo(StatusReason.CREDENTIALS_REVOKED);
        assertThat(e.getMessage()).contains("koppelsleutel").contains("connection key");
        assertThat(failure(() -> replies.keyExchanged(401, "", Map.of())).getFailureClass())
                .isEqualTo(FailureClass.AUTH);
    }

    @Test
    void theTokenEndpointsOtherFailuresAreRateLimitOrTransient() {
        ConnectorException limited = failure(() -> replies.keyExchanged(429, "", Map.of("Retry-After", "30")));
        assertThat(limited.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);
        assertThat(failure(() -> replies.keyExchanged(500, "oops", Map.of())).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure(() -> replies.keyExchanged(400, "{\"error\":\"unsupported_grant_type\"}", Map.of()))
                .getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure(() -> replies.keyExchanged(200, "<html>", Map.of())).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure(() -> replies.keyExchanged(200, "{\"access_token\":\"t\"}", Map.of())).getMessage())
                .contains("expires_in");
    }

    @Test
    void companyInfoNamesTheAdministrationAndIsTheOneDossier() {
        String info = """
                {"administratieIdentifier":"6f1c-guid","administratieNaam":"Bakkerij Jansen",
                 "bedrijfsnaam":"Bakkerij Jansen B.V.","kvkNummer":"12345678","btwNummer":"NL001B01"}""";
        var user = replies.linkedAdministration(200, info, Map.of());
        assertThat(user.externalId()).isEqualTo("6f1c-guid");
        assertThat(user.username()).isEqualTo("SnelStart administratie Bakkerij Jansen");
        var dossiers = replies.administration(200, info, Map.of());
        assertThat(dossiers).singleElement().satisfies(d -> {
            assertThat(d.externalId()).isEqualTo("6f1c-guid");
            assertThat(d.kvkNumber()).isEqualTo("12345678");
            assertThat(d.vatNumber()).isEqualTo("NL001B01");
            assertThat(d.archived()).isFalse();
        });
        assertThat(failure(() -> replies.administration(200, "{}", Map.of())).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void a401IsAuthUnlessTheGatewayRefusedTheSubscriptionKey() {
        ConnectorException token = replies.apiFailure(401,
                "{\"message\":\"Authorization has been denied for this request.\"}", Map.of(), "companyInfo");
        assertThat(token.getFailureClass()).isEqualTo(FailureClass.AUTH);
        assertThat(token.getReason()).isEqualTo(StatusReason.CREDENTIALS_REVOKED);

        ConnectorException subscription = replies.apiFailure(401, "{\"statusCode\":401,\"message\":\"Access denied"
                + " due to invalid subscription key. Make sure to provide a valid key for an active subscription.\"}",
                Map.of(), "relaties");
        assertThat(subscription.getFailureClass()).isEqualTo(FailureClass.REJECTED);
        assertThat(subscription.getMessage()).contains("koppel.systems.snelstart.api-key");
    }

    @Test
    void a403ForAnInvalidTokenIsAuthForAMissingScopeAccess() {
        assertThat(replies.apiFailure(403, "{\"message\":\"The access token is invalid.\"}", Map.of(), "relaties")
                .getFailureClass()).isEqualTo(FailureClass.AUTH);
        ConnectorException scope = replies.apiFailure(403,
                "{\"message\":\"Forbidden: the scope relaties:read is not granted for this coupling.\"}", Map.of(),
                "relaties");
        assertThat(scope.getFailureClass()).isEqualTo(FailureClass.ACCESS);
        assertThat(scope.getMessage()).contains("relaties:read");
        assertThat(replies.apiFailure(403, "", Map.of(), "relaties").getFailureClass())
                .isEqualTo(FailureClass.ACCESS);
    }

    @Test
    void a400IsRejectedWithSnelStartsTextInEachOfItsThreeShapes() {
        ConnectorException list = replies.apiFailure(400,
                "[{\"errorCode\":\"ALG-0104\",\"message\":\"Het OData-filter is ongeldig.\"}]", Map.of(), "relaties");
        assertThat(list.getFailureClass()).isEqualTo(FailureClass.REJECTED);
        assertThat(list.getMessage()).contains("ALG-0104 Het OData-filter is ongeldig.");
        assertThat(replies.apiFailure(400, "{\"modelState\":{\"request.$top\":[\"Te groot.\"]}}", Map.of(), "x")
                .getMessage()).contains("request.$top: Te groot.");
        assertThat(replies.apiFailure(400, "{\"message\":\"The request is invalid.\"}", Map.of(), "x").getMessage())
                .contains("The request is invalid.");
        assertThat(replies.apiFailure(400, "<html>bad</html>", Map.of(), "x").getMessage()).contains("no details");
    }

    @Test
    void a429WaitsForRetryAfterElseTheSecondsApiManagementNames() {
        ConnectorException header = replies.apiFailure(429, "", Map.of("retry-after", "12"), "relaties");
        assertThat(header.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);
        assertThat(header.getRetryAt()).isAfter(Instant.now().plusSeconds(10)).isBefore(Instant.now().plusSeconds(14));

        ConnectorException body = replies.apiFailure(429,
                "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in 42 seconds.\"}", Map.of(),
                "relaties");
        assertThat(body.getRetryAt()).isEqualTo(NOW.plusSeconds(42));
        assertThat(replies.apiFailure(429, "garbage", Map.of(), "relaties").getRetryAt())
                .isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void serverErrorsNotFoundAndGarbageAreTransient() {
        assertThat(replies.apiFailure(500, "", Map.of(), "x").getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(replies.apiFailure(503, "<html/>", Map.of(), "x").getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(replies.apiFailure(404, "{}", Map.of(), "x").getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure(() -> replies.rows(200, "<html>Service Unavailable</html>", Map.of(), "relaties"))
                .getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure(() -> replies.rows(200, "[{\"id\":1}", Map.of(), "relaties")).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(failure(() -> replies.rows(200, "{\"items\":[]}", Map.of(), "relaties")).getMessage())
                .contains("not a list");
        assertThat(failure(() -> replies.rows(200, "", Map.of(), "relaties")).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
    }

    private static ConnectorException failure(Runnable call) {
        return catchThrowableOfType(ConnectorException.class, call::run);
    }
}
