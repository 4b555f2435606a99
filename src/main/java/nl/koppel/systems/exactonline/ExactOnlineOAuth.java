package nl.koppel.systems.exactonline;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.oauth2.OAuth2AuthorizeUrl;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Exact Online's authorize URL (authorization-code flow) from configuration. The token requests are the
 * {@code oauth2-token-request} template's (client id and secret in the form).
 */
@Component("exactOnlineOAuth")
public class ExactOnlineOAuth {

    static final String TYPE = "exact-online";

    private final AccountingSystemCatalog catalog;

    public ExactOnlineOAuth(AccountingSystemCatalog catalog) {
        this.catalog = catalog;
    }

    public String authorizeUrl(@ExchangeProperty("state") String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("state", state);
        // force_login: the sync user must log in as themselves, not reuse someone's open Exact session
        query.put("force_login", "1");
        return OAuth2AuthorizeUrl.of(catalog.settings(TYPE), "/api/oauth2/auth", query);
    }
}
