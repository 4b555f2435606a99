package nl.koppel.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The one guard before the linked user's token goes anywhere: only the configured host. */
class ApiHostTest {

    private final ApiHost exact = ApiHost.of("Exact Online", "https://start.exactonline.nl");
    private final ApiHost simulator = ApiHost.of("Moneybird", "http://127.0.0.1:8123/");
    private final ApiHost withPath = ApiHost.of("Some", "https://api.example/v2");

    @Test
    void urlsOnTheConfiguredHostAreFollowed() {
        String next = "https://start.exactonline.nl/api/v1/1/sync/CRM/Accounts?$skiptoken=guid'x'&$select=ID";
        assertThat(exact.resolve(next)).isEqualTo(next);
        assertThat(exact.serves("HTTPS://Start.ExactOnline.nl/api/v1/current/Me")).isTrue();
        assertThat(simulator.serves("http://127.0.0.1:8123/api/v2/1/tax_rates.json?page=2")).isTrue();
        assertThat(withPath.serves("https://api.example/v2/things")).isTrue();
        assertThat(withPath.serves("https://api.example/v2?x=1")).isTrue();
    }

    @Test
    void pathsGoUnderTheBase() {
        assertThat(exact.resolve("/api/v1/current/Me")).isEqualTo("https://start.exactonline.nl/api/v1/current/Me");
        assertThat(simulator.resolve("/api/v2/administrations.json"))
                .isEqualTo("http://127.0.0.1:8123/api/v2/administrations.json");
        assertThat(withPath.resolve("/things")).isEqualTo("https://api.example/v2/things");
    }

    @Test
    void anotherHostSchemeOrPortIsRefused() {
        assertRefused(exact, "https://evil.example/api/v1/current/Me");
        assertRefused(exact, "http://start.exactonline.nl/api/v1/current/Me");
        assertRefused(exact, "https://start.exactonline.nl:8443/api/v1/current/Me");
        assertRefused(exact, "https://start.exactonline.nl.evil.example/api");
        assertRefused(exact, "https://start.exactonline.nl");
        assertRefused(simulator, "http://127.0.0.1:8124/api/v2/1/tax_rates.json");
        assertRefused(simulator, "http://127.0.0.1:81234/api");
        assertRefused(withPath, "https://api.example/v20/things");
        assertRefused(withPath, "https://api.example/other");
    }

    @Test
    void userInfoAndOtherTricksAreRefused() {
        assertRefused(exact, "https://start.exactonline.nl@evil.example/");
        assertRefused(exact, "https://start.exactonline.nl:443@evil.example/api");
        assertRefused(exact, "https://user:pw@start.exactonline.nl/api");
        assertRefused(exact, "https://start.exactonline.nl\\@evil.example/api");
        assertRefused(exact, "https://evil.example/?https://start.exactonline.nl/");
        assertRefused(exact, "https://start.exactonline.nl/api\r\nHost: evil.example");
        assertRefused(exact, "https://start.exactonline.nl#@evil.example/");
    }

    @Test
    void relativeLinksOtherThanAPathAreRefused() {
        assertRefused(exact, "//evil.example/api");
        assertRefused(exact, "api/v1/current/Me");
        assertRefused(exact, "javascript:alert(1)");
        assertRefused(exact, "");
        assertRefused(exact, null);
    }

    private static void assertRefused(ApiHost host, String url) {
        assertThat(host.serves(url)).as(url).isFalse();
        ConnectorException refused = catchThrowableOfType(ConnectorException.class, () -> host.resolve(url));
        assertThat(refused).as(url).isNotNull();
        assertThat(refused.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        // the message never shows the link (its query may carry a token)
        assertThat(refused.getMessage()).doesNotContain("evil").doesNotContain("://").doesNotContain("pw");
    }
}
