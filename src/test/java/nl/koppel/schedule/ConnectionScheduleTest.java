package nl.koppel.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.support.KoppelIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One schedule across the cluster: link checks are due rows in PostgreSQL that two instances (two claimers with
 * their own instance ids, as two Koppel processes would have) share. What reached the Exact Online simulator
 * shows that no connection is checked twice at once, each due check runs once per interval, an expired lease is
 * taken over, and this instance runs its checks in parallel up to koppel.schedule.parallelism.
 */
class ConnectionScheduleTest extends KoppelIntegrationTest {

    private static final String ME = "/api/v1/current/Me";
    private static final List<String> TICKS = List.of("link-check-tick", "discovery-tick");
    private static final Duration HOUR = Duration.ofHours(1);

    @Autowired
    ConnectionSchedule schedule;
    @Autowired
    ScheduleProperties properties;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    /** connection id -> its Exact user */
    private final Map<UUID, String> linked = new LinkedHashMap<>();

    @BeforeEach
    void linkSix() throws Exception {
        for (int i = 0; i < 6; i++) {
            TestOffice office = provisionOffice();
            int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                    .orElseThrow().currentDivision();
            exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + office.exactUserName()));
            exact.grantDivision(office.exactUserName(), own);
            UUID connectionId = addExactOnline(office, office.superUser());
            assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
            linked.put(connectionId, office.exactUserName());
        }
        // the discoveries the links made due have run; from here on this test plays the instances
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM accounting_system_connection"
                + " WHERE id IN (:ids) AND last_discovery_at IS NOT NULL").param("ids", linked.keySet())
                .query(Integer.class).single() == linked.size());
        for (String tick : TICKS) {
            camel.getRouteController().stopRoute(tick);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM connection_schedule WHERE connection_id IN (:ids)")
                .param("ids", linked.keySet()).query(Integer.class).single())
                .as("a link puts its connection on the schedule: a link check and a discovery").isEqualTo(12);
    }

    @AfterEach
    void restore() throws Exception {
        exact.faults().clear();
        for (String tick : TICKS) {
            camel.getRouteController().startRoute(tick);
        }
    }

    @Test
    void twoInstancesShareTheChecksRunEachOncePerIntervalAndTakeOverAnExpiredLease() throws Exception {
        // an hour's interval for both instances, so that a round cannot come due again while the test runs
        ScheduleProperties hourly = new ScheduleProperties(4, new ScheduleProperties.Job(HOUR, Duration.ofMinutes(2)),
                new ScheduleProperties.Job(HOUR, Duration.ofMinutes(2)));
        List<ConnectionWork> instances = List.of(new ConnectionWork(schedule, hourly, "instance-a"),
                new ConnectionWork(schedule, hourly, "instance-b"));
        exact.faults().delayNext(ME, Duration.ofMillis(300), 1000); // checks take long enough to overlap
        makeDue();
        exact.resetConcurrentCalls();

        runBoth(instances);
        for (Map.Entry<UUID, String> connection : linked.entrySet()) {
            assertThat(exact.apiCallsBy(ME, connection.getValue())).as("checks of " + connection.getKey())
                    .isEqualTo(1);
            assertThat(exact.highestConcurrentCalls(ME, connection.getValue())).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT DISTINCT last_run_by FROM connection_schedule WHERE job = 'LINK_CHECK'"
                        + " AND connection_id IN (:ids)").param("ids", linked.keySet()).query(String.class).set())
                .as("the checks were spread over both instances").containsExactlyInAnyOrder("instance-a", "instance-b");

        // due again about an interval later, and no longer all at one moment (they were due together)
        List<java.sql.Timestamp> nextDue = jdbc.sql("SELECT due_at FROM connection_schedule WHERE job = 'LINK_CHECK'"
                + " AND connection_id IN (:ids)").param("ids", linked.keySet()).query(java.sql.Timestamp.class).list();
        assertThat(new HashSet<>(nextDue)).as("spread").hasSizeGreaterThan(1);
        assertThat(nextDue).allSatisfy(due -> assertThat(due.toInstant())
                .isBetween(java.time.Instant.now().plus(Duration.ofMinutes(50)),
                        java.time.Instant.now().plus(Duration.ofMinutes(70))));

        // within the interval nothing is due: both instances claim, nobody checks again
        runBoth(instances);
        linked.values().forEach(user -> assertThat(exact.apiCallsBy(ME, user)).isEqualTo(1));

        // the interval passed (its 10 % jitter too): each is checked once more, still never twice at once
        jdbc.sql("UPDATE connection_schedule SET due_at = due_at - interval '2 hours' WHERE job = 'LINK_CHECK'"
                + " AND connection_id IN (:ids)").param("ids", linked.keySet()).update();
        runBoth(instances);
        for (String user : linked.values()) {
            assertThat(exact.apiCallsBy(ME, user)).isEqualTo(2);
            assertThat(exact.highestConcurrentCalls(ME, user)).isEqualTo(1);
        }

        // instance-a dies holding a check: once its lease expires instance-b takes it over, and a's late
        // finish cannot move the schedule any more
        UUID one = linked.keySet().iterator().next();
        jdbc.sql("UPDATE connection_schedule SET due_at = now() - interval '1 second' WHERE job = 'LINK_CHECK'"
                + " AND connection_id = :id").param("id", one).update();
        assertThat(schedule.claimDue(ConnectionJob.LINK_CHECK, "instance-a", 100, Duration.ofMinutes(2))).contains(one);
        assertThat(schedule.claimDue(ConnectionJob.LINK_CHECK, "instance-b", 100, Duration.ofMinutes(2)))
                .as("a held lease keeps the other instance away").doesNotContain(one);
        jdbc.sql("UPDATE connection_schedule SET lease_until = now() - interval '1 second' WHERE job = 'LINK_CHECK'"
                + " AND connection_id = :id").param("id", one).update();
        assertThat(schedule.claimDue(ConnectionJob.LINK_CHECK, "instance-b", 100, Duration.ofMinutes(2))).contains(one);
        assertThat(schedule.finish(ConnectionJob.LINK_CHECK, one, "instance-a", HOUR)).isFalse();
        assertThat(schedule.finish(ConnectionJob.LINK_CHECK, one, "instance-b", HOUR)).isTrue();

        // a connection that is no longer connected leaves the schedule (and comes back when linked again)
        jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED', status_reason = 'REVOKED'"
                + " WHERE id = :id").param("id", one).update();
        assertThat(jdbc.sql("SELECT count(*) FROM connection_schedule WHERE connection_id = :id").param("id", one)
                .query(Integer.class).single()).isZero();
    }

    @Test
    void oneInstanceRunsItsDueChecksInParallelUpToTheBound() {
        makeDue();
        exact.faults().delayNext(ME, Duration.ofMillis(500), 1000);
        exact.resetConcurrentCalls();

        producer.sendBody("direct:run-due-connection-work", "LINK_CHECK"); // what a tick does

        for (String user : linked.values()) {
            assertThat(exact.apiCallsBy(ME, user)).isEqualTo(1);
        }
        assertThat(exact.highestConcurrentCalls(ME)).as("checks at once, as the simulator saw them")
                .isEqualTo(properties.parallelism());
        // every run was given back: no lease left, its run recorded
        assertThat(jdbc.sql("SELECT count(*) FROM connection_schedule WHERE job = 'LINK_CHECK' AND connection_id IN"
                        + " (:ids) AND lease_owner IS NULL AND last_run_at > now() - interval '1 minute'")
                .param("ids", linked.keySet()).query(Integer.class).single()).isEqualTo(linked.size());
    }

    private void makeDue() {
        jdbc.sql("UPDATE connection_schedule SET due_at = now() - interval '1 minute' WHERE job = 'LINK_CHECK'"
                + " AND connection_id IN (:ids)").param("ids", linked.keySet()).update();
    }

    /** Both instances claim and run due checks at the same moment until nothing is due for them. */
    private void runBoth(List<ConnectionWork> instances) throws Exception {
        CyclicBarrier start = new CyclicBarrier(instances.size());
        ExecutorService threads = Executors.newFixedThreadPool(instances.size() * 5);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ConnectionWork instance : instances) {
                running.add(threads.submit(() -> {
                    start.await();
                    runUntilNothingDue(instance, threads);
                    return null;
                }));
            }
            for (Future<?> one : running) {
                one.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void runUntilNothingDue(ConnectionWork instance, ExecutorService threads) throws Exception {
        while (true) {
            ConnectionWork.DueWork due = instance.claim(ConnectionJob.LINK_CHECK);
            if (due.connections().isEmpty()) {
                return;
            }
            Set<Future<?>> checks = new HashSet<>();
            for (UUID connectionId : due.connections()) {
                checks.add(threads.submit(() -> {
                    try {
                        producer.send("direct:check-link",
                                e -> e.setProperty("connectionId", connectionId));
                    } finally {
                        instance.finished(ConnectionJob.LINK_CHECK, connectionId);
                    }
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        }
    }
}
