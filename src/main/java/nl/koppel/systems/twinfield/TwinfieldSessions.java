package nl.koppel.systems.twinfield;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.koppel.credentials.AccessTokenRenewal;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.HttpReplies;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;

/**
 * Where Twinfield's cluster URL lives. Every SOAP call goes to the cluster of the user's organisation, which only the
 * login server's token validation ({@code accesstokenvalidation?token=...}, claim {@code twf.clusterUrl}) tells.
 * Koppel stores nothing for it: this bean remembers the cluster per access token (by the token's SHA-256, until the
 * token expires), learnt from the validation at the first call with a token, which whoami (the link check) always
 * makes afresh. The validation is sent with the client's HTTP Basic header. A new access token (hourly) costs one
 * validation; an organisation that moved to another cluster is followed at the next token; a call to a wrong cluster
 * (fault 108) forgets the entry.
 */
@Component("twinfieldSessions")
public class TwinfieldSessions {

    /** Exchange properties the Twinfield routes share. */
    static final String CLUSTER_URL = "twinfieldClusterUrl";
    static final String VALIDATE = "twinfieldValidate";
    static final String CLAIMS = "twinfieldClaims";

    private record Session(String clusterUrl, Instant expiresAt) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AccountingSystemCatalog catalog;
    private final TwinfieldReplies replies;

    public TwinfieldSessions(AccountingSystemCatalog catalog, TwinfieldReplies replies) {
        this.catalog = catalog;
        this.replies = replies;
    }

    /** Sets the cluster URL when this token's validation is remembered; else asks the route to validate. */
    public void lookup(@ExchangeProperty("accessToken") String accessToken, Exchange exchange) {
        Session session = sessions.get(key(accessToken));
        boolean known = session != null && session.expiresAt().isAfter(Instant.now());
        exchange.setProperty(VALIDATE, !known);
        if (known) {
            exchange.setProperty(CLUSTER_URL, session.clusterUrl());
        }
    }

    /** whoami: always validate, so that the link check sees what the login server says now. */
    public void mustValidate(Exchange exchange) {
        exchange.setProperty(VALIDATE, true);
    }

    /** The validation URL; the token travels in the query string, as the login server wants it. */
    public String validationUrl(@ExchangeProperty("accessToken") String accessToken) {
        return catalog.settings(TwinfieldOAuth.TYPE).baseUrl() + TwinfieldOAuth.CONNECT
                + "/accesstokenvalidation?token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8);
    }

    /** Reads the validation's claims: remembers the cluster, leaves the claims for whoami. */
    public void validated(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                          @Headers Map<String, Object> headers, @ExchangeProperty("accessToken") String accessToken,
                          @ExchangeProperty(AccessTokenRenewal.RENEWED) Boolean renewed, Exchange exchange) {
        int code = status == null ? 0 : status;
        if (code == 400) {
            // an invalid and an expired token both get 400: refresh and retry once; the refresh tells a revoked grant
            String said = "Twinfield's token validation refused the access token ("
                    + HttpReplies.safe(replies.errorCode(body)) + ")";
            throw Boolean.TRUE.equals(renewed) ? ConnectorException.transientFailure(said + " right after a refresh")
                    : ConnectorException.accessTokenRejected(said);
        }
        if (code == 401) {
            throw new ConnectorException(FailureClass.REJECTED, null, "Twinfield's login server refused Koppel's"
                    + " client credentials at the token validation: check koppel.systems.twinfield");
        }
        if (code == 429) {
            throw ConnectorException.rateLimited("Twinfield's login server asks to slow down",
                    HttpReplies.retryAfter(headers, Duration.ofSeconds(60)));
        }
        if (code != 200) {
            throw ConnectorException.transientFailure("Twinfield's token validation answered " + code);
        }
        JsonNode claims = replies.parse(body, "the token validation");
        String cluster = claims.path("twf.clusterUrl").asText(null);
        if (cluster == null || cluster.isBlank()) {
            throw ConnectorException.transientFailure("Twinfield's token validation has no twf.clusterUrl");
        }
        cluster = cluster.endsWith("/") ? cluster.substring(0, cluster.length() - 1) : cluster;
        requireTrusted(cluster);
        // exp comes as a string ("1767225600"); a number is read too
        String exp = claims.path("exp").asText("").strip();
        Instant expiresAt = exp.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(exp))
                : Instant.now().plus(Duration.ofMinutes(55));
        sessions.put(key(accessToken), new Session(cluster, expiresAt));
        sessions.entrySet().removeIf(e -> e.getValue().expiresAt().isBefore(Instant.now()));
        exchange.setProperty(CLUSTER_URL, cluster);
        exchange.setProperty(CLAIMS, claims);
    }

    /** A call went to the wrong cluster (fault 108): the next call validates the token again. */
    void forget(String accessToken) {
        if (accessToken != null) {
            sessions.remove(key(accessToken));
        }
    }

    /**
     * Koppel sends the linked user's token to the cluster: only to Twinfield's own hosts over HTTPS, or to the host
     * of the configured login server (a simulator, or a test installation).
     */
    private void requireTrusted(String cluster) {
        URI uri;
        try {
            uri = URI.create(cluster);
        } catch (IllegalArgumentException e) {
            throw ConnectorException.transientFailure("Twinfield's token validation names an unreadable cluster");
        }
        URI login = URI.create(catalog.settings(TwinfieldOAuth.TYPE).baseUrl());
        boolean twinfieldHost = "https".equals(uri.getScheme()) && uri.getHost() != null
                && (uri.getHost().equals("twinfield.com") || uri.getHost().endsWith(".twinfield.com"));
        boolean loginHost = uri.getScheme() != null && uri.getScheme().equals(login.getScheme())
                && uri.getHost() != null && uri.getHost().equals(login.getHost()) && uri.getPort() == login.getPort();
        if (!twinfieldHost && !loginHost) {
            throw ConnectorException.transientFailure("Twinfield's token validation names a cluster outside"
                    + " twinfield.com (" + HttpReplies.safe(uri.getHost()) + "); no call is sent there");
        }
    }

    private static String key(String accessToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((accessToken == null ? "" : accessToken).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
