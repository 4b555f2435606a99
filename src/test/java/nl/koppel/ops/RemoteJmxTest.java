package nl.koppel.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import nl.koppel.ops.jmx.KoppelMBeans;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A real remote JMX client (JMXConnectorFactory over RMI, as jconsole does) signs in as an operator, reads a
 * connection's MBean, pauses and resumes its sync, checks its link, and the database shows each effect. Wrong
 * passwords are refused; a monitor may look but not act; Camel's route MBeans are there to stop and start.
 */
class RemoteJmxTest extends OperationsTest {

    @Autowired
    CamelContext camel;

    @Test
    void anOperatorReadsAConnectionPausesAndResumesItsSyncAndChecksItsLink() throws Exception {
        Linked linked = linkedOffice();
        UUID dossierId = dossierId(linked.connectionId(), linked.division().code());
        awaitSynced(dossierId, Instant.EPOCH);
        TestOffice office = linked.office();

        try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = connectionMBean(office);
            awaitMBean(server, name);

            assertThat(server.getAttribute(name, "ConnectionId")).isEqualTo(linked.connectionId().toString());
            assertThat(server.getAttribute(name, "OfficeId")).isEqualTo(office.id().toString());
            assertThat(server.getAttribute(name, "System")).isEqualTo("exact-online");
            assertThat(server.getAttribute(name, "Status")).isEqualTo("CONNECTED");
            assertThat(server.getAttribute(name, "StatusLabel")).isEqualTo("login gelukt");
            assertThat(server.getAttribute(name, "Reason")).isEqualTo("LINKED");
            assertThat(Instant.parse((String) server.getAttribute(name, "Since"))).isBefore(Instant.now());
            assertThat((String) server.getAttribute(name, "SyncUser")).contains(office.superUser().username());
            assertThat(server.getAttribute(name, "AccountingSystemUser")).isEqualTo(office.exactUserName());
            assertThat((String) server.getAttribute(name, "LastSuccessfulSync")).isNotBlank();
            TabularData counts = (TabularData) server.getAttribute(name, "DossierCounts");
            assertThat(count(counts, "ACTIVE")).isEqualTo(2L); // the user's own division and the generated one
            assertThat(count(counts, "INACCESSIBLE")).isZero();
            assertThat((Integer) server.getAttribute(name, "RateLimitMinuteRemaining")).as("budget left")
                    .isNotNull().isPositive();
            assertThat(server.getAttribute(name, "SyncPaused")).isEqualTo(false);

            // pause: the flag is in the database, and a sync asked for now is not claimed while paused
            assertThat((String) server.invoke(name, "pauseSync", null, null)).startsWith("paused");
            assertThat(paused(linked.connectionId())).isTrue();
            assertThat(server.getAttribute(name, "SyncPaused")).isEqualTo(true);
            // a turn claimed just before the pause may still finish
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT count(*) FROM dossier"
                    + " WHERE connection_id = :c AND lease_owner IS NOT NULL").param("c", linked.connectionId())
                    .query(Long.class).single() == 0);
            Instant asked = Instant.now();
            assertThat((String) server.invoke(name, "syncNow", new Object[] {"all"},
                    new String[] {String.class.getName()})).startsWith("2 dossiers due now").contains("paused");
            await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
            assertThat(lastAttempt(dossierId)).as("no turn while paused").isBefore(asked);

            // resume: the sync asked for runs
            assertThat(server.invoke(name, "resumeSync", null, null)).isEqualTo("resumed");
            assertThat(paused(linked.connectionId())).isFalse();
            awaitSynced(dossierId, asked);

            // check now: the same route as the scheduled check; last_checked_at moves
            Instant beforeCheck = Instant.now();
            assertThat((String) server.invoke(name, "checkNow", null, null)).startsWith("OK");
            assertThat(jdbc.sql("SELECT last_checked_at FROM accounting_system_connection WHERE id = :id")
                    .param("id", linked.connectionId()).query(Timestamp.class).single().toInstant())
                    .isAfterOrEqualTo(beforeCheck);
            assertThat(Instant.parse((String) server.getAttribute(name, "LastCheck"))).isAfterOrEqualTo(beforeCheck);
            assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE subject_id = :id AND action IN"
                            + " ('sync.paused', 'sync.resumed', 'sync.requested_by_operator')"
                            + " AND actor = 'operator control-test (JMX)'")
                    .param("id", linked.connectionId()).query(Long.class).single()).isEqualTo(3);
        }
    }

    @Test
    void theSchedulerPausesAndResumesAllBackgroundSync() throws Exception {
        try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName scheduler = KoppelMBeans.schedulerName();
            assertThat((Integer) server.getAttribute(scheduler, "WorkInFlight")).isNotNegative();
            assertThat((Long) server.getAttribute(scheduler, "WorkDue")).isNotNegative();
            assertThat((Integer) server.getAttribute(scheduler, "Concurrency")).isPositive();
            try {
                assertThat((String) server.invoke(scheduler, "pauseAllSync", null, null)).startsWith("paused");
                assertThat(jdbc.sql("SELECT sync_paused FROM koppel_setting").query(Boolean.class).single()).isTrue();
                assertThat(server.getAttribute(scheduler, "SyncPaused")).isEqualTo(true);
                assertThat((String) server.getAttribute(scheduler, "SyncPausedSince")).isNotBlank();
            } finally {
                assertThat(server.invoke(scheduler, "resumeAllSync", null, null)).isEqualTo("resumed");
            }
            assertThat(jdbc.sql("SELECT sync_paused FROM koppel_setting").query(Boolean.class).single()).isFalse();
        }
    }

    @Test
    void theOutboxShowsItsDeadLettersAndAControlOperatorSendsOneAgain() throws Exception {
        TestOffice office = provisionOffice();
        UUID dead = UUID.randomUUID();
        jdbc.sql("INSERT INTO outbox (id, office_id, event_id, event_type, channel, user_id, recipient, subject, body,"
                        + " status, attempts, last_error) VALUES (:id, :office, :event, 'connection.disconnected', 'EMAIL',"
                        + " :user, 'someone@kantoor.example', 'Koppeling verbroken', 'tekst', 'DEAD', 4, 'refused')")
                .param("id", dead).param("office", office.id()).param("event", UUID.randomUUID())
                .param("user", office.superUser().id()).update();
        ObjectName outbox = KoppelMBeans.notificationsName();
        try (JMXConnector connector = jmx(MONITOR, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            assertThat((Long) server.getAttribute(outbox, "Dead")).isPositive();
            assertThat((String) server.getAttribute(outbox, "DeadByChannel")).contains("EMAIL=");
            assertThatThrownBy(() -> server.invoke(outbox, "retry", new Object[] {dead.toString()},
                    new String[] {String.class.getName()})).isInstanceOf(SecurityException.class);
        }
        try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            assertThat((String) server.invoke(outbox, "retry", new Object[] {dead.toString()},
                    new String[] {String.class.getName()})).startsWith("queued again");
            assertThat(jdbc.sql("SELECT attempts FROM outbox WHERE id = :id").param("id", dead)
                    .query(Integer.class).single()).as("a fresh set of retries").isLessThan(4);
            assertThat((String) server.invoke(outbox, "retry", new Object[] {"not-an-id"},
                    new String[] {String.class.getName()})).startsWith("not an outbox id");
        } finally {
            jdbc.sql("DELETE FROM outbox WHERE id = :id").param("id", dead).update();
        }
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() {
        assertThatThrownBy(() -> jmx(CONTROL, "not-the-password").close()).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> jmx("nobody", OPERATOR_PASSWORD).close()).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> jmx(PLATFORM, PLATFORM_PASSWORD).close()).as("office and platform users are not"
                + " operators").isInstanceOf(SecurityException.class);
    }

    @Test
    void aMonitorReadsButCannotInvokeOperations() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        try (JMXConnector connector = jmx(MONITOR, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = connectionMBean(office);
            awaitMBean(server, name);
            assertThat(server.getAttribute(name, "StatusLabel")).isEqualTo("niet verbonden");
            assertThat(server.getAttribute(name, "Reason")).isEqualTo("NEVER_LINKED");

            assertThatThrownBy(() -> server.invoke(name, "pauseSync", null, null))
                    .isInstanceOf(SecurityException.class).hasMessageContaining("control role");
            assertThat(paused(connectionId)).isFalse();
            assertThatThrownBy(() -> server.invoke(KoppelMBeans.schedulerName(), "pauseAllSync", null, null))
                    .isInstanceOf(SecurityException.class);
            ObjectName route = camelRoute(server, "master-data-tick");
            assertThatThrownBy(() -> server.invoke(route, "suspend", null, null))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> server.setAttribute(route, new Attribute("Description", "x")))
                    .isInstanceOf(SecurityException.class);
            // nobody may create MBeans remotely (the way to load code over JMX)
            assertThatThrownBy(() -> server.createMBean("javax.management.timer.Timer",
                    new ObjectName("nl.koppel:type=Evil"))).isInstanceOf(SecurityException.class);
        }
    }

    @Test
    void camelsRouteMBeansCanBeSuspendedAndResumedByAControlOperator() throws Exception {
        try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName route = camelRoute(server, "master-data-tick");
            assertThat(server.getAttribute(route, "ExchangesTotal")).isNotNull();
            assertThat(server.queryNames(new ObjectName("org.apache.camel:type=processors,*"), null)).isNotEmpty();
            try {
                server.invoke(route, "suspend", null, null);
                assertThat(camel.getRouteController().getRouteStatus("master-data-tick"))
                        .isEqualTo(ServiceStatus.Suspended);
            } finally {
                server.invoke(route, "resume", null, null);
            }
            assertThat(camel.getRouteController().getRouteStatus("master-data-tick"))
                    .isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void aControlOperatorCannotSendToAnEndpointLoadCodeOrDumpTheHeap() throws Exception {
        try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName context = server.queryNames(new ObjectName("org.apache.camel:type=context,*"), null)
                    .iterator().next();
            assertThatThrownBy(() -> server.invoke(context, "requestBody",
                    new Object[] {"sql:select username, password_hash from app_user", ""},
                    new String[] {String.class.getName(), Object.class.getName()}))
                    .as("Camel's requestBody would run any SQL").isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> server.invoke(context, "sendBody", new Object[] {"log:x", ""},
                    new String[] {String.class.getName(), Object.class.getName()}))
                    .isInstanceOf(SecurityException.class);
            ObjectName route = camelRoute(server, "retention-tick");
            assertThatThrownBy(() -> server.invoke(route, "updateRouteFromXml", new Object[] {"<route/>"},
                    new String[] {String.class.getName()})).isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> server.invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpHeap", new Object[] {"/tmp/koppel-heap.hprof", true},
                    new String[] {String.class.getName(), boolean.class.getName()}))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> server.invoke(new ObjectName("java.util.logging:type=Logging"),
                    "setLoggerLevel", new Object[] {"nl.koppel", "FINEST"},
                    new String[] {String.class.getName(), String.class.getName()}))
                    .isInstanceOf(SecurityException.class);
            assertThatThrownBy(() -> server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "vmSystemProperties", null, null)).isInstanceOf(SecurityException.class);
            // what a control operator is for still works
            try {
                server.invoke(route, "stop", null, null);
                assertThat(camel.getRouteController().getRouteStatus("retention-tick"))
                        .isEqualTo(ServiceStatus.Stopped);
            } finally {
                server.invoke(route, "start", null, null);
            }
            assertThat(camel.getRouteController().getRouteStatus("retention-tick"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(server.getAttribute(KoppelMBeans.schedulerName(), "SyncPaused")).isEqualTo(false);
        }
    }

    @Test
    void nobodyReadsSystemPropertiesOrJvmArguments() throws Exception {
        ObjectName runtime = new ObjectName("java.lang:type=Runtime");
        for (String user : new String[] {MONITOR, CONTROL}) {
            try (JMXConnector connector = jmx(user, OPERATOR_PASSWORD)) {
                MBeanServerConnection server = connector.getMBeanServerConnection();
                assertThatThrownBy(() -> server.getAttribute(runtime, "SystemProperties"))
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> server.getAttribute(runtime, "InputArguments"))
                        .isInstanceOf(SecurityException.class);
                AttributeList read = server.getAttributes(runtime, new String[] {"Uptime", "SystemProperties",
                        "InputArguments"});
                assertThat(read.asList()).extracting(Attribute::getName).containsExactly("Uptime");
                assertThat((Long) server.getAttribute(runtime, "Uptime")).isPositive();
            }
        }
    }

    @Test
    void aClassOutsideJmxsOwnTypesIsNotDeserialisedFromASignedInClient() throws Exception {
        Tripwire.tripped = false;
        try (JMXConnector connector = jmx(CONTROL, OPERATOR_PASSWORD)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            assertThatThrownBy(() -> server.invoke(KoppelMBeans.notificationsName(), "retry",
                    new Object[] {new Tripwire()}, new String[] {String.class.getName()}));
            // a plain argument still goes through
            assertThat((String) server.invoke(KoppelMBeans.notificationsName(), "retry", new Object[] {"x"},
                    new String[] {String.class.getName()})).startsWith("not an outbox id");
        }
        assertThat(Tripwire.tripped).as("the server read a class it should have refused").isFalse();
    }

    /** Stands in for a gadget: reading it on the server leaves a mark. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean tripped;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            tripped = true;
        }
    }

    private static ObjectName camelRoute(MBeanServerConnection server, String routeId) throws Exception {
        Set<ObjectName> routes = server.queryNames(new ObjectName("org.apache.camel:type=routes,name=\"" + routeId
                + "\",*"), null);
        assertThat(routes).as("Camel's MBean of route " + routeId).hasSize(1);
        return routes.iterator().next();
    }

    private static long count(TabularData counts, String status) {
        CompositeData row = counts.get(new Object[] {status});
        return (Long) row.get("value");
    }

    private boolean paused(UUID connectionId) {
        return jdbc.sql("SELECT sync_paused FROM accounting_system_connection WHERE id = :id")
                .param("id", connectionId).query(Boolean.class).single();
    }

    private Instant lastAttempt(UUID dossierId) {
        return jdbc.sql("SELECT max(last_attempt_at) FROM sync_state WHERE dossier_id = :id")
                .param("id", dossierId).query(Timestamp.class).single().toInstant();
    }
}
