package nl.koppel.systems.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import org.junit.jupiter.api.Test;

/** The token endpoint's reply, read the same way for every system. */
class OAuth2TokenReplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static OAuth2TokenReply reply(int status, String body) {
        return OAuth2TokenReply.parse(status, body, JSON);
    }

    @Test
    void expiresInAsStringOrAsNumber() {
        TokenGrant asString = reply(200, "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":\"600\"}")
                .grant("Exact Online", null, null);
        TokenGrant asNumber = reply(200, "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":600}")
                .grant("Exact Online", null, null);
        assertThat(asString.expiresIn()).isEqualTo(Duration.ofSeconds(600)).isEqualTo(asNumber.expiresIn());
        assertThat(asString.accessToken()).isEqualTo("a");
        assertThat(asString.refreshToken()).isEqualTo("r");
    }

    @Test
    void missingFieldsAreTransientOrFilledAsTheSystemSays() {
        OAuth2TokenReply noRefresh = reply(200, "{\"access_token\":\"a\",\"expires_in\":3600,\"refresh_token\":null}");
        assertThat(noRefresh.refreshToken()).isNull();
        assertThat(noRefresh.grant("Twinfield", "kept", null).refreshToken()).as("kept when none comes back")
                .isEqualTo("kept");
        assertThat(noRefresh.grant("SnelStart", "", null).refreshToken()).as("a grant without one").isEmpty();
        assertThat(catchThrowableOfType(ConnectorException.class, () -> noRefresh.grant("Exact Online", null, null))
                .getMessage()).isEqualTo("Exact Online's token reply has no refresh_token");

        OAuth2TokenReply noLifetime = reply(200, "{\"access_token\":\"a\",\"refresh_token\":\"r\"}");
        assertThat(noLifetime.lifetime("Moneybird")).isNull();
        assertThat(noLifetime.grant("Moneybird", "", Duration.ofHours(1)).expiresIn()).isEqualTo(Duration.ofHours(1));
        assertThat(catchThrowableOfType(ConnectorException.class, () -> noLifetime.grant("Twinfield", null, null))
                .getFailureClass()).isEqualTo(FailureClass.TRANSIENT);

        ConnectorException noAccess = catchThrowableOfType(ConnectorException.class,
                () -> reply(200, "{\"access_token\":\"  \",\"refresh_token\":\"r\",\"expires_in\":1}")
                        .grant("Moneybird", "", null));
        assertThat(noAccess.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(noAccess.getMessage()).isEqualTo("Moneybird's token reply has no access_token");

        ConnectorException unreadable = catchThrowableOfType(ConnectorException.class,
                () -> reply(200, "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":\"soon\"}")
                        .grant("Moneybird", "", null));
        assertThat(unreadable.getMessage()).isEqualTo("Moneybird's token reply has an unreadable expires_in");
        assertThat(catchThrowableOfType(ConnectorException.class, () -> reply(200,
                "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":-5}").grant("X", null, null)))
                .isNotNull();
    }

    @Test
    void garbageIsTransientAndNothingOfItIsKept() {
        for (String garbage : new String[] {"<html>502 Bad Gateway</html>", "", null, "{\"access_token\":\"a\"",
                "[\"access_token\"]", "\"access_token\""}) {
            OAuth2TokenReply reply = reply(200, garbage);
            assertThat(reply.json()).as(String.valueOf(garbage)).isFalse();
            ConnectorException e = catchThrowableOfType(ConnectorException.class,
                    () -> reply.grant("Exact Online", null, null));
            assertThat(e.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
            assertThat(e.getMessage()).contains("not valid JSON");
        }
    }

    @Test
    void errorBodiesInJsonAndInPlainText() {
        OAuth2TokenReply json = reply(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The grant was"
                + " Revoked\"}");
        assertThat(json.granted()).isFalse();
        assertThat(json.error()).isEqualTo("invalid_grant");
        assertThat(json.errorDescription()).isEqualTo("The grant was Revoked");
        assertThat(json.errorText()).contains("invalid_grant").contains("revoked");

        OAuth2TokenReply plain = reply(401, "Old refresh token used.");
        assertThat(plain.json()).isFalse();
        assertThat(plain.error()).isNull();
        assertThat(plain.text()).isEqualTo("Old refresh token used.");
        assertThat(plain.errorText()).contains("old refresh token used");

        assertThat(reply(0, null).status()).isZero();
        assertThat(OAuth2TokenReply.parse(null, "{}", JSON).status()).isZero();
    }

    @Test
    void toStringHidesTheTokens() {
        OAuth2TokenReply reply = reply(200, "{\"access_token\":\"secret-a\",\"refresh_token\":\"secret-r\","
                + "\"expires_in\":1}");
        assertThat(reply.toString()).doesNotContain("secret");
    }
}
