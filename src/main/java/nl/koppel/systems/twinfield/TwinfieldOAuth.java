package nl.koppel.systems.twinfield;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.FormEncoding;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Twinfield's OpenID Connect requests at its login server ({@code {base}/auth/authentication/connect/...}):
 * authorization code flow, the client authenticating with HTTP Basic at the token endpoint. Scopes as Twinfield
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
        SystemSettings settings = catalog.settings(TYPE);
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.redirectUri());
        query.put("response_type", "code");
        query.put("scope", SCOPES);
        query.put("state", state);
        // OpenID Connect wants a nonce; Koppel does not use the id_token, the state protects the callback
        query.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(nonce));
        if (codeChallenge != null) {
            query.put("code_challenge", codeChallenge);
            query.put("code_challenge_method", "S256");
        }
        return settings.baseUrl() + CONNECT + "/authorize?" + FormEncoding.encode(query);
    }

    /**
     * {@code Authorization: Basic base64(client_id:client_secret)} for the token endpoint and the token validation:
     * the plain id and secret, as Twinfield's login server reads them (not URL-encoded first, as RFC 6749 2.3.1
     * would have it: a secret with {@code +}, {@code %} or {@code /} would then be refused).
     */
    public String basicAuthorization() {
        SystemSettings settings = catalog.settings(TYPE);
        String credentials = settings.clientId() + ":" + settings.clientSecret();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    public String codeExchangeForm(@ExchangeProperty("code") String code,
                                   @ExchangeProperty("codeVerifier") String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", catalog.settings(TYPE).redirectUri());
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        return FormEncoding.encode(form);
    }

    public String refreshForm(@ExchangeProperty("refreshToken") String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return FormEncoding.encode(form);
    }

}
