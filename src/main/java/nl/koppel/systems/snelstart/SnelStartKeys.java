package nl.koppel.systems.snelstart;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.FormEncoding;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * SnelStart's two secrets as the routes send them: the connection key in the token request, Koppel's subscription
 * key on every API call. Both come from here rather than from a {@code {{placeholder}}} in the YAML, so that no
 * route definition (dumped over JMX, shown by tooling) ever holds them.
 */
@Component("snelStartKeys")
public class SnelStartKeys {

    static final String TYPE = "snelstart";

    private final AccountingSystemCatalog catalog;

    public SnelStartKeys(AccountingSystemCatalog catalog) {
        this.catalog = catalog;
    }

    /** The token request's form: {@code grant_type=clientkey&clientkey=<the administration's connection key>}. */
    public String clientKeyForm(@ExchangeProperty("connectionKey") String connectionKey) {
        if (connectionKey == null || connectionKey.isBlank()) {
            throw new IllegalArgumentException("no SnelStart connection key given");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "clientkey");
        form.put("clientkey", connectionKey.strip());
        return FormEncoding.encode(form);
    }

    /** Koppel's app subscription key ({@code koppel.systems.snelstart.api-key}), empty when not configured. */
    public String subscriptionKey() {
        String key = catalog.settings(TYPE).apiKey();
        return key == null ? "" : key;
    }
}
