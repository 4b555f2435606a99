package nl.koppel.systems.oauth2;

import java.util.Locale;

/** How Koppel's app proves itself at a token endpoint (RFC 6749 2.3.1). */
public enum ClientAuthentication {
    /** {@code client_id} and {@code client_secret} in the form (Exact Online, Moneybird). */
    FORM,
    /** {@code Authorization: Basic} with the client id and secret (Twinfield). */
    BASIC,
    /** Neither: the grant itself identifies the app (SnelStart's {@code clientkey}). */
    NONE;

    /** From a route template parameter: {@code form}, {@code basic} or {@code none}. */
    public static ClientAuthentication of(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
