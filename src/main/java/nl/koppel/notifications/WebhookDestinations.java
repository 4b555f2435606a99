package nl.koppel.notifications;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go. An office admin chooses the URL, and Koppel calls it from inside the data centre: a URL
 * on a private, loopback or link-local address (the cloud's metadata service at 169.254.169.254, a database, an
 * admin port) would let that admin reach what only Koppel can reach. Such destinations are refused unless
 * {@code koppel.notifications.webhook.allow-private-addresses} is on (tests and the demo, whose receivers run on
 * this machine).
 * <p>
 * A registration checks IP literals and local names without a DNS lookup (a receiver's name need not resolve
 * yet); every delivery resolves the name and checks each address, so a name that later points inside is refused
 * too.
 */
@Component
public class WebhookDestinations {

    private final boolean allowPrivateAddresses;

    @Autowired
    public WebhookDestinations(NotificationProperties properties) {
        this(properties.webhook().allowPrivateAddresses());
    }

    WebhookDestinations(boolean allowPrivateAddresses) {
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    /** Why a webhook may not be registered with this URL; empty when it may. */
    public Optional<String> refusalToRegister(URI url) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        String host = host(url);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return Optional.of(refused(host));
        }
        if (!isIpLiteral(host)) {
            return Optional.empty();
        }
        try {
            return internal(InetAddress.getByName(host)) ? Optional.of(refused(host)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("The url's host " + host + " is not a valid address");
        }
    }

    /** Why this delivery may not go out; empty when it may. Resolves the host. */
    public Optional<String> refusalToDeliver(URI url) {
        if (allowPrivateAddresses) {
            return Optional.empty();
        }
        String host = host(url);
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address)) {
                    return Optional.of(refused(host + " (" + address.getHostAddress() + ")"));
                }
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("the receiver's host " + host + " was not found");
        }
    }

    /** Loopback, private (RFC 1918, IPv6 unique local), link-local, carrier-grade NAT, unspecified or multicast. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xFF;
            int second = bytes[1] & 0xFF;
            return first == 0 || (first == 100 && second >= 64 && second <= 127); // "this network", CGNAT
        }
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xFE) == 0xFC; // fc00::/7, unique local
        }
        return false;
    }

    private static String host(URI url) {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String refused(String what) {
        return "Webhooks go to public addresses only; " + what + " is a private, loopback or link-local address";
    }
}
