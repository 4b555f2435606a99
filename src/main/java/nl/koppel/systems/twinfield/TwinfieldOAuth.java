package nl.koppel.systems.twinfield;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.oauth2.OAuth2AuthorizeUrl;
import nl.koppel.systems.oauth2.OAuth2TokenForm;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Twinfield's OpenID Connect authorize URL at its login server ({@code {base}/auth/authentication/connect/...}):
 * authorization code flow with PKCE and a nonce. The token requests are the {@code oauth2-token-request} template's
 * (the client authenticating with HTTP Basic, {@code code_verifier} at the code exchange). Scopes as Twinfield
 * documents them; {@code offline_access} gives the long-lived refresh token.
 */
@Component("twinfieldOAuth")
public class TwinfieldOAuth {

    static final String TYPE = "twinfield";
    static final String CONNECT = "/auth/authentication/connect";
    static final String SCOPES = "openid twf.user twf.organisation twf.organisationUser offline_access";

    private final AccountingSystemCatalog catalog;
    private final SecureRandom random = new SecureRandom();

    public TwinfieldOAuth(AccountingSystemCatalog catalog) {
        this.catalog = catalog;
    }

    /** PKCE (S256) is sent: Twinfield's login server is an OpenID Connect server (assumption, docs/decisions.md). */
    public String authorizeUrl(@ExchangeProperty("state") String state,
                               @ExchangeProperty("codeChallenge") String codeChallenge) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("scope", SCOPES);
        query.put("state", state);
        // OpenID Connect wants a nonce; Koppel does not use the id_token, the state protects the callback
        query.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        if (codeChallenge != null) {
            query.put("code_challenge", codeChallenge);
            query.put("code_challenge_method", "S256");
        }
        return OAuth2AuthorizeUrl.of(catalog.settings(TYPE), CONNECT + "/authorize", query);
    }

    /**
     * {@code Authorization: Basic} with Koppel's client id and secret, for the token validation (the token endpoint's
     * is the {@code oauth2-token-request} template's, {@code clientAuthentication: basic}).
     */
    public String basicAuthorization() {
        return OAuth2TokenForm.basicAuthorization(catalog.settings(TYPE));
    }
}
