package nl.koppel.systems.oauth2;

import com.fasterxml.jackson.databind.ObjectMapper;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The steps of the {@code oauth2-token-request} route template ({@code routes/systems/connector-templates.camel.yaml})
 * that need Java: the request's form and client authentication from the system's settings, and the reply read into an
 * {@link OAuth2TokenReply} for the system's replies bean.
 */
@Component("oauth2TokenRequests")
public class OAuth2TokenRequests {

    /** Contract inputs (docs/connector-contract.md §2). */
    static final String CODE = "code";
    static final String CODE_VERIFIER = "codeVerifier";
    static final String REFRESH_TOKEN = "refreshToken";

    private final AccountingSystemCatalog catalog;
    private final ObjectMapper json;

    public OAuth2TokenRequests(AccountingSystemCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    /**
     * Puts the token request's form in the body and, for HTTP Basic, the {@code Authorization} header.
     *
     * @param grant  {@code authorization_code} (property {@code code}, and {@code codeVerifier} when {@code pkce}),
     *               {@code refresh_token} (property {@code refreshToken}) or {@code clientkey} (the connection key,
     *               kept where the other systems keep the refresh token: property {@code refreshToken})
     * @param pkce   {@code true} when the system takes PKCE (sends {@code code_verifier} at the code exchange)
     */
    public void prepare(String type, String grant, String clientAuthentication, String pkce, Exchange exchange) {
        SystemSettings settings = catalog.settings(type);
        ClientAuthentication client = ClientAuthentication.of(clientAuthentication);
        OAuth2TokenForm form = switch (grant) {
            case "authorization_code" -> OAuth2TokenForm.codeExchange(settings, client,
                    exchange.getProperty(CODE, String.class),
                    Boolean.parseBoolean(pkce) ? exchange.getProperty(CODE_VERIFIER, String.class) : null);
            case "refresh_token" -> OAuth2TokenForm.refresh(settings, client,
                    exchange.getProperty(REFRESH_TOKEN, String.class));
            case "clientkey" -> OAuth2TokenForm.clientKey(settings, client,
                    exchange.getProperty(REFRESH_TOKEN, String.class));
            default -> throw new IllegalArgumentException("oauth2-token-request: unknown grant " + grant);
        };
        Message message = exchange.getMessage();
        message.setBody(form.form());
        if (form.authorization() != null) {
            message.setHeader("Authorization", form.authorization());
        }
    }

    public OAuth2TokenReply reply(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
        return OAuth2TokenReply.parse(status, body, json);
    }
}
