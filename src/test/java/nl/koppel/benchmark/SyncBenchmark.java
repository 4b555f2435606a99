package nl.koppel.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import nl.koppel.KoppelApplication;
import nl.koppel.support.TestApi;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Syncs N dossiers x M relations from the Exact Online simulator (in a process of its own) into the embedded
 * PostgreSQL and prints records per second, HTTP requests, peak heap, and, for reference in the same run, the
 * rate of PostgreSQL {@code COPY} loading the same rows into a table like master_record. Then a resync with
 * nothing changed: rows written and requests per dossier. See docs/benchmark.md for the command.
 */
final class SyncBenchmark {

    static final String CLIENT_ID = "koppel-benchmark-client";
    static final String CLIENT_SECRET = "koppel-benchmark-client-secret";
    static final String REDIRECT_URI = "http://localhost/benchmark/api/v1/oauth/callback";
    /**
     * Dossiers whose first turn has not succeeded yet: the first sync is done at 0. Not "no kind RUNNING": once the
     * first dossiers turn again (every interval) some kind is always running, and at a short interval that never ends.
     */
    static final String FIRST_TURN_PENDING = "SELECT count(*) FROM dossier WHERE last_successful_sync_at IS NULL";
    private static final String USER = "CX_Benchmark";
    private static final String PASSWORD = "benchmark-pw";

    private SyncBenchmark() {
    }

    static void run(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if ("steady".equals(options.get("mode"))) {
            SteadyStateBenchmark.run(options);
            return;
        }
        if ("cluster".equals(options.get("mode"))) {
            ClusterBenchmark.run(options);
            return;
        }
        int dossiers = Integer.parseInt(options.getOrDefault("dossiers", "10"));
        int relations = Integer.parseInt(options.getOrDefault("relations", "10000"));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "4"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));

        Process simulator = startSimulator(seed, dossiers, relations);
        String simulatorUrl = awaitReady(simulator);
        HeapSampler heap = HeapSampler.start();
        ConfigurableApplicationContext koppel = startKoppel(simulatorUrl, "--koppel.sync.concurrency=" + concurrency);
        try {
            JdbcClient jdbc = JdbcClient.create(koppel.getBean(DataSource.class));
            int port = ((WebServerApplicationContext) koppel).getWebServer().getPort();
            TestApi api = new TestApi("http://localhost:" + port);
            TestApi simulatorApi = new TestApi(simulatorUrl);

            long callsBefore = apiCalls(simulatorApi);
            long started = System.nanoTime();
            UUID connectionId = linkOffice(api);
            await(() -> jdbc.sql("SELECT count(*) FROM dossier").query(Long.class).single() >= dossiers
                    && jdbc.sql("SELECT count(*) FROM sync_state WHERE state <> 'COMPLETE'").query(Long.class)
                    .single() == 0, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - started) / 1e9;
            long records = jdbc.sql("SELECT count(*) FROM master_record").query(Long.class).single();
            long requests = apiCalls(simulatorApi) - callsBefore;
            // the sync itself: from the first kind's start to the last kind's end (no link, discovery or tick wait)
            double syncSeconds = jdbc.sql("SELECT EXTRACT(EPOCH FROM max(last_success_at) - min(last_attempt_at))"
                    + " FROM sync_state").query(Double.class).single();
            double syncRate = records / syncSeconds;

            // a resync with nothing changed
            long resyncCallsBefore = apiCalls(simulatorApi);
            long resyncStarted = System.nanoTime();
            java.sql.Timestamp mark = new java.sql.Timestamp(System.currentTimeMillis());
            jdbc.sql("UPDATE dossier SET next_sync_at = now(), kinds_due_since = now()").update();
            await(() -> jdbc.sql("SELECT count(*) FROM sync_state WHERE state <> 'COMPLETE' OR last_success_at < :m")
                    .param("m", mark).query(Long.class).single() == 0, Duration.ofMinutes(10));
            double resyncSeconds = (System.nanoTime() - resyncStarted) / 1e9;
            long resyncRequests = apiCalls(simulatorApi) - resyncCallsBefore;
            // synced_at is set by every insert and update of a row; a deleted row would lower the count
            long resyncWrites = jdbc.sql("SELECT count(*) FROM master_record WHERE synced_at >= :m").param("m", mark)
                    .query(Long.class).single()
                    + records - jdbc.sql("SELECT count(*) FROM master_record").query(Long.class).single();
            long activeDossiers = jdbc.sql("SELECT count(*) FROM dossier").query(Long.class).single();
            long peakHeap = heap.stop();

            double copyRate = copyRate(koppel.getBean(DataSource.class), records);

            System.out.println();
            System.out.println("=== Koppel sync benchmark ===");
            System.out.printf("data: %d dossiers x %d relations (+ GL accounts, VAT codes, journals, cost centres and"
                    + " units, projects, payment conditions), seed %d, concurrency %d, max heap %d MB%n", dossiers,
                    relations, seed, concurrency,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf("full sync:      %,d records in %.1f s = %,.0f records/s (%.1f s from the link, discovery"
                    + " and scheduling included: %,.0f records/s), %,d HTTP requests%n", records, syncSeconds, syncRate,
                    seconds, records / seconds, requests);
            System.out.printf("COPY reference: %,.0f rows/s (same rows, same table shape) -> sync reaches %.0f%% of"
                    + " COPY%n", copyRate, 100 * syncRate / copyRate);
            System.out.printf("resync, nothing changed: %.1f s, %d master_record rows written or deleted, %d HTTP requests for %d"
                    + " dossiers = %.1f per dossier (3 sync-endpoint kinds + 1 sync/Deleted + 5 full-read kinds)%n", resyncSeconds,
                    resyncWrites, resyncRequests, activeDossiers, resyncRequests / (double) activeDossiers);
            System.out.printf("peak heap used: %d MB (sampled every 20 ms, garbage included); after collections at"
                    + " most %d MB%n", peakHeap / (1024 * 1024), heap.peakAfterGc() / (1024 * 1024));
            System.out.println("connection " + connectionId);
        } finally {
            koppel.close();
            simulator.destroy();
        }
        System.exit(0);
    }

    /** Koppel in this JVM (profile benchmark) against the simulator, with the given settings on top. */
    static ConfigurableApplicationContext startKoppel(String simulatorUrl, String... settings) {
        List<String> args = new java.util.ArrayList<>(List.of("--koppel.systems.exact-online.base-url=" + simulatorUrl,
                "--server.port=0", "--logging.level.nl.koppel.sync=WARN", "--logging.level.nl.koppel.dossiers=WARN"));
        args.addAll(List.of(settings));
        return SpringApplication.from(KoppelApplication::main).withAdditionalProfiles("benchmark")
                .run(args.toArray(String[]::new)).getApplicationContext();
    }

    static UUID linkOffice(TestApi api) {
        JsonNode office = api.post("/api/v1/offices", "platform", "demo", Map.of("name", "Benchmark Kantoor")).json();
        String officePath = "/api/v1/offices/" + office.path("id").asText();
        JsonNode user = api.post(officePath + "/users", "platform", "demo", Map.of("username", "bench",
                "name", "Bench", "role", "SUPERGEBRUIKER", "language", "nl", "password", PASSWORD)).json();
        JsonNode connection = api.post(officePath + "/accounting-systems", "bench", PASSWORD,
                Map.of("type", "exact-online", "syncUserId", user.path("id").asText())).json();
        String connectionPath = officePath + "/accounting-systems/" + connection.path("id").asText();
        String start = api.post(connectionPath + "/link", "bench", PASSWORD, "").json().path("authorizeUrl").asText();
        TestApi.Reply linked = api.completeLink(start, "bench", PASSWORD);
        if (linked.status() != 200) {
            throw new IllegalStateException("link failed: " + linked);
        }
        return UUID.fromString(connection.path("id").asText());
    }

    static Process startSimulator(long seed, int dossiers, int relations) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new ProcessBuilder(java, "-Xmx3g", "-cp", System.getProperty("java.class.path"),
                "nl.koppel.demo.KoppelDemo", "simulator", Long.toString(seed), USER, Integer.toString(dossiers),
                Integer.toString(relations))
                .redirectErrorStream(true).start();
    }

    static String awaitReady(Process simulator) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(SimulatorProcess.READY)) {
                String url = line.substring(SimulatorProcess.READY.length()).trim();
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "simulator-output");
                drain.setDaemon(true);
                drain.start();
                return url;
            }
        }
        throw new IllegalStateException("the simulator process ended before it was ready");
    }

    static long apiCalls(TestApi simulator) {
        long total = 0;
        for (JsonNode count : simulator.get("/control/stats", null, null).json().path("apiCalls")) {
            total += count.asLong();
        }
        return total;
    }

    /** Loads the same rows with COPY into an empty table of the same shape (primary key included). */
    private static double copyRate(DataSource dataSource, long rows) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("DROP TABLE IF EXISTS copy_reference");
            c.createStatement().execute("CREATE TABLE copy_reference (LIKE master_record INCLUDING ALL)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            // through a file, not the heap: a million rows would not fit in the 512 MB the sync is measured in
            java.nio.file.Path file = java.nio.file.Path.of("target", "benchmark-copy-reference.tsv");
            try (var out = java.nio.file.Files.newOutputStream(file)) {
                copy.copyOut("COPY master_record TO STDOUT", out);
            }
            long started = System.nanoTime();
            long copied;
            try (var in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), 1 << 20)) {
                copied = copy.copyIn("COPY copy_reference FROM STDIN", in);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            java.nio.file.Files.deleteIfExists(file);
            c.createStatement().execute("DROP TABLE copy_reference");
            if (copied != rows) {
                throw new IllegalStateException("COPY loaded " + copied + " rows, expected " + rows);
            }
            return copied / seconds;
        }
    }

    static void await(BooleanSupplier done, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark did not finish within " + atMost);
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }

    /** Samples the used heap every 20 ms and keeps the highest value. */
    /**
     * Peak heap in use (garbage included, so it follows the collector's timing more than the live data) and the
     * peak of what was left after collections (the live data plus what the collector did not reach).
     */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private volatile boolean running = true;

        static HeapSampler start() {
            HeapSampler sampler = new HeapSampler();
            Thread thread = new Thread(() -> {
                while (sampler.running) {
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    sampler.peak.accumulateAndGet(used, Math::max);
                    long afterGc = 0;
                    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                            afterGc += pool.getCollectionUsage().getUsed();
                        }
                    }
                    sampler.peakAfterGc.accumulateAndGet(afterGc, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
            return sampler;
        }

        long stop() {
            running = false;
            return peak.get();
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }
    }
}
