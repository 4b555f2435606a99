package nl.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import nl.koppel.ops.jmx.KoppelMBeans;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A full link-and-sync run, with token refreshes on the way, watched by an operator: every log line of the sync
 * carries office, connection, dossier and kind (as JSON fields in the structured log file of the test profile),
 * and neither the log nor any attribute of any Koppel MBean (read over remote JMX) nor an operation's result
 * holds one of the simulator's codes or tokens, the client secret or the encryption key.
 */
class OperationsRunTest extends OperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Value("${koppel.credentials.encryption-key}")
    String encryptionKey;

    @Value("${logging.file.name}")
    String logFile;

    @AfterEach
    void restoreSimulator() {
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
    }

    @Test
    void aSyncLogsItsContextAndNoSecretReachesTheLogOrAnyMBean() throws Exception {
        List<String> seenOverJmx = new ArrayList<>();
        String logText;
        Linked linked;
        UUID dossierId;
        try (CapturedLog log = CapturedLog.attach("nl.koppel", "org.apache.camel")) {
            // short-lived access tokens: the sync refreshes them on the way
            exact.settings().accessTokenLifetime(Duration.ofSeconds(2)).minRefreshInterval(Duration.ofSeconds(1));
            linked = linkedOffice();
            dossierId = dossierId(linked.connectionId(), linked.division().code());
            awaitSynced(dossierId, Instant.EPOCH);
            try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                ObjectName connection = connectionMBean(linked.office());
                awaitMBean(server, connection);
                // a second turn after the token ran out: a refresh, asked for by the operator
                await2s();
                Instant again = Instant.now();
                seenOverJmx.add((String) server.invoke(connection, "syncNow",
                        new Object[] {Integer.toString(linked.division().code())}, new String[] {"java.lang.String"}));
                awaitSynced(dossierId, again);
                seenOverJmx.add((String) server.invoke(connection, "checkNow", null, null));
                for (ObjectName name : server.queryNames(new ObjectName(KoppelMBeans.DOMAIN + ":*"), null)) {
                    for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                        seenOverJmx.add(name + " " + attribute.getName() + "="
                                + server.getAttribute(name, attribute.getName()));
                    }
                }
            }
            logText = log.text();
        }
        assertThat(logText).as("the run refreshed tokens").contains("Refreshed the access token");
        assertThat(seenOverJmx).as("attributes read").anyMatch(line -> line.contains("Status=CONNECTED"))
                .anyMatch(line -> line.contains("WorkDue="));

        List<String> secrets = new ArrayList<>(exact.issuedSecrets());
        assertThat(secrets).as("the run handed out codes and tokens").hasSizeGreaterThan(3);
        secrets.add(TestSimulators.CLIENT_SECRET);
        secrets.add(encryptionKey);
        for (String secret : secrets) {
            assertThat(logText).as("the log").doesNotContain(secret);
            assertThat(seenOverJmx).as("MBean attributes and operation results").noneMatch(s -> s.contains(secret));
        }

        // the structured (JSON) log: the sync's lines carry its context as fields
        List<JsonNode> lines = jsonLines(dossierId);
        JsonNode turn = lines.stream().filter(l -> l.path("message").asText().startsWith("Sync of dossier"))
                .findFirst().orElseThrow(() -> new AssertionError("no turn line for dossier " + dossierId));
        assertThat(turn.path("office").asText()).isEqualTo(linked.office().id().toString());
        assertThat(turn.path("connection").asText()).isEqualTo(linked.connectionId().toString());
        assertThat(turn.has("durationMs")).isTrue();
        assertThat(turn.path("inserted").asInt() + turn.path("unchanged").asInt()).isPositive();
        List<JsonNode> kindLines = lines.stream().filter(l -> l.path("message").asText().startsWith("Sync of relations"))
                .toList();
        assertThat(kindLines).as("one line per kind run").isNotEmpty().allSatisfy(l -> {
            assertThat(l.path("kind").asText()).isEqualTo("relations");
            assertThat(l.path("office").asText()).isEqualTo(linked.office().id().toString());
            assertThat(l.path("connection").asText()).isEqualTo(linked.connectionId().toString());
        });
        assertThat(lines).as("Camel's and the credential store's lines of the sync carry the context too")
                .anyMatch(l -> l.path("log").path("logger").asText().startsWith("org.apache.camel")
                        && l.path("kind").asText().equals("relations"));
    }

    /** The JSON lines of the test profile's log file that name the dossier in their MDC. */
    private List<JsonNode> jsonLines(UUID dossierId) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(logFile))) {
            if (line.contains(dossierId.toString())) {
                JsonNode node = JSON.readTree(line);
                if (node.path("dossier").asText().equals(dossierId.toString())) {
                    lines.add(node);
                }
            }
        }
        return lines;
    }

    private static void await2s() throws InterruptedException {
        Thread.sleep(2100);
    }
}
