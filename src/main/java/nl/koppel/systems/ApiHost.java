package nl.koppel.systems;

import java.util.Locale;
import nl.koppel.systems.AccountingSystemsProperties.SystemSettings;

/**
 * The one place that decides whether a URL may be called with the linked user's token: only URLs on the configured
 * {@code base-url} (same scheme, same host and port, under its path). Paging links ({@code __next}, {@code Link
 * rel="next"}) come from the system's replies; a link elsewhere — another host, another scheme, a user-info trick
 * such as {@code https://start.exactonline.nl@evil.example/} — is refused as TRANSIENT, and the message never shows
 * the URL (its query may hold a skip token or worse).
 *
 * <p>The check is on the text, not on a parsed {@link java.net.URI}: what is compared is exactly what the HTTP
 * client will be given, and a link that a parser would read one way and the client another cannot slip through.
 */
public record ApiHost(String system, String scheme, String authority, String path) {

    public static ApiHost of(SystemSettings settings) {
        return of(settings.displayName(), settings.baseUrl());
    }

    public static ApiHost of(String system, String baseUrl) {
        int colon = baseUrl.indexOf("://");
        if (colon <= 0) {
            throw new IllegalStateException("the base-url of " + system + " is not an absolute URL");
        }
        String rest = baseUrl.substring(colon + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash).replaceAll("/+$", "");
        return new ApiHost(system, baseUrl.substring(0, colon).toLowerCase(Locale.ROOT),
                authority.toLowerCase(Locale.ROOT), path);
    }

    /** The base URL, without a trailing slash. */
    public String baseUrl() {
        return scheme + "://" + authority + path;
    }

    /** Whether {@code url} is an absolute URL on this host, under its path. */
    public boolean serves(String url) {
        if (url == null || url.chars().anyMatch(c -> c <= ' ' || c == '\\' || c == 0x7f)) {
            return false;
        }
        String prefix = scheme + "://";
        if (!url.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        String rest = url.substring(prefix.length());
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        if (!rest.substring(0, end).equalsIgnoreCase(authority)) {
            return false; // another host or port, or user info ("host@elsewhere") in front of another host
        }
        String remainder = rest.substring(end);
        return remainder.startsWith(path + "/") || !path.isEmpty() && (remainder.equals(path)
                || remainder.startsWith(path + "?"));
    }

    /**
     * The absolute URL to call: a path under the base ({@code /api/v1/current/Me}) is put after the base URL; an
     * absolute URL must be on this host ({@link #serves}). Anything else is refused, TRANSIENT.
     */
    public String resolve(String urlOrPath) {
        if (urlOrPath != null && urlOrPath.startsWith("/") && !urlOrPath.startsWith("//")) {
            String url = baseUrl() + urlOrPath;
            if (serves(url)) {
                return url;
            }
        } else if (serves(urlOrPath)) {
            return urlOrPath;
        }
        // never send the linked user's token to a host other than the configured one; never show the link
        throw ConnectorException.transientFailure(system + " sent a link that is not on its configured host"
                + " (another host, scheme or port): it is not followed");
    }
}
