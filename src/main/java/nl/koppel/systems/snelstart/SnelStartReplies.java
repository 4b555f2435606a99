package nl.koppel.systems.snelstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.StatusReason;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.HttpReplies;
import nl.koppel.systems.TokenGrant;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads SnelStart's replies and decides, in this one place, what a failed one means (see {@link FailureClass}).
 * SnelStart's API runs behind Azure API Management: the gateway answers for the subscription key and the rate limit
 * ({@code {"statusCode": 4xx, "message": "..."}}), the API itself with codes {@code {AREA}-{NNNN}}.
 * <ul>
 *   <li>token endpoint: 200 a token (no refresh token: the key is exchanged again); {@code invalid_grant} or 401 =
 *       the connection key was refused (revoked, regenerated, mistyped): AUTH CREDENTIALS_REVOKED; 429 RATE_LIMIT;
 *       the rest TRANSIENT.</li>
 *   <li>API: 401 naming the subscription key = Koppel's app key is wrong (REJECTED: fix
 *       {@code koppel.systems.snelstart.api-key}, the links are fine); another 401 = the token of this
 *       administration's key is no longer accepted: AUTH CREDENTIALS_REVOKED; 403 saying the token or key is invalid:
 *       AUTH; another 403 (a missing scope): ACCESS; 400 ({@code [{errorCode, message}]}, {@code {modelState}},
 *       {@code {message}}): REJECTED, Koppel asked something SnelStart does not understand (e.g. ALG-0104, a filter
 *       on a property that does not exist); 429 RATE_LIMIT ({@code Retry-After}, else the seconds in APIM's message,
 *       else a minute); 5xx, 404 and garbage TRANSIENT.</li>
 * </ul>
 * Messages never hold the key, the token or the subscription key: only SnelStart's own error texts, shortened.
 */
@Component("snelStartReplies")
public class SnelStartReplies {

    static final String SYSTEM = "SnelStart";
    /** APIM's default 429 message: "Rate limit is exceeded. Try again in N seconds." */
    private static final Pattern TRY_AGAIN = Pattern.compile("(?i)try again in (\\d+) seconds?");
    private static final Duration RATE_LIMIT_FALLBACK = Duration.ofSeconds(60);

    private final ObjectMapper json;
    private final Clock clock;

    @Autowired
    public SnelStartReplies(ObjectMapper json) {
        this(json, Clock.systemUTC());
    }

    SnelStartReplies(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** exchange-key: the token for one connection key. SnelStart gives no refresh token (refreshToken ""). */
    public TokenGrant keyExchanged(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                                   @Headers Map<String, Object> headers) {
        int code = status == null ? 0 : status;
        if (code == 200) {
            JsonNode reply = object(body, "token");
            String access = reply.path("access_token").asText(null);
            if (access == null || access.isBlank()) {
                throw ConnectorException.transientFailure("SnelStart's token reply has no access_token");
            }
            JsonNode expiresIn = reply.path("expires_in");
            if (!expiresIn.canConvertToLong() && !expiresIn.asText("").matches("\\d+")) {
                throw ConnectorException.transientFailure("SnelStart's token reply has no readable expires_in");
            }
            return new TokenGrant(access, "", Duration.ofSeconds(expiresIn.asLong()));
        }
        if (code == 429) {
            throw rateLimited(body, headers, "the token endpoint");
        }
        String error = field(body, "error");
        if (code == 401 || "invalid_grant".equals(error) || "invalid_client".equals(error)) {
            throw ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED,
                    "SnelStart weigert de koppelsleutel van deze administratie (ingetrokken, vernieuwd of onjuist):"
                            + " voer een nieuwe koppelsleutel in / SnelStart refused this administration's connection"
                            + " key (revoked, regenerated or mistyped): enter a new connection key");
        }
        throw ConnectorException.transientFailure("SnelStart's token endpoint answered " + code
                + (error == null ? "" : " (" + HttpReplies.safe(error) + ")"));
    }

    /** whoami: the administration the key reaches names the "user" (a key is not a person in SnelStart). */
    public AccountingSystemUser linkedAdministration(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                                     @Body String body, @Headers Map<String, Object> headers) {
        JsonNode info = companyInfo(status, body, headers);
        return new AccountingSystemUser(info.path("administratieIdentifier").asText(),
                "SnelStart administratie " + name(info), null);
    }

    /** list-dossiers: a key reaches exactly one administration, the one companyInfo describes. */
    public List<AccessibleDossier> administration(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                                                  @Body String body, @Headers Map<String, Object> headers) {
        JsonNode info = companyInfo(status, body, headers);
        return List.of(new AccessibleDossier(info.path("administratieIdentifier").asText(), name(info), false,
                blankToNull(info.path("kvkNummer").asText(null)), blankToNull(info.path("btwNummer").asText(null)),
                null));
    }

    private JsonNode companyInfo(Integer status, String body, Map<String, Object> headers) {
        if (status == null || status != 200) {
            throw apiFailure(status, body, headers, "companyInfo");
        }
        JsonNode info = object(body, "companyInfo");
        if (blankToNull(info.path("administratieIdentifier").asText(null)) == null) {
            throw ConnectorException.transientFailure("SnelStart's companyInfo reply has no administratieIdentifier");
        }
        return info;
    }

    private static String name(JsonNode info) {
        String name = blankToNull(info.path("administratieNaam").asText(null));
        return name != null ? name : info.path("administratieIdentifier").asText();
    }

    /** The rows of a list reply: SnelStart answers lists as a bare JSON array; anything else is refused. */
    public JsonNode rows(Integer status, String body, Map<String, Object> headers, String what) {
        if (status == null || status != 200) {
            throw apiFailure(status, body, headers, what);
        }
        JsonNode rows = parse(body, what);
        if (!rows.isArray()) {
            throw ConnectorException.transientFailure("SnelStart's " + what + " reply is not a list; nothing of it"
                    + " is stored");
        }
        return rows;
    }

    /** Classifies a failed API call (see the class comment). */
    public ConnectorException apiFailure(Integer status, String body, Map<String, Object> headers, String what) {
        int code = status == null ? 0 : status;
        String said = message(body);
        String lower = said.toLowerCase(Locale.ROOT);
        if (code == 429) {
            return rateLimited(body, headers, what);
        }
        if (code == 401 && lower.contains("subscription key")) {
            return new ConnectorException(FailureClass.REJECTED, null, "SnelStart's gateway refused Koppel's"
                    + " subscription key at " + what + " (" + said + "): check koppel.systems.snelstart.api-key");
        }
        if (code == 401 || code == 403 && (lower.contains("token") || lower.contains("sleutel")
                || lower.contains("key")) && !lower.contains("scope")) {
            return ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED, "SnelStart answered " + code + " to "
                    + what + ": the connection key of this administration no longer works (revoked or regenerated);"
                    + " enter a new connection key");
        }
        if (code == 403) {
            return new ConnectorException(FailureClass.ACCESS, null, "SnelStart answered 403 to " + what
                    + ": the connection key does not allow it (" + said + ")");
        }
        if (code == 400) {
            return new ConnectorException(FailureClass.REJECTED, null, "SnelStart refused Koppel's request for "
                    + what + " (" + said + ")");
        }
        return ConnectorException.transientFailure("SnelStart answered " + code + " to " + what);
    }

    JsonNode parse(String body, String what) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            if (node == null || node.isMissingNode()) {
                throw ConnectorException.transientFailure("SnelStart sent an empty " + what + " reply");
            }
            return node;
        } catch (IOException e) {
            throw new ConnectorException(FailureClass.TRANSIENT, "SnelStart sent a " + what
                    + " reply that is not valid JSON (cut off or garbage); nothing of it is stored", e);
        }
    }

    private JsonNode object(String body, String what) {
        JsonNode node = parse(body, what);
        if (!node.isObject()) {
            throw ConnectorException.transientFailure("SnelStart's " + what + " reply is not a JSON object");
        }
        return node;
    }

    private ConnectorException rateLimited(String body, Map<String, Object> headers, String what) {
        Instant retryAt;
        if (HttpReplies.integerHeader(headers, "Retry-After") != null) {
            retryAt = HttpReplies.retryAfter(headers, RATE_LIMIT_FALLBACK);
        } else {
            Matcher seconds = TRY_AGAIN.matcher(message(body));
            retryAt = clock.instant().plus(seconds.find() ? Duration.ofSeconds(Long.parseLong(seconds.group(1)))
                    : RATE_LIMIT_FALLBACK);
        }
        return ConnectorException.rateLimited("SnelStart's rate limit reached at " + what, retryAt);
    }

    /**
     * SnelStart's error text, whatever shape it came in: {@code [{"errorCode", "message"}]}, {@code {"modelState":
     * {field: [texts]}}}, {@code {"message"}} (also APIM's {@code {"statusCode", "message"}}), OAuth's
     * {@code {"error", "error_description"}}; "no details" for anything else.
     */
    String message(String body) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (IOException notJson) {
            return "no details";
        }
        if (node == null || node.isMissingNode()) {
            return "no details";
        }
        StringBuilder text = new StringBuilder();
        if (node.isArray()) {
            for (JsonNode error : node) {
                append(text, error.path("errorCode").asText("") + " " + error.path("message").asText(""));
            }
        } else if (node.isObject()) {
            if (node.path("modelState").isObject()) {
                node.path("modelState").fields().forEachRemaining(field -> {
                    for (JsonNode message : field.getValue()) {
                        append(text, field.getKey() + ": " + message.asText());
                    }
                });
            }
            append(text, node.path("message").asText(""));
            append(text, node.path("error").asText(""));
            append(text, node.path("error_description").asText(""));
        }
        String said = HttpReplies.safe(text.toString());
        return said.isEmpty() ? "no details" : said;
    }

    private static void append(StringBuilder text, String part) {
        if (!part.isBlank()) {
            text.append(text.isEmpty() ? "" : "; ").append(part.strip());
        }
    }

    private String field(String body, String name) {
        try {
            JsonNode node = json.readTree(body == null ? "" : body);
            return node != null && node.isObject() ? node.path(name).asText(null) : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
