package nl.koppel.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.FaultInjector;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.SimulatedRecord;
import nl.koppel.simulator.exactonline.SimulatorSettings;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;

/**
 * The fault matrix (docs/reliability.md; run by scripts/fault-matrix.sh, not a test): the packaged Koppel jar in a
 * process of its own against the Exact Online simulator (in this JVM, so its data and faults are at hand), and
 * while a sync of several dossiers runs, one fault after another. After each: every kind of every dossier equals
 * the simulator's data (read through Koppel's API), no record twice, the link and every kind's status right, and
 * no ERROR in Koppel's log where none is due. Prints a table of faults and outcomes.
 */
public final class FaultMatrix {

    private static final String CLIENT_ID = "koppel-fault-matrix";
    private static final String CLIENT_SECRET = "koppel-fault-matrix-secret";
    private static final String REDIRECT = "http://localhost/fault-matrix/api/v1/oauth/callback";
    private static final String EXACT_USER = "CX_FaultMatrix";
    private static final String PASSWORD = "fault-matrix-pw";
    /** bcrypt of "demo", the platform account's password here (as in the demo and benchmark profiles). */
    private static final String DEMO_HASH = "$2a$10$fkx5bqcfzEWNH8zuNrRigu9ZfWKWwB/OBcL55xsi9rCHnDmhnZEZS";
    private static final String KEY = "5WqYl0dBOm0cFqkdqUxnNq4nT3R3cW0e3ZkFqJXa0Hs=";

    private final Map<String, String> options;
    private final Path work;
    private final ExactOnlineSimulator exact;
    private final List<SimulatedDivision> divisions;
    private final List<String[]> table = new ArrayList<>();
    private Koppel koppel;
    private TestApi api;
    private String officePath;
    private String connectionPath;
    private int round;

    private FaultMatrix(Map<String, String> options) throws IOException {
        this.options = options;
        this.work = Path.of(options.getOrDefault("work", "target/fault-matrix")).toAbsolutePath();
        Files.createDirectories(work);
        exact = ExactOnlineSimulator.start(new SimulatorSettings(CLIENT_ID, CLIENT_SECRET, REDIRECT), 0);
        exact.rateLimits().minutelyLimit(1_000_000).dailyLimit(100_000_000);
        exact.addUser(EXACT_USER, "Fault Matrix", "faults@kantoor.example", 100_001);
        divisions = exact.generate(GenerationPlan.of(7, EXACT_USER,
                Integer.parseInt(options.getOrDefault("dossiers", "4")),
                Integer.parseInt(options.getOrDefault("relations", "3000"))));
        exact.approveAs(EXACT_USER);
    }

    /**
     * The driver's entry (scripts/fault-matrix.sh). Not named main: a second main class in the test sources would
     * stop `mvn spring-boot:test-run` from finding the demo (KoppelDemo) by itself.
     */
    public static void run(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        FaultMatrix matrix = new FaultMatrix(options);
        // whatever happens to this driver, the Koppel it started does not outlive it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (matrix.koppel != null && matrix.koppel.process.isAlive()) {
                matrix.koppel.stop();
            }
        }));
        int failed;
        try {
            failed = matrix.run();
        } finally {
            matrix.exact.close();
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    private int run() throws Exception {
        Embedded embedded = new Embedded(work.resolve("embedded-data"),
                Integer.parseInt(options.getOrDefault("pg-port", "55183")));
        embedded.wipe();
        koppel = Koppel.start(options.get("jar"), work, options.getOrDefault("port", "8183"), exact.baseUrl(),
                embedded.args());
        api = new TestApi("http://localhost:" + koppel.port);
        linkOffice();
        settle("initial sync", 0);

        // embedded PostgreSQL (the default)
        row("kill -9 Koppel, start again on the same embedded data", 0, () -> {
            koppel.kill();
            boolean orphaned = embedded.postmaster() != null;
            koppel = koppel.restart(); // Koppel stops its orphaned postmaster itself at start
            return orphaned ? "the orphaned postmaster was stopped by Koppel at start" : "no orphaned postmaster";
        });
        row("restart the embedded PostgreSQL under Koppel", -1, () -> {
            embedded.restart(Duration.ofSeconds(5));
            return "postmaster stopped (fast), down 5 s, started again";
        });
        row("accounting system refuses every call for 60 s (503)", 0, () -> {
            exact.faults().failNext("/api", 503, FaultInjector.EVERY_CALL);
            sleep(Duration.ofSeconds(60));
            exact.faults().clear();
            return "refused for 60 s";
        });
        row("garbage pages (HTML with 200) and cut-off JSON pages", 0, () -> {
            for (SimulatedDivision division : divisions) {
                String sync = "/api/v1/" + division.code() + "/sync";
                exact.faults().garbageNext(sync, 2);
                exact.faults().add(new FaultInjector.Fault(sync, FaultInjector.Kind.GARBAGE, 200, Duration.ZERO,
                        "{\"d\":{\"results\":[{\"__metadata\":{\"uri\":\"", 2));
            }
            awaitTrue(() -> exact.faults().active().isEmpty(), Duration.ofSeconds(90));
            return "4 bad replies per dossier, all served";
        });
        koppel.stop();
        embedded.stopIfRunning();

        // an external PostgreSQL (Debian's package, own port and data directory)
        String pgBin = options.get("pg-bin");
        if (pgBin != null) {
            // under /tmp: the postgres user may not reach the checkout
            External external = new External(Path.of(pgBin), Path.of(options.getOrDefault("external-data",
                    "/tmp/koppel-fault-matrix/external-data")),
                    Integer.parseInt(options.getOrDefault("external-port", "55184")));
            try {
                external.initAndStart();
            } catch (Exception e) {
                table.add(new String[] {"external PostgreSQL", "FAILED", "could not set it up: " + e.getMessage(),
                        "", ""});
                return print();
            }
            koppel = Koppel.start(options.get("jar"), work, options.getOrDefault("port", "8183"), exact.baseUrl(),
                    external.args());
            api = new TestApi("http://localhost:" + koppel.port);
            linkOffice();
            settle("initial sync (external PostgreSQL)", 0);
            row("restart the external PostgreSQL under Koppel", -1, () -> {
                external.restart();
                return "pg_ctl restart -m fast";
            });
            row("kill -9 Koppel on the external PostgreSQL, start again", 0, () -> {
                koppel.kill();
                koppel = koppel.restart();
                return "no orphan: the database is not Koppel's child";
            });
            koppel.stop();
            external.stop();
        } else {
            table.add(new String[] {"external PostgreSQL", "SKIPPED", "no --pg-bin given", "", ""});
        }
        return print();
    }

    /** A fault while a sync runs; the outcome checked after it. errorsDue: -1 when ERROR lines may be due. */
    private void row(String fault, int errorsDue, FaultAction action) throws Exception {
        mutate();
        awaitTrue(this::aSyncRuns, Duration.ofSeconds(30));
        int logLinesBefore = koppel.logLines();
        Instant started = Instant.now();
        String note;
        try {
            note = action.apply();
        } catch (Exception e) {
            table.add(new String[] {fault, "FAILED", "the fault itself failed: " + e, "", ""});
            return;
        }
        settle(fault, errorsDue, started, logLinesBefore, note);
    }

    private void settle(String what, int errorsDue) throws Exception {
        settle(what, errorsDue, Instant.now(), koppel.logLines(), "");
    }

    private void settle(String what, int errorsDue, Instant after, int logLinesBefore, String note)
            throws Exception {
        Instant start = Instant.now();
        boolean synced = awaitTrue(() -> allComplete(after), Duration.ofSeconds(240));
        String took = Duration.between(start, Instant.now()).toSeconds() + " s";
        List<String> problems = new ArrayList<>(compare());
        if (!synced) {
            problems.add("not every kind COMPLETE after the fault within 240 s");
        }
        String status = api.get(connectionPath, "fm", PASSWORD).json().path("status").asText();
        if (!"CONNECTED".equals(status)) {
            problems.add("connection " + status);
        }
        List<String> errors = koppel.errorLines(logLinesBefore);
        if (errorsDue == 0 && !errors.isEmpty()) {
            problems.add(errors.size() + " ERROR lines, first: " + errors.get(0));
        }
        table.add(new String[] {what, problems.isEmpty() ? "OK" : "FAILED",
                problems.isEmpty() ? "all kinds equal, none doubled, CONNECTED, kinds COMPLETE" : String.join("; ",
                        problems), "caught up in " + took + ", ERROR lines: " + errors.size()
                        + (errorsDue < 0 ? " (may be due)" : ""), note});
        System.out.println("[fault-matrix] " + String.join(" | ", table.get(table.size() - 1)));
    }

    /** Work for the next sync: names changed, records added and deleted in every dossier. */
    private void mutate() {
        round++;
        for (SimulatedDivision division : divisions) {
            List<SimulatedRecord> relations = exact.records(division.code(), Kind.ACCOUNTS);
            for (int i = 0; i < Math.min(1500, relations.size()); i++) {
                exact.updateRecord(division.code(), Kind.ACCOUNTS, relations.get(i).id(),
                        Map.of("Name", "Relatie " + i + " ronde " + round));
            }
            for (int i = 0; i < 20; i++) {
                exact.createRecord(division.code(), Kind.ACCOUNTS, Map.of("Name", "Nieuw " + round + "-" + i,
                        "Code", "R" + round + "N" + i));
            }
            for (int i = 0; i < 10; i++) {
                exact.deleteRecord(division.code(), Kind.ACCOUNTS, relations.get(relations.size() - 1 - i).id());
            }
            List<SimulatedRecord> gl = exact.records(division.code(), Kind.GL_ACCOUNTS);
            exact.updateRecord(division.code(), Kind.GL_ACCOUNTS, gl.get(0).id(),
                    Map.of("Description", "Grootboek ronde " + round));
        }
    }

    private boolean aSyncRuns() {
        for (JsonNode dossier : dossiers()) {
            for (JsonNode kind : syncStatus(dossier).path("kinds")) {
                if ("RUNNING".equals(kind.path("state").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean allComplete(Instant after) {
        JsonNode all = dossiers();
        if (all.size() < divisions.size()) {
            return false;
        }
        for (JsonNode dossier : all) {
            for (JsonNode kind : syncStatus(dossier).path("kinds")) {
                if (!"COMPLETE".equals(kind.path("state").asText()) || kind.path("lastSuccessAt").isNull()
                        || Instant.parse(kind.path("lastSuccessAt").asText()).isBefore(after)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every kind of every generated dossier, read through Koppel's API, against the simulator. */
    private List<String> compare() {
        List<String> problems = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (JsonNode dossier : dossiers()) {
            ids.put(dossier.path("externalId").asText(), dossier.path("id").asText());
        }
        for (SimulatedDivision division : divisions) {
            String dossierId = ids.get(Integer.toString(division.code()));
            if (dossierId == null) {
                problems.add("dossier " + division.code() + " missing");
                continue;
            }
            for (Kind kind : Kind.values()) {
                Map<String, MasterDataComparison.Normalised> expected = MasterDataComparison.simulator(exact,
                        division.code(), kind);
                Map<String, MasterDataComparison.Normalised> actual = new LinkedHashMap<>();
                int listed = 0;
                String path = officePath + "/dossiers/" + dossierId + "/master-data/"
                        + MasterDataComparison.koppelKind(kind).path();
                for (int offset = 0; ; offset += 1000) {
                    JsonNode page = api.get(path + "?limit=1000&offset=" + offset, "fm", PASSWORD).json();
                    for (JsonNode item : page.path("items")) {
                        listed++;
                        actual.put(item.path("externalId").asText(), new MasterDataComparison.Normalised(
                                text(item.path("code")), text(item.path("name")), item.path("active").asBoolean(),
                                text(item.path("vatNumber")), text(item.path("attributes").path("city")),
                                text(item.path("attributes").path("email"))));
                    }
                    if (page.path("items").size() < 1000) {
                        break;
                    }
                }
                if (listed != actual.size()) {
                    problems.add(kind + " of " + division.code() + ": " + (listed - actual.size()) + " doubled");
                }
                if (!actual.equals(expected)) {
                    Set<String> missing = new HashSet<>(expected.keySet());
                    missing.removeAll(actual.keySet());
                    Set<String> extra = new HashSet<>(actual.keySet());
                    extra.removeAll(expected.keySet());
                    long differing = expected.keySet().stream().filter(actual::containsKey)
                            .filter(id -> !expected.get(id).equals(actual.get(id))).count();
                    problems.add(kind + " of " + division.code() + ": " + missing.size() + " missing, " + extra.size()
                            + " extra, " + differing + " differing");
                }
            }
        }
        return problems;
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private JsonNode dossiers() {
        return api.get(officePath + "/dossiers", "fm", PASSWORD).json();
    }

    private JsonNode syncStatus(JsonNode dossier) {
        return api.get(officePath + "/dossiers/" + dossier.path("id").asText() + "/sync-status", "fm", PASSWORD)
                .json();
    }

    private void linkOffice() {
        JsonNode office = api.post("/api/v1/offices", "platform", "demo", Map.of("name", "Fault Matrix Kantoor"))
                .json();
        officePath = "/api/v1/offices/" + office.path("id").asText();
        JsonNode user = api.post(officePath + "/users", "platform", "demo", Map.of("username", "fm",
                "name", "Fault Matrix", "role", "SUPERGEBRUIKER", "language", "nl", "password", PASSWORD)).json();
        JsonNode connection = api.post(officePath + "/accounting-systems", "fm", PASSWORD,
                Map.of("type", "exact-online", "syncUserId", user.path("id").asText())).json();
        connectionPath = officePath + "/accounting-systems/" + connection.path("id").asText();
        String authorize = api.post(connectionPath + "/link", "fm", PASSWORD, "").json().path("authorizeUrl").asText();
        TestApi.Reply linked = api.completeLink(authorize, "fm", PASSWORD);
        if (linked.status() != 200) {
            throw new IllegalStateException("link failed: " + linked);
        }
    }

    private int print() {
        int failed = 0;
        System.out.println();
        System.out.println("| fault | outcome | checked | recovery | note |");
        System.out.println("|---|---|---|---|---|");
        for (String[] row : table) {
            System.out.println("| " + String.join(" | ", row) + " |");
            if ("FAILED".equals(row[1])) {
                failed++;
            }
        }
        return failed;
    }

    private static boolean awaitTrue(BooleanSupplier condition, Duration atMost) {
        Instant until = Instant.now().plus(atMost);
        while (Instant.now().isBefore(until)) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException | AssertionError e) {
                // Koppel (re)starting, the connection refused: try again
            }
            sleep(Duration.ofMillis(250));
        }
        return false;
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface FaultAction {
        String apply() throws Exception;
    }

    /** Koppel's packaged jar in a process of its own, its log in a file. */
    private static final class Koppel {
        final String jar;
        final Path work;
        final String port;
        final String simulatorUrl;
        final List<String> databaseArgs;
        final Process process;
        final Path log;

        private Koppel(String jar, Path work, String port, String simulatorUrl, List<String> databaseArgs,
                       Process process, Path log) {
            this.jar = jar;
            this.work = work;
            this.port = port;
            this.simulatorUrl = simulatorUrl;
            this.databaseArgs = databaseArgs;
            this.process = process;
            this.log = log;
        }

        static Koppel start(String jar, Path work, String port, String simulatorUrl, List<String> databaseArgs)
                throws IOException {
            Path log = work.resolve("koppel.log");
            List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
                    + File.separator + "java", "-Xmx512m", "-jar", jar, "--server.port=" + port,
                    "--koppel.systems.exact-online.base-url=" + simulatorUrl,
                    "--koppel.systems.exact-online.client-id=" + CLIENT_ID,
                    "--koppel.systems.exact-online.client-secret=" + CLIENT_SECRET,
                    "--koppel.systems.exact-online.redirect-uri=" + REDIRECT,
                    "--koppel.platform.username=platform", "--koppel.platform.password-hash=" + DEMO_HASH,
                    "--koppel.credentials.encryption-key=" + KEY,
                    "--koppel.sync.tick-cron=* * * * * ?", "--koppel.sync.interval=3s",
                    // every kind in every turn (the defaults read the rarely changing kinds hourly): each row
                    // waits for every kind to succeed after its fault
                    "--koppel.sync.kind-intervals.vat-codes=3s", "--koppel.sync.kind-intervals.journals=3s",
                    "--koppel.sync.kind-intervals.cost-centers=3s", "--koppel.sync.kind-intervals.cost-units=3s",
                    "--koppel.sync.kind-intervals.payment-conditions=3s",
                    "--koppel.sync.retry-backoff=2s", "--koppel.sync.max-retry-backoff=10s",
                    "--koppel.sync.max-pages-per-turn=2",
                    // a killed instance's claims expire sooner (the default is 2 min), so the matrix runs faster
                    "--koppel.sync.lease=30s", "--koppel.schedule.discovery.interval=3650d",
                    "--logging.level.nl.koppel.sync=WARN"));
            command.addAll(databaseArgs);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Koppel koppel = new Koppel(jar, work, port, simulatorUrl, databaseArgs, process, log);
            TestApi api = new TestApi("http://localhost:" + port);
            if (!awaitTrue(() -> process.isAlive() && api.get("/api/v1/me", "platform", "demo").status() == 200,
                    Duration.ofSeconds(120))) {
                throw new IllegalStateException("Koppel did not start; see " + log);
            }
            return koppel;
        }

        Koppel restart() throws IOException {
            return start(jar, work, port, simulatorUrl, databaseArgs);
        }

        void kill() {
            process.destroyForcibly(); // SIGKILL
            awaitTrue(() -> !process.isAlive(), Duration.ofSeconds(20));
        }

        void stop() {
            process.destroy(); // SIGTERM: a graceful shutdown
            if (!awaitTrue(() -> !process.isAlive(), Duration.ofSeconds(60))) {
                kill();
            }
        }

        int logLines() throws IOException {
            return Files.readAllLines(log, StandardCharsets.UTF_8).size();
        }

        List<String> errorLines(int from) throws IOException {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.min(from, lines.size()), lines.size()).stream()
                    .filter(l -> l.contains(" ERROR ")).map(l -> l.length() > 300 ? l.substring(0, 300) : l).toList();
        }
    }

    /** Koppel's embedded PostgreSQL: its data directory and the postmaster serving it. */
    private record Embedded(Path data, int port) {
        List<String> args() {
            return List.of("--koppel.embedded-postgres.data-directory=" + data, "--koppel.embedded-postgres.port="
                    + port);
        }

        void wipe() throws IOException {
            stopIfRunning();
            if (Files.exists(data)) {
                try (var paths = Files.walk(data)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }

        Long postmaster() throws IOException {
            Path pid = data.resolve("postmaster.pid");
            if (!Files.exists(pid)) {
                return null;
            }
            long id = Long.parseLong(Files.readAllLines(pid).get(0).strip());
            return ProcessHandle.of(id).isPresent() ? id : null;
        }

        void stopIfRunning() throws IOException {
            Long pid = postmaster();
            if (pid != null) {
                stop(pid);
            }
        }

        private static void stop(long pid) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            awaitTrue(() -> ProcessHandle.of(pid).isEmpty(), Duration.ofSeconds(30));
        }

        /** Stops the postmaster under the running Koppel and starts it again with the same command line. */
        void restart(Duration down) throws IOException {
            long pid = postmaster();
            // as Koppel's embedded PostgreSQL (zonky) does when it runs as root: in a user namespace
            List<String> command = new ArrayList<>(List.of("unshare", "-U"));
            for (String part : Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0")) {
                if (!part.isEmpty()) {
                    command.add(part);
                }
            }
            String environment = Files.readString(Path.of("/proc/" + pid + "/environ"));
            stop(pid);
            sleep(down);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolveSibling("postgres-restarted.log")
                            .toFile()));
            for (String variable : environment.split("\0")) {
                String[] kv = variable.split("=", 2);
                if (kv.length == 2 && (kv[0].startsWith("LC_") || kv[0].equals("LANG") || kv[0].startsWith("PG"))) {
                    builder.environment().put(kv[0], kv[1]);
                }
            }
            builder.start();
            if (!awaitTrue(() -> {
                try {
                    return postmaster() != null;
                } catch (IOException e) {
                    return false;
                }
            }, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the embedded PostgreSQL did not start again");
            }
        }
    }

    /** Debian's PostgreSQL on its own port and data directory, run as the postgres user. */
    private record External(Path bin, Path data, int port) {
        List<String> args() {
            return List.of("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/koppel",
                    "--spring.datasource.username=koppel", "--spring.datasource.password=koppel");
        }

        void initAndStart() throws Exception {
            asPostgres("rm", "-rf", data.toString());
            Files.createDirectories(data.getParent());
            new ProcessBuilder("chown", "postgres", data.getParent().toString()).inheritIO().start().waitFor();
            asPostgres("mkdir", "-p", data.toString());
            asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                    "-E", "UTF8", "--locale=C");
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data + "/server.log", "-w",
                    "-o", "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1", "start");
            asPostgres(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                    "postgres", "-c", "CREATE ROLE koppel LOGIN PASSWORD 'koppel'");
            asPostgres(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
                    "postgres", "-c", "CREATE DATABASE koppel OWNER koppel");
        }

        void restart() throws Exception {
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-l",
                    data + "/server.log", "-o", "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1", "restart");
        }

        void stop() throws Exception {
            asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
        }

        private static void asPostgres(String... command) throws Exception {
            List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
            full.addAll(List.of(command));
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        }
    }
}
