package nl.koppel.systems;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code api-call} route template ({@code routes/systems/connector-templates.camel.yaml}) that need
 * Java: requests written in a connector's YAML ({@code get('/api/v1/current/Me', 'current/Me')}), the host check
 * ({@link ApiHost}) before the token goes anywhere, the app key, and the reply as an {@link ApiReply}.
 */
@Component("apiCalls")
public class ApiCalls {

    /** Exchange property with the checked request while the call runs (for the failure mapping). */
    public static final String REQUEST = "apiRequest";

    private final AccountingSystemCatalog catalog;

    public ApiCalls(AccountingSystemCatalog catalog) {
        this.catalog = catalog;
    }

    public ApiRequest get(String url, String what) {
        return ApiRequest.get(url, what);
    }

    /** A GET whose every reply, failed or not, goes back to the caller (a page bean that reads rate limits first). */
    public ApiRequest getPage(String url, String what) {
        return ApiRequest.get(url, what).handlingEveryReply();
    }

    /** As {@link #getPage}, with the method and (for a POST) the JSON body given; an empty body is none. */
    public ApiRequest pageCall(String method, String url, String jsonBody, String what) {
        return new ApiRequest(method, url, jsonBody == null || jsonBody.isEmpty() ? null : jsonBody, what,
                java.util.Set.of(), true);
    }

    public ApiRequest post(String url, String jsonBody, String what) {
        return ApiRequest.post(url, jsonBody, what);
    }

    /** The request with its absolute URL, only when that URL is on the configured host (else TRANSIENT). */
    public ApiRequest checked(String type, @Body ApiRequest request) {
        if (request == null) {
            throw new IllegalStateException("the " + type + " API call needs an ApiRequest as its body");
        }
        return request.at(ApiHost.of(catalog.settings(type)).resolve(request.url()));
    }

    /** Sets the app's key header ({@code headerName}: SnelStart's subscription key) when the system has one. */
    public void appKey(String type, String headerName, Exchange exchange) {
        if (headerName == null || headerName.isBlank()) {
            return;
        }
        SystemSettings settings = catalog.settings(type);
        if (settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new IllegalStateException("koppel.systems." + type + ".api-key is not configured");
        }
        exchange.getMessage().setHeader(headerName, settings.apiKey());
    }

    /** The reply, its headers copied without Camel's own. */
    public ApiReply reply(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body byte[] body,
                          @Headers Map<String, Object> headers) {
        Map<String, Object> copied = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.startsWith("Camel") && !name.startsWith("camel")) {
                copied.put(name, value);
            }
        });
        return new ApiReply(status == null ? 0 : status, copied, body);
    }

    /** Whether the connector's replies bean must classify the reply (it failed and the caller does not read it). */
    public boolean failed(@ExchangeProperty(REQUEST) ApiRequest request, @Body ApiReply reply) {
        return request.failedFor(reply);
    }
}
