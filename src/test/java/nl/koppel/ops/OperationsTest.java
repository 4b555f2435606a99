package nl.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import nl.koppel.ops.jmx.KoppelMBeans;
import nl.koppel.ops.jmx.RemoteJmxServer;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestSimulators;
import nl.koppel.support.TestApi;
import org.springframework.beans.factory.annotation.Autowired;

/** Operators' view of Koppel: remote JMX as a real client, Jolokia and the actuator over real HTTP. */
abstract class OperationsTest extends KoppelIntegrationTest {

    /** Operators of config/application-test.yaml (password "demo"). */
    static final String MONITOR = "monitor-test";
    static final String CONTROL = "control-test";
    static final String OPERATOR_PASSWORD = "demo";


    @Autowired
    RemoteJmxServer remoteJmx;

    /** A real remote JMX client over RMI, signed in as the given operator. */
    JMXConnector jmx(String user, String password) throws IOException {
        return JMXConnectorFactory.connect(remoteJmx.serviceUrl(),
                Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    /** {@code nl.koppel:type=Connection,office=<the office's name>,system=exact-online} */
    ObjectName connectionMBean(TestOffice office) {
        String name = jdbc.sql("SELECT name FROM office WHERE id = :id").param("id", office.id())
                .query(String.class).single();
        return KoppelMBeans.connectionName(name, "exact-online");
    }

    /** Waits until the connection's MBean is registered (the registry matches the database every second). */
    void awaitMBean(MBeanServerConnection server, ObjectName name) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.isRegistered(name));
    }

    /** An office linked to Exact Online whose user can access one small generated division (and its own). */
    record Linked(TestOffice office, UUID connectionId, SimulatedDivision division) {
    }

    Linked linkedOffice() {
        TestOffice office = provisionOffice();
        grantOwnDivision(office);
        SimulatedDivision division = TestSimulators.generate(seed -> GenerationPlan.of(seed, office.exactUserName(),
                1, 12).withCounts(6, 3, 2, 2, 2)).get(0);
        UUID connectionId = addExactOnline(office, office.superUser());
        TestApi.Reply linked = link(office, connectionId, office.superUser());
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        return new Linked(office, connectionId, division);
    }

    /** The user's own division (current/Me's CurrentDivision) exists and is accessible, as in Exact. */
    void grantOwnDivision(TestOffice office) {
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + office.exactUserName()));
        exact.grantDivision(office.exactUserName(), own);
    }

    UUID dossierId(UUID connectionId, int division) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                jdbc.sql("SELECT id FROM dossier WHERE connection_id = :c AND external_id = :e")
                        .param("c", connectionId).param("e", Integer.toString(division))
                        .query(UUID.class).optional().orElse(null), java.util.Objects::nonNull);
    }
}
