package nl.koppel.systems.oauth2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FormEncoding;

/**
 * The form of a token request ({@code application/x-www-form-urlencoded}) for every connector, from the system's
 * {@link SystemSettings}: the code exchange (with the PKCE verifier when the system takes PKCE), the refresh, and
 * SnelStart's {@code clientkey} grant. {@link #toString()} hides the form: it holds codes, tokens and secrets.
 *
 * @param form          the encoded form, the request's body
 * @param authorization the {@code Authorization} header for {@link ClientAuthentication#BASIC}, else null
 */
public record OAuth2TokenForm(String form, String authorization) {

    public static OAuth2TokenForm codeExchange(SystemSettings settings, ClientAuthentication client, String code,
                                               String codeVerifier) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("redirect_uri", settings.redirectUri());
        if (codeVerifier != null) {
            fields.put("code_verifier", codeVerifier);
        }
        return of(settings, client, fields);
    }

    /** A grant without a refresh token (Moneybird's tokens that never expire) cannot be refreshed: AUTH. */
    public static OAuth2TokenForm refresh(SystemSettings settings, ClientAuthentication client, String refreshToken) {
        return withSecret(settings, client, "refresh_token", "refresh_token", refreshToken,
                " gave no refresh token with this link: the sync user must make the link again");
    }

    /** SnelStart: a connection key ("koppelsleutel") for a bearer token; the key identifies app and administration. */
    public static OAuth2TokenForm clientKey(SystemSettings settings, ClientAuthentication client, String key) {
        return withSecret(settings, client, "clientkey", "clientkey", key,
                " has no connection key for this link: the sync user must enter it again");
    }

    /** A grant of one secret field; without the secret there is nothing to ask with: AUTH. */
    private static OAuth2TokenForm withSecret(SystemSettings settings, ClientAuthentication client, String grantType,
                                              String field, String secret, String whenMissing) {
        if (secret == null || secret.isBlank()) {
            throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_INVALID, settings.displayName() + whenMissing);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", grantType);
        fields.put(field, secret);
        return of(settings, client, fields);
    }

    /**
     * {@code Authorization: Basic base64(client_id:client_secret)}: the plain id and secret, as Twinfield's login
     * server reads them (not URL-encoded first, as RFC 6749 2.3.1 would have it: a secret with {@code +}, {@code %}
     * or {@code /} would then be refused).
     */
    public static String basicAuthorization(SystemSettings settings) {
        String credentials = settings.clientId() + ":" + settings.clientSecret();
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static OAuth2TokenForm of(SystemSettings settings, ClientAuthentication client,
                                      Map<String, String> fields) {
        Objects.requireNonNull(client, "client authentication");
        if (client == ClientAuthentication.FORM) {
            fields.put("client_id", settings.clientId());
            fields.put("client_secret", settings.clientSecret());
        }
        return new OAuth2TokenForm(FormEncoding.encode(fields),
                client == ClientAuthentication.BASIC ? basicAuthorization(settings) : null);
    }

    @Override
    public String toString() {
        return "OAuth2TokenForm[hidden]";
    }
}
