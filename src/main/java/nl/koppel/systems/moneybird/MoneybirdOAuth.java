package nl.koppel.systems.moneybird;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.connections.StatusReason;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.FormEncoding;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Moneybird's OAuth requests (authorization-code flow, client id and secret in the form). Scopes: contacts come
 * with {@code sales_invoices}, ledger accounts and tax rates with {@code settings}. The routes send them.
 */
@Component("moneybirdOAuth")
public class MoneybirdOAuth {

    static final String TYPE = "moneybird";
    static final String SCOPES = "sales_invoices settings";

    private final AccountingSystemCatalog catalog;

    public MoneybirdOAuth(AccountingSystemCatalog catalog) {
        this.catalog = catalog;
    }

    public String authorizeUrl(@ExchangeProperty("state") String state) {
        SystemSettings settings = catalog.settings(TYPE);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.redirectUri());
        query.put("response_type", "code");
        query.put("scope", SCOPES);
        query.put("state", state);
        return settings.baseUrl() + "/oauth/authorize?" + FormEncoding.encode(query);
    }

    public String codeExchangeForm(@ExchangeProperty("code") String code) {
        SystemSettings settings = catalog.settings(TYPE);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", settings.redirectUri());
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        return FormEncoding.encode(form);
    }

    /** A grant without a refresh token (Moneybird's tokens that never expire) cannot be refreshed: AUTH. */
    public String refreshForm(@ExchangeProperty("refreshToken") String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ConnectorException.auth(StatusReason.REFRESH_TOKEN_INVALID,
                    "Moneybird gave no refresh token with this link: the sync user must make the link again");
        }
        SystemSettings settings = catalog.settings(TYPE);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        return FormEncoding.encode(form);
    }

}
