package nl.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.StreamSupport;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot Actuator: health is UP with a niet verbonden connection in its details (for operators only), the
 * probes answer, Prometheus shows Koppel's meters, and nothing else of the actuator is exposed.
 */
class HealthAndMetricsTest extends OperationsTest {

    @Test
    void healthIsUpAndListsANietVerbondenConnectionInItsDetails() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser()); // never linked: niet verbonden

        TestApi.Reply anonymous = api.get("/actuator/health", null, null);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).as("details only for operators").isFalse();

        TestApi.Reply operator = api.get("/actuator/health", MONITOR, OPERATOR_PASSWORD);
        assertThat(operator.status()).as(operator.toString()).isEqualTo(200);
        JsonNode health = operator.json();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camelHealth/status").asText()).isEqualTo("UP");
        // the operators' signal for kinds that keep failing (FailureOutcomesTest drives one over the threshold)
        assertThat(health.at("/components/failingSyncs/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/failingSyncs/details/threshold").asInt()).isPositive();
        JsonNode connections = health.at("/components/connections");
        assertThat(connections.path("status").asText()).isEqualTo("UP");
        assertThat(connections.at("/details/notConnected/exact-online").asLong()).isPositive();
        JsonNode listed = StreamSupport.stream(connections.at("/details/nietVerbonden").spliterator(), false)
                .filter(c -> c.path("connectionId").asText().equals(connectionId.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("connection not listed: " + connections));
        assertThat(listed.path("status").asText()).isEqualTo("niet verbonden");
        assertThat(listed.path("reason").asText()).isEqualTo("NEVER_LINKED");
        assertThat(listed.path("system").asText()).isEqualTo("exact-online");
        assertThat(listed.path("office").asText()).startsWith("Kantoor ");

        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            TestApi.Reply reply = api.get(probe, null, null);
            assertThat(reply.status()).as(probe + " " + reply).isEqualTo(200);
            assertThat(reply.json().path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void prometheusShowsKoppelsMetersToOperators() throws Exception {
        TestOffice office = provisionOffice();
        grantOwnDivision(office);
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200); // calls Exact Online

        assertThat(scrape(null, null).statusCode()).isEqualTo(401);
        assertThat(scrape(office.superUser().username(), PASSWORD).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = scrape(MONITOR, OPERATOR_PASSWORD);
        assertThat(scrape.statusCode()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("koppel_sync_records_total{application=\"koppel\",kind=\"relations\",outcome=\"inserted\"}")
                .contains("koppel_sync_duration_seconds_count{")
                .containsPattern("koppel_api_requests_seconds_count\\{[^}]*status=\"200\",system=\"exact-online\"")
                .contains("koppel_connections{application=\"koppel\",status=\"CONNECTED\",system=\"exact-online\"}")
                .contains("koppel_connections{application=\"koppel\",status=\"NOT_CONNECTED\",system=\"exact-online\"}")
                .contains("koppel_sync_rate_limit_wait_seconds_count{application=\"koppel\",system=\"exact-online\"}")
                .contains("koppel_notifications_deliveries_total{application=\"koppel\",channel=\"email\"");

        assertThat(api.get("/actuator/info", MONITOR, OPERATOR_PASSWORD).status()).isEqualTo(200);
        for (String hidden : new String[] {"/actuator/env", "/actuator/camelroutes", "/actuator/metrics",
                "/actuator/loggers"}) {
            assertThat(api.get(hidden, CONTROL, OPERATOR_PASSWORD).status()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void prometheusShowsCamelsRouteTimersNextToKoppels() throws Exception {
        TestOffice office = provisionOffice();
        grantOwnDivision(office);
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        // the link made a discovery due at once: the discover-connection route has run (or runs now)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(scrape(MONITOR, OPERATOR_PASSWORD).body())
                        .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"discover-connection\"")
                        .containsPattern("camel_route_policy_seconds_count\\{[^}]*routeId=\"discover-connection\"")
                        .contains("koppel_connections{"));
    }

    /** A scrape as Prometheus makes it (text format, HTTP Basic). */
    private HttpResponse<String> scrape(String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/prometheus")).header("Accept", "text/plain;version=0.0.4");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
