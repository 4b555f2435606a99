package nl.koppel.benchmark;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import nl.koppel.support.TestApi;
import nl.koppel.sync.DossierLeases;
import org.apache.camel.CamelContext;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dossier turns with nothing changed, sustained by one instance with the default settings but the interval
 * ({@code --mode=steady}): turns per second, staleness p50/p99 over the run, CPU seconds per turn of Koppel and
 * of PostgreSQL (from /proc), Exact Online calls per turn (the simulator's own count), then the claim's latency
 * with 100,000 dossiers in the table. See docs/benchmark.md.
 */
final class SteadyStateBenchmark {

    /** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every common kernel). */
    private static final double TICKS = 100.0;

    private SteadyStateBenchmark() {
    }

    static void run(Map<String, String> options) throws Exception {
        int dossiers = Integer.parseInt(options.getOrDefault("dossiers", "1000"));
        int relations = Integer.parseInt(options.getOrDefault("relations", "5"));
        Duration interval = Duration.parse("PT" + options.getOrDefault("interval", "60s").toUpperCase());
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "180"));
        int claimDossiers = Integer.parseInt(options.getOrDefault("claim-dossiers", "100000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));

        Process simulator = SyncBenchmark.startSimulator(seed, dossiers, relations);
        String simulatorUrl = SyncBenchmark.awaitReady(simulator);
        // the defaults but the interval: the benchmark profile's own sync settings are put back
        ConfigurableApplicationContext koppel = SyncBenchmark.startKoppel(simulatorUrl,
                "--koppel.sync.interval=" + interval.toSeconds() + "s", "--koppel.sync.tick-cron=0/5 * * * * ?",
                "--koppel.sync.max-pages-per-turn=50");
        try {
            JdbcClient jdbc = JdbcClient.create(koppel.getBean(DataSource.class));
            int port = ((WebServerApplicationContext) koppel).getWebServer().getPort();
            TestApi api = new TestApi("http://localhost:" + port);
            TestApi simulatorApi = new TestApi(simulatorUrl);
            MeterRegistry metrics = koppel.getBean(MeterRegistry.class);

            long firstStarted = System.nanoTime();
            SyncBenchmark.linkOffice(api);
            SyncBenchmark.await(() -> jdbc.sql("SELECT count(*) FROM dossier").query(Long.class).single() >= dossiers
                    && jdbc.sql(SyncBenchmark.FIRST_TURN_PENDING).query(Long.class).single() == 0,
                    Duration.ofMinutes(60));
            double firstSeconds = (System.nanoTime() - firstStarted) / 1e9;

            // the steady state: every dossier due once per interval, nothing changes at the source
            int postmaster = postmasterPid(jdbc);
            double turnsBefore = turns(metrics);
            long callsBefore = SyncBenchmark.apiCalls(simulatorApi);
            double koppelCpuBefore = cpuSeconds(ProcessHandle.current().pid());
            double postgresCpuBefore = postgresCpuSeconds(postmaster);
            long started = System.nanoTime();
            List<Double> staleness = new ArrayList<>();
            while (System.nanoTime() - started < seconds * 1_000_000_000L) {
                staleness.addAll(jdbc.sql("SELECT EXTRACT(EPOCH FROM now() - last_successful_sync_at) FROM dossier")
                        .query(Double.class).list());
                Thread.sleep(2000);
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            double turnCount = turns(metrics) - turnsBefore;
            long calls = SyncBenchmark.apiCalls(simulatorApi) - callsBefore;
            double koppelCpu = cpuSeconds(ProcessHandle.current().pid()) - koppelCpuBefore;
            double postgresCpu = postgresCpuSeconds(postmaster) - postgresCpuBefore;
            Collections.sort(staleness);

            // claiming with many dossiers in the table: the sync stops, the table is filled
            CamelContext camel = koppel.getBean(CamelContext.class);
            camel.getRouteController().stopRoute("master-data-tick");
            SyncBenchmark.await(() -> jdbc.sql("SELECT count(*) FROM dossier WHERE lease_owner IS NOT NULL")
                    .query(Long.class).single() == 0, Duration.ofMinutes(2));
            String claims = claimLatency(jdbc, koppel.getBean(DossierLeases.class),
                    koppel.getBean(TransactionTemplate.class), claimDossiers);

            System.out.println();
            System.out.println("=== Koppel steady-state benchmark ===");
            System.out.printf("data: %d dossiers x %d relations (+ 200 GL accounts, 15 VAT codes, 8 journals, 20 cost"
                    + " centres, 10 cost units), interval %s, other settings the defaults (concurrency %s)%n",
                    dossiers, relations, interval, koppel.getEnvironment().getProperty("koppel.sync.concurrency"));
            System.out.printf("first sync of all dossiers: %.1f s from the link%n", firstSeconds);
            System.out.printf("turns with nothing changed: %.0f in %.0f s = %.1f turns/s%n", turnCount, elapsed,
                    turnCount / elapsed);
            System.out.printf("staleness (now - last successful turn, every dossier every 2 s): p50 %.1f s, p99 %.1f s,"
                    + " max %.1f s%n", percentile(staleness, 0.50), percentile(staleness, 0.99),
                    staleness.get(staleness.size() - 1));
            System.out.printf("CPU per turn: Koppel %.1f ms, PostgreSQL %.1f ms (of %.0f s Koppel, %.0f s PostgreSQL)%n",
                    1000 * koppelCpu / turnCount, 1000 * postgresCpu / turnCount, koppelCpu, postgresCpu);
            System.out.printf("Exact Online calls per turn: %.2f (%d calls, counted by the simulator)%n",
                    calls / turnCount, calls);
            System.out.println(claims);
        } finally {
            koppel.close();
            simulator.destroy();
        }
        System.exit(0);
    }

    /** Turns completed: every turn of an Exact Online dossier reads its relations. */
    private static double turns(MeterRegistry metrics) {
        Timer timer = metrics.find("koppel.sync.duration").tag("kind", "relations").tag("outcome", "complete")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * Fills the table to {@code total} dossiers spread over 1,000 offices (all of the benchmark's connection, so
     * claimable), then times claims of 1 (a worker that finished) and of 24 (the tick with every worker idle), each
     * rolled back so the next finds the same table: once with every dossier due (a backlog), once with 1 % due.
     */
    private static String claimLatency(JdbcClient jdbc, DossierLeases leases, TransactionTemplate transaction,
                                       int total) {
        UUID connection = jdbc.sql("SELECT id FROM accounting_system_connection LIMIT 1").query(UUID.class).single();
        int existing = jdbc.sql("SELECT count(*) FROM dossier").query(Integer.class).single();
        jdbc.sql("INSERT INTO office (id, name) SELECT gen_random_uuid(), 'Claim office ' || n"
                + " FROM generate_series(1, 1000) n").update();
        jdbc.sql("""
                INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, added_by, next_sync_at)
                SELECT gen_random_uuid(), :c, o.id, 'claim-' || n, 'Claim ' || n, 'ACTIVE', 'benchmark',
                       now() - random() * interval '10 minutes'
                FROM generate_series(1, :n) n
                JOIN (SELECT id, row_number() OVER () - 1 AS k FROM office WHERE name LIKE 'Claim office %') o
                  ON o.k = n % 1000""").param("c", connection).param("n", Math.max(0, total - existing)).update();
        jdbc.sql("ANALYZE dossier").update();
        long count = jdbc.sql("SELECT count(*) FROM dossier").query(Long.class).single();
        StringBuilder out = new StringBuilder();
        out.append(String.format("claim latency with %,d dossiers in 1,000+ offices:%n", count));
        out.append("  all due:  ").append(time(leases, transaction, 1)).append("; ")
                .append(time(leases, transaction, 24)).append('\n');
        jdbc.sql("UPDATE dossier SET next_sync_at = now() + interval '1 hour' WHERE random() > 0.01").update();
        jdbc.sql("ANALYZE dossier").update();
        out.append("  1 % due:  ").append(time(leases, transaction, 1)).append("; ")
                .append(time(leases, transaction, 24));
        return out.toString();
    }

    private static String time(DossierLeases leases, TransactionTemplate transaction, int limit) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long started = System.nanoTime();
            transaction.executeWithoutResult(tx -> {
                leases.claimDue("benchmark", limit, Duration.ofMinutes(1));
                tx.setRollbackOnly();
            });
            if (i >= 10) { // the first ones warm up plans and caches
                millis.add((System.nanoTime() - started) / 1e6);
            }
        }
        Collections.sort(millis);
        return String.format("claim of %d: p50 %.1f ms, p99 %.1f ms", limit, percentile(millis, 0.5),
                percentile(millis, 0.99));
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static int postmasterPid(JdbcClient jdbc) throws Exception {
        String dataDirectory = jdbc.sql("SHOW data_directory").query(String.class).single();
        return Integer.parseInt(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());
    }

    /** User + system CPU of the process, and of its children that ended (cutime, cstime). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 0, utime 11, stime 12, cutime 13, cstime 14
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14])) / TICKS;
        } catch (Exception gone) {
            return 0; // the process ended meanwhile
        }
    }

    /** The postmaster and every live backend and helper process it started. */
    static double postgresCpuSeconds(int postmaster) throws Exception {
        double total = cpuSeconds(postmaster);
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    long parent = ProcessHandle.of(Long.parseLong(name)).flatMap(ProcessHandle::parent)
                            .map(ProcessHandle::pid).orElse(-1L);
                    if (parent == postmaster) {
                        total += cpuSeconds(Long.parseLong(name));
                    }
                }
            }
        }
        return total;
    }
}
