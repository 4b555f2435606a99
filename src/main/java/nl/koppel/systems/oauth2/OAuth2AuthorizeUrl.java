package nl.koppel.systems.oauth2;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import nl.koppel.systems.FormEncoding;

/** The login URL of the authorization-code flow; each system's OAuth bean adds what only it asks for. */
public final class OAuth2AuthorizeUrl {

    private OAuth2AuthorizeUrl() {
    }

    /**
     * {@code {base-url}{path}?client_id=..&redirect_uri=..&response_type=code&<fields>}
     *
     * @param fields the system's own fields in the order given (state, scope, nonce, PKCE challenge, ...)
     */
    public static String of(SystemSettings settings, String path, Map<String, String> fields) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.redirectUri());
        query.put("response_type", "code");
        query.putAll(fields);
        return settings.baseUrl() + path + "?" + FormEncoding.encode(query);
    }
}
