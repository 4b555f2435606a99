package nl.koppel.systems.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import org.junit.jupiter.api.Test;

/** The token request's form, one builder for every system: client in the form or in HTTP Basic, PKCE, clientkey. */
class OAuth2TokenFormTest {

    private static final SystemSettings SETTINGS = new SystemSettings("Test System", "https://login.example",
            "koppel-app", "s3cret+/%", "https://koppel.example/api/v1/oauth/callback", List.of(), null, false);

    @Test
    void codeExchangeWithTheClientInTheForm() {
        OAuth2TokenForm form = OAuth2TokenForm.codeExchange(SETTINGS, ClientAuthentication.FORM, "c o+de", null);
        assertThat(form.form()).isEqualTo("grant_type=authorization_code&code=c+o%2Bde"
                + "&redirect_uri=https%3A%2F%2Fkoppel.example%2Fapi%2Fv1%2Foauth%2Fcallback"
                + "&client_id=koppel-app&client_secret=s3cret%2B%2F%25");
        assertThat(form.authorization()).isNull();
    }

    @Test
    void codeExchangeWithHttpBasicAndPkce() {
        OAuth2TokenForm form = OAuth2TokenForm.codeExchange(SETTINGS, ClientAuthentication.BASIC, "code", "verifier");
        assertThat(form.form()).isEqualTo("grant_type=authorization_code&code=code"
                + "&redirect_uri=https%3A%2F%2Fkoppel.example%2Fapi%2Fv1%2Foauth%2Fcallback&code_verifier=verifier");
        assertThat(form.form()).doesNotContain("client_secret").doesNotContain("client_id");
        // the plain id and secret, not URL-encoded first (what Twinfield's login server reads)
        assertThat(form.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString("koppel-app:s3cret+/%".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refreshInTheFormOrWithBasic() {
        assertThat(OAuth2TokenForm.refresh(SETTINGS, ClientAuthentication.FORM, "r/1").form())
                .isEqualTo("grant_type=refresh_token&refresh_token=r%2F1&client_id=koppel-app"
                        + "&client_secret=s3cret%2B%2F%25");
        OAuth2TokenForm basic = OAuth2TokenForm.refresh(SETTINGS, ClientAuthentication.BASIC, "r");
        assertThat(basic.form()).isEqualTo("grant_type=refresh_token&refresh_token=r");
        assertThat(basic.authorization()).startsWith("Basic ");
    }

    @Test
    void aGrantWithoutRefreshTokenCannotBeRefreshed() {
        for (String none : new String[] {null, "", "  "}) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class,
                    () -> OAuth2TokenForm.refresh(SETTINGS, ClientAuthentication.FORM, none));
            assertThat(e.getFailureClass()).isEqualTo(FailureClass.AUTH);
            assertThat(e.getReason()).isEqualTo(StatusReason.REFRESH_TOKEN_INVALID);
        }
    }

    @Test
    void snelStartsClientKeyGrant() {
        OAuth2TokenForm form = OAuth2TokenForm.clientKey(SETTINGS, ClientAuthentication.NONE, "key=1&2");
        assertThat(form.form()).isEqualTo("grant_type=clientkey&clientkey=key%3D1%262");
        assertThat(form.authorization()).isNull();
        assertThat(catchThrowableOfType(ConnectorException.class,
                () -> OAuth2TokenForm.clientKey(SETTINGS, ClientAuthentication.NONE, "")).getFailureClass())
                .isEqualTo(FailureClass.AUTH);
    }

    @Test
    void toStringHidesFormAndHeader() {
        OAuth2TokenForm form = OAuth2TokenForm.refresh(SETTINGS, ClientAuthentication.BASIC, "refresh-secret");
        assertThat(form.toString()).doesNotContain("refresh-secret").doesNotContain("s3cret")
                .doesNotContain(form.authorization());
        assertThat(ClientAuthentication.of(" basic ")).isEqualTo(ClientAuthentication.BASIC);
    }
}
