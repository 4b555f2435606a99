package nl.koppel.credentials;

import java.util.UUID;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * "Refresh and retry once" for connector routes: when the system refused the access token as it refuses an expired
 * one ({@link ConnectorException#isAccessTokenRejected()}), the route's {@code doCatch} asks {@link #applies}, gets a
 * new token from {@link #renew} and calls once more; any other failure it passes on ({@link #rethrow}). The second
 * attempt carries {@link #RENEWED}, so the connector then concludes what the refusal means (Twinfield: 103 again is a
 * revoked log-on, 354 again is trouble that passes). Without a connection (the OAuth callback's whoami) there is
 * nothing to refresh.
 */
@Component("accessTokenRenewal")
public class AccessTokenRenewal {

    /** Exchange property: true on the attempt made with a token renewed after a rejection. */
    public static final String RENEWED = "accessTokenRenewed";

    private final CredentialStore credentials;

    public AccessTokenRenewal(CredentialStore credentials) {
        this.credentials = credentials;
    }

    public boolean applies(@ExchangeProperty("connectionId") UUID connectionId,
                           @ExchangeProperty(RENEWED) Boolean renewed, Exchange exchange) {
        if (connectionId == null || Boolean.TRUE.equals(renewed)) {
            return false;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectorException classified) {
                return classified.isAccessTokenRejected();
            }
        }
        return false;
    }

    /** A failure the renewal does not apply to goes on to the caller unchanged. */
    public void rethrow(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) throws Exception {
        throw failure;
    }

    /** Puts a renewed access token on the exchange (property {@code accessToken}) and marks the attempt. */
    public void renew(@ExchangeProperty("connectionId") UUID connectionId,
                      @ExchangeProperty("accessToken") String rejected, Exchange exchange) {
        exchange.setProperty("accessToken", credentials.renewRejected(connectionId, rejected));
        exchange.setProperty(RENEWED, true);
    }
}
