package nl.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import nl.koppel.support.TestApi;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;

/**
 * Jolokia (JMX over HTTP, for Hawtio) at /actuator/jolokia reads the same MBean attribute as the RMI client; it
 * wants an operator's sign-in, and only a control operator may execute operations.
 */
class JolokiaTest extends OperationsTest {

    @Autowired
    CamelContext camel;

    @Test
    void jolokiaReadsTheSameAttributeAsRemoteJmxForSignedInOperatorsOnly() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        ObjectName name = connectionMBean(office);
        Object overRmi;
        try (JMXConnector connector = jmx(MONITOR, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            awaitMBean(server, name);
            overRmi = server.getAttribute(name, "StatusLabel");
        }
        String read = "/actuator/jolokia/read/" + name.getCanonicalName().replace(" ", "%20") + "/StatusLabel";

        TestApi.Reply monitor = api.get(read, MONITOR, OPERATOR_PASSWORD);
        assertThat(monitor.status()).as(monitor.toString()).isEqualTo(200);
        assertThat(monitor.json().path("status").asInt()).as(monitor.toString()).isEqualTo(200);
        assertThat(monitor.json().path("value").asText()).isEqualTo(overRmi).isEqualTo("niet verbonden");

        assertThat(api.get(read, null, null).status()).as("no sign-in").isEqualTo(401);
        assertThat(api.get(read, MONITOR, "wrong").status()).as("wrong password").isEqualTo(401);
        assertThat(api.get(read, office.superUser().username(), PASSWORD).status()).as("an office user")
                .isEqualTo(401);
        assertThat(api.get(read, PLATFORM, PLATFORM_PASSWORD).status()).as("the platform account").isEqualTo(401);

        // executing an operation: refused for a monitor, done for a control operator
        Map<String, Object> pause = Map.of("type", "exec", "mbean", name.getCanonicalName(), "operation", "pauseSync");
        JsonNode refused = api.post("/actuator/jolokia", MONITOR, OPERATOR_PASSWORD, pause).json();
        assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(403);
        assertThat(paused(connectionId)).isFalse();
        JsonNode done = api.post("/actuator/jolokia", CONTROL, OPERATOR_PASSWORD, pause).json();
        assertThat(done.path("status").asInt()).as(done.toString()).isEqualTo(200);
        assertThat(done.path("value").asText()).startsWith("paused");
        assertThat(paused(connectionId)).isTrue();
        assertThat(jdbc.sql("SELECT actor FROM audit_event WHERE subject_id = :id AND action = 'sync.paused'")
                .param("id", connectionId).query(String.class).single()).isEqualTo("operator control-test (Jolokia)");
    }

    @Test
    void aRequestABrowserMarksCrossSiteIsRefused() throws Exception {
        String credentials = Base64.getEncoder().encodeToString((CONTROL + ":" + OPERATOR_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/jolokia/version"))
                .header("Authorization", "Basic " + credentials).header("Sec-Fetch-Site", "cross-site").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(api.get("/actuator/jolokia/version", CONTROL, OPERATOR_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aControlOperatorCannotRunSqlThroughCamelButStopsAndStartsRoutes() throws Exception {
        String context = api.get("/actuator/jolokia/search/org.apache.camel:type=context,*", CONTROL,
                OPERATOR_PASSWORD).json().path("value").get(0).asText();
        Map<String, Object> sql = Map.of("type", "exec", "mbean", context,
                "operation", "requestBody(java.lang.String,java.lang.Object)",
                "arguments", List.of("sql:select username, password_hash from app_user", ""));
        JsonNode refused = api.post("/actuator/jolokia", CONTROL, OPERATOR_PASSWORD, sql).json();
        assertThat(refused.path("status").asInt()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.toString()).doesNotContain("$2a$");
        JsonNode heap = api.post("/actuator/jolokia", CONTROL, OPERATOR_PASSWORD, Map.of("type", "exec",
                "mbean", "com.sun.management:type=HotSpotDiagnostic", "operation", "dumpHeap",
                "arguments", List.of("/tmp/koppel-heap.hprof", true))).json();
        assertThat(heap.path("status").asInt()).as(heap.toString()).isEqualTo(403);

        String route = api.get("/actuator/jolokia/search/org.apache.camel:type=routes,name=%22retention-tick%22,*",
                CONTROL, OPERATOR_PASSWORD).json().path("value").get(0).asText();
        try {
            JsonNode stop = api.post("/actuator/jolokia", CONTROL, OPERATOR_PASSWORD,
                    Map.of("type", "exec", "mbean", route, "operation", "stop()")).json();
            assertThat(stop.path("status").asInt()).as(stop.toString()).isEqualTo(200);
            assertThat(camel.getRouteController().getRouteStatus("retention-tick"))
                    .isEqualTo(ServiceStatus.Stopped);
        } finally {
            JsonNode start = api.post("/actuator/jolokia", CONTROL, OPERATOR_PASSWORD,
                    Map.of("type", "exec", "mbean", route, "operation", "start()")).json();
            assertThat(start.path("status").asInt()).as(start.toString()).isEqualTo(200);
        }
        assertThat(camel.getRouteController().getRouteStatus("retention-tick")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aMonitorDoesNotSeeSystemPropertiesOrJvmArguments() {
        for (String attribute : List.of("SystemProperties", "InputArguments")) {
            JsonNode one = api.get("/actuator/jolokia/read/java.lang:type=Runtime/" + attribute, MONITOR,
                    OPERATOR_PASSWORD).json();
            assertThat(one.path("status").asInt()).as(one.toString()).isEqualTo(403);
        }
        // reading all attributes is refused as a whole; with ignoreErrors (as Hawtio asks) the rest is read
        JsonNode whole = api.get("/actuator/jolokia/read/java.lang:type=Runtime", MONITOR, OPERATOR_PASSWORD).json();
        assertThat(whole.toString()).doesNotContain("java.version");
        JsonNode all = api.get("/actuator/jolokia/read/java.lang:type=Runtime?ignoreErrors=true", MONITOR,
                OPERATOR_PASSWORD).json();
        assertThat(all.path("value").has("Uptime")).as(all.toString()).isTrue();
        // Jolokia puts its refusal where the values would be
        assertThat(all.path("value").path("SystemProperties").path(".error").asBoolean()).as(all.toString()).isTrue();
        assertThat(all.path("value").path("InputArguments").path(".error").asBoolean()).isTrue();
        assertThat(all.toString()).doesNotContain("java.version").doesNotContain("-Xm");
        JsonNode pattern = api.get("/actuator/jolokia/read/java.lang:*/SystemProperties", MONITOR,
                OPERATOR_PASSWORD).json();
        assertThat(pattern.toString()).doesNotContain("java.version");
    }

    private boolean paused(UUID connectionId) {
        return jdbc.sql("SELECT sync_paused FROM accounting_system_connection WHERE id = :id")
                .param("id", connectionId).query(Boolean.class).single();
    }
}
