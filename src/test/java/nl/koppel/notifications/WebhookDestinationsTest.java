package nl.koppel.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Webhooks go to public addresses only: no loopback, private, link-local (cloud metadata), CGNAT, unspecified or
 * unique-local address, whether written as a literal or reached through a name. (No DNS is needed here: literals,
 * and "localhost", which every machine resolves itself.)
 */
class WebhookDestinationsTest {

    private final WebhookDestinations production = new WebhookDestinations(false);

    @Test
    void internalAddressesAreRefusedAtRegistrationWithAClearReason() {
        for (String url : new String[] {"http://127.0.0.1:8080/hook", "https://localhost/hook",
                "https://api.localhost/hook", "http://10.1.2.3/hook", "http://172.16.0.1/hook",
                "http://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/hook",
                "http://0.0.0.0/hook", "http://[::1]/hook", "http://[fd12:3456::1]/hook", "http://[fe80::1]/hook",
                "http://[::ffff:10.0.0.1]/hook"}) {
            assertThat(production.refusalToRegister(URI.create(url))).as(url).hasValueSatisfying(reason ->
                    assertThat(reason).startsWith("Webhooks go to public addresses only;"));
        }
    }

    @Test
    void publicAddressesAndNamesAreAccepted() {
        for (String url : new String[] {"https://93.184.216.34/hook", "https://[2606:2800:220:1::1]/hook",
                "https://hooks.example.com/koppel", "https://172.32.0.1/hook", "https://100.128.0.1/hook"}) {
            assertThat(production.refusalToRegister(URI.create(url))).as(url).isEmpty();
        }
    }

    @Test
    void aDeliveryResolvesTheNameAndRefusesAnInternalAddress() {
        assertThat(production.refusalToDeliver(URI.create("http://localhost:8080/hook")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("localhost").contains("private"));
        assertThat(production.refusalToDeliver(URI.create("https://93.184.216.34/hook"))).isEmpty();
    }

    @Test
    void whereAllowedEverythingGoes() {
        WebhookDestinations sameMachine = new WebhookDestinations(true);
        assertThat(sameMachine.refusalToRegister(URI.create("http://127.0.0.1:8080/hook"))).isEmpty();
        assertThat(sameMachine.refusalToDeliver(URI.create("http://localhost:8080/hook"))).isEmpty();
    }

    @Test
    void theAddressRangesAreTheRightOnes() throws Exception {
        assertThat(WebhookDestinations.internal(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(WebhookDestinations.internal(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(WebhookDestinations.internal(InetAddress.getByName("100.127.255.255"))).isTrue();
        assertThat(WebhookDestinations.internal(InetAddress.getByName("100.63.255.255"))).isFalse();
        assertThat(WebhookDestinations.internal(InetAddress.getByName("8.8.8.8"))).isFalse();
    }
}
