package nl.koppel.systems.moneybird;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.oauth2.OAuth2AuthorizeUrl;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Moneybird's authorize URL (authorization-code flow). Scopes: contacts come with {@code sales_invoices}, ledger
 * accounts and tax rates with {@code settings}. The token requests are the {@code oauth2-token-request} template's
 * (client id and secret in the form).
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
        Map<String, String> query = new LinkedHashMap<>();
        query.put("scope", SCOPES);
        query.put("state", state);
        return OAuth2AuthorizeUrl.of(catalog.settings(TYPE), "/oauth/authorize", query);
    }
}
