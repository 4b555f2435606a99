package nl.koppel.systems.twinfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.AccountingSystemsProperties;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Twinfield's login server as Koppel talks to it: the client's Basic header and the token validation's claims. */
class TwinfieldLoginTest {

    private static final String LOGIN = "http://127.0.0.1:4711";
    private final AccountingSystemCatalog catalog = new AccountingSystemCatalog(new AccountingSystemsProperties(
            Map.of("twinfield", new AccountingSystemsProperties.SystemSettings("Twinfield", LOGIN, "koppel/app",
                    "geheim+met%tekens=", "http://localhost/callback", List.of(), 1, false))), null);
    private final TwinfieldReplies replies = new TwinfieldReplies(new ObjectMapper());
    private final TwinfieldSessions sessions = new TwinfieldSessions(catalog, replies);

    @Test
    void basicClientAuthenticationEncodesThePlainIdAndSecret() {
        String header = new TwinfieldOAuth(catalog).basicAuthorization();
        assertThat(header).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("koppel/app:geheim+met%tekens=");
    }

    @Test
    void theValidationsExpIsAStringAndTheClusterIsRememberedUntilThen() {
        long future = Instant.now().plusSeconds(600).getEpochSecond();
        assertThat(validatedThenLookedUp("token-a", Long.toString(future))).as("remembered").isFalse();
        long past = Instant.now().minusSeconds(5).getEpochSecond();
        assertThat(validatedThenLookedUp("token-b", Long.toString(past))).as("expired: validate again").isTrue();
    }

    @Test
    void aRefusedTokenAtTheValidationIsRefreshedNotABrokenLink() {
        Exchange exchange = exchange("token-c");
        ConnectorException refused = catchThrowableOfType(ConnectorException.class, () -> sessions.validated(400,
                "{\"error\":\"invalid_token\"}", Map.of(), "token-c", null, exchange));
        assertThat(refused.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(refused.isAccessTokenRejected()).isTrue();
        ConnectorException again = catchThrowableOfType(ConnectorException.class, () -> sessions.validated(400,
                "{\"error\":\"invalid_token\"}", Map.of(), "token-c", true, exchange));
        assertThat(again.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(again.isAccessTokenRejected()).isFalse();
    }

    /** @return whether a later call with the token would validate it again */
    private boolean validatedThenLookedUp(String token, String exp) {
        sessions.validated(200, "{\"sub\":\"u\",\"exp\":\"" + exp + "\",\"twf.clusterUrl\":\"" + LOGIN
                + "/clusters/accounting\"}", Map.of(), token, null, exchange(token));
        Exchange next = exchange(token);
        sessions.lookup(token, next);
        return next.getProperty(TwinfieldSessions.VALIDATE, Boolean.class);
    }

    private static Exchange exchange(String token) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("accessToken", token);
        return exchange;
    }
}
