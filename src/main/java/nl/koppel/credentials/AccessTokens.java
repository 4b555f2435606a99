package nl.koppel.credentials;

import java.time.Instant;
import java.util.UUID;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.AccountingSystemsProperties;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Access tokens on the exchanges of work done as the linked user. A token is handed out per call (or per page of
 * a connector's loop), never one for a whole loop; the property {@link #ISSUE} says which token a call used (no
 * secret), so a 401 can be judged: on a token of an earlier link it is a TRANSIENT failure that never flips the
 * current link; on a token that was near its expiry or replaced meanwhile it is retried once with a valid token
 * (the error routes' {@code retryWhile}); only then does it count as AUTH.
 */
@Component("accessTokens")
public class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

    /** The token for the next call: what the connector routes put in their Authorization header. */
    public static final String TOKEN = "accessToken";
    /** Which token that is ({@link TokenIssue}, no secret). */
    public static final String ISSUE = "accessTokenIssue";
    private static final String RETRIED = "koppelTokenRetried";
    private static final String JUDGED = "koppelJudgedFailure";

    private final CredentialStore credentials;
    private final ConnectionKeyStore keys;
    private final AccountingSystemCatalog catalog;
    private final CredentialProperties properties;

    public AccessTokens(CredentialStore credentials, ConnectionKeyStore keys, AccountingSystemCatalog catalog,
                        CredentialProperties properties) {
        this.credentials = credentials;
        this.keys = keys;
        this.catalog = catalog;
        this.properties = properties;
    }

    /** True when the system's sync user links by entering one connection key per dossier (SnelStart). */
    public boolean linkedByKey(String systemType) {
        return catalog.linkMethod(systemType) == AccountingSystemsProperties.LinkMethod.CONNECTION_KEY;
    }

    /**
     * Before a call (or a page) for one dossier ({@code scope}: its external id): the connection's token, or for a
     * system linked by connection key the token of that dossier's key. A failure to get the key's token is judged
     * against that key (the issue is put on the exchange first), never against the whole connection.
     */
    public void prepare(UUID connectionId, String systemType, String scope, Exchange exchange) {
        if (!linkedByKey(systemType)) {
            prepare(connectionId, exchange);
            return;
        }
        exchange.removeProperty(RETRIED);
        exchange.removeProperty(JUDGED);
        exchange.removeProperty(TOKEN);
        exchange.setProperty(ISSUE, keys.currentIssue(connectionId, scope));
        put(keys.issue(connectionId, scope), exchange);
    }

    /** Before a call (or a page): a token valid for it. */
    public void prepare(UUID connectionId, Exchange exchange) {
        exchange.removeProperty(ISSUE); // a failure to hand one out is judged on its own, not against the last call
        exchange.removeProperty(RETRIED);
        exchange.removeProperty(JUDGED);
        put(credentials.issue(connectionId), exchange);
    }

    /**
     * Inside a connector's loop of calls (pages of a list): before each call, a new token when the one on the
     * exchange would not stay valid for it. Without {@link #ISSUE} (a connector called with a bare token) it does
     * nothing.
     */
    public void renew(Exchange exchange) {
        TokenIssue issue = exchange.getProperty(ISSUE, TokenIssue.class);
        if (issue == null || issue.expiresAt().isAfter(Instant.now().plus(properties.refreshBeforeExpiry()))) {
            return;
        }
        AccessToken token = issue.fromConnectionKey() ? keys.issue(issue.connectionId(), issue.keyScope())
                : credentials.issue(issue.connectionId());
        if (token.issue().linkGeneration() != issue.linkGeneration()) {
            // the pages of one list must come from one link (the user may differ after a relink)
            throw ConnectorException.transientFailure("Connection " + issue.connectionId()
                    + " was linked again during this run; the next run starts over");
        }
        put(token, exchange);
    }

    /**
     * The error routes' {@code retryWhile}: true (once) when the failure is a 401 on a token that was near its
     * expiry or replaced meanwhile, with a valid token put on the exchange for the retry. A refusal of a token of an
     * earlier link becomes a TRANSIENT failure, so it never flips the current link.
     */
    public boolean retryOnce(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TokenIssue used = exchange.getProperty(ISSUE, TokenIssue.class);
        if (failure == null || used == null || TransportFailures.failureClass(failure) != FailureClass.AUTH) {
            return false;
        }
        if (used.fromConnectionKey() ? keys.staleLink(used) : credentials.staleLink(used)) {
            notAuth(exchange, used, "a token of an earlier link was refused; the current link is not affected");
            return false;
        }
        if (exchange.getProperty(RETRIED, false, Boolean.class)) {
            return false;
        }
        if (used.fromConnectionKey() && exchange.getProperty(TOKEN) == null) {
            // the key itself was refused while its token was fetched: nothing to retry with
            return false;
        }
        TokenRefusal refusal;
        try {
            refusal = used.fromConnectionKey() ? keys.refused(used) : credentials.refused(used);
        } catch (RuntimeException e) {
            ConnectorException refresh = TransportFailures.classify("the accounting system", e);
            if (refresh.getFailureClass() == FailureClass.AUTH) {
                replace(exchange, refresh); // the refresh itself was refused: the link is broken
            } else {
                notAuth(exchange, used, "a 401 on a token near its expiry could not be retried: "
                        + refresh.getMessage());
            }
            return false;
        }
        switch (refusal.verdict()) {
            case STALE_LINK -> {
                notAuth(exchange, used, "a token of an earlier link was refused; the current link is not affected");
                return false;
            }
            case RETRY -> {
                put(refusal.retryWith(), exchange);
                exchange.setProperty(RETRIED, true);
                log.info("Connection {}: a token near its expiry or replaced meanwhile was refused (401); retrying"
                        + " once with a valid one", used.connectionId());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void notAuth(Exchange exchange, TokenIssue used, String why) {
        log.info("Connection {}: {}", used.connectionId(), why);
        replace(exchange, ConnectorException.transientFailure("Connection " + used.connectionId() + ": " + why));
    }

    /** Kept for {@link #judged}: the error handler hands its steps the exception it caught, not a later one. */
    private static void replace(Exchange exchange, Exception failure) {
        exchange.setProperty(JUDGED, failure);
    }

    /**
     * The error routes' first step: the failure as {@link #retryOnce} judged it (a refused token of an earlier link
     * is TRANSIENT) becomes the caught exception the next steps classify.
     */
    public void judged(Exchange exchange) {
        Exception judged = exchange.getProperty(JUDGED, Exception.class);
        if (judged != null) {
            exchange.removeProperty(JUDGED);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, judged);
        }
    }

    private static void put(AccessToken token, Exchange exchange) {
        exchange.setProperty(TOKEN, token.value());
        exchange.setProperty(ISSUE, token.issue());
    }
}
