package nl.koppel.benchmark;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.koppel.support.TestApi;

/**
 * Three Koppel instances (the packaged jar, each its own JVM) on one PostgreSQL (the first instance's embedded one)
 * against one Exact Online simulator in a JVM of its own ({@code --mode=cluster}). Each instance names itself in
 * the {@code User-Agent} of its Exact calls (camel-http's {@code user-agent}, set per instance on the command line),
 * and the simulator logs every call with that agent and its start and end. From that log alone it prints: total and
 * per-instance turns/s; dossiers in two turns at once (per division, turns of different instances that overlap);
 * each connection schedule's runs (link check: {@code current/Me} alone; discovery: {@code current/Me} and the first
 * {@code system/Divisions} page); then it holds every Exact call for a while, {@code kill -9}s one instance with
 * turns in flight, and prints how long its dossiers waited for another instance. See docs/benchmark.md.
 */
final class ClusterBenchmark {

    private static final Pattern DIVISION = Pattern.compile("/api/v1/(\\d+)/.*");
    private static final String RELATIONS = "/sync/CRM/Accounts";
    private static final int FIRST_PORT = 8191;

    private ClusterBenchmark() {
    }

    static void run(Map<String, String> options) throws Exception {
        int dossiers = Integer.parseInt(options.getOrDefault("dossiers", "600"));
        int relations = Integer.parseInt(options.getOrDefault("relations", "5"));
        String interval = options.getOrDefault("interval", "20s");
        String lease = options.getOrDefault("lease", "20s");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "120"));
        String linkCheck = options.getOrDefault("link-check", "30s");
        String discovery = options.getOrDefault("discovery", "60s");
        Path jar = Files.list(Path.of("target"))
                .filter(p -> p.getFileName().toString().matches("koppel-.*\\.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no target/koppel-*.jar: mvn -o -q -DskipTests package"));

        Process simulator = SyncBenchmark.startSimulator(42, dossiers, relations);
        String simulatorUrl = SyncBenchmark.awaitReady(simulator);
        Path data = Path.of("target", "cluster-postgres").toAbsolutePath();
        int postgresPort;
        try (ServerSocket free = new ServerSocket(0)) {
            postgresPort = free.getLocalPort();
        }
        List<String> common = List.of("--spring.profiles.active=benchmark",
                "--koppel.systems.exact-online.base-url=" + simulatorUrl,
                "--koppel.sync.interval=" + interval, "--koppel.sync.lease=" + lease,
                "--koppel.sync.tick-cron=0/5 * * * * ?", "--koppel.sync.max-pages-per-turn=50",
                "--koppel.schedule.link-check.interval=" + linkCheck,
                "--koppel.schedule.discovery.interval=" + discovery,
                "--logging.level.nl.koppel.sync=WARN", "--logging.level.nl.koppel.dossiers=WARN");
        List<Process> instances = new ArrayList<>();
        try {
            instances.add(startInstance(jar, 1, common, Map.of(), "--koppel.embedded-postgres.data-directory=" + data,
                    "--koppel.embedded-postgres.port=" + postgresPort, "--koppel.embedded-postgres.clean-on-start=true"));
            awaitStarted(1);
            String url = "jdbc:postgresql://localhost:" + postgresPort + "/postgres";
            // the embedded server asks for the password it keeps beside its data (never on a command line)
            String password = Files.readString(data.resolveSibling(data.getFileName() + "-runtime")
                    .resolve("password")).trim();
            Map<String, String> database = Map.of("KOPPEL_DATABASE_URL", url, "KOPPEL_DATABASE_USER", "postgres",
                    "KOPPEL_DATABASE_PASSWORD", password);
            instances.add(startInstance(jar, 2, common, database));
            instances.add(startInstance(jar, 3, common, database));
            awaitStarted(2);
            awaitStarted(3);

            try (Connection db = DriverManager.getConnection(url, "postgres", password)) {
                long linked = System.currentTimeMillis();
                SyncBenchmark.linkOffice(new TestApi("http://localhost:" + FIRST_PORT));
                SyncBenchmark.await(() -> count(db, "SELECT count(*) FROM dossier") >= dossiers
                        && count(db, SyncBenchmark.FIRST_TURN_PENDING) == 0,
                        Duration.ofMinutes(10));
                System.out.printf("first sync of %d dossiers by three instances: %.1f s from the link%n", dossiers,
                        (System.currentTimeMillis() - linked) / 1e3);

                int postmaster = Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
                double koppelCpuBefore = koppelCpu(instances);
                double postgresCpuBefore = SteadyStateBenchmark.postgresCpuSeconds(postmaster);
                long started = System.currentTimeMillis();
                Thread.sleep(seconds * 1000L);
                long ended = System.currentTimeMillis();
                double koppelCpu = koppelCpu(instances) - koppelCpuBefore;
                double postgresCpu = SteadyStateBenchmark.postgresCpuSeconds(postmaster) - postgresCpuBefore;

                // kill -9 while every instance has turns in flight: each Exact call is held 4 s for a moment
                TestApi control = new TestApi(simulatorUrl);
                TestApi.Reply held = control.post("/control/faults", null, null,
                        Map.of("pathPrefix", "/api/v1/", "delayMillis", 4000));
                if (held.status() != 201) {
                    throw new IllegalStateException("the simulator refused the delay: " + held);
                }
                Thread.sleep(2000);
                Process killed = instances.get(2);
                killed.destroyForcibly(); // SIGKILL: no shutdown hook, leases left as they are
                long killedAt = System.currentTimeMillis();
                control.delete("/control/faults", null, null);
                long leaseMillis = Duration.parse("PT" + lease.toUpperCase()).toMillis();
                long intervalMillis = Duration.parse("PT" + interval.toUpperCase()).toMillis();
                Thread.sleep(leaseMillis + intervalMillis + 15_000);

                List<Call> log = requestLog(simulatorUrl);
                long turns = report(log, started, ended, killedAt, dossiers, interval, lease, linkCheck, discovery);
                System.out.printf("CPU per turn: Koppel %.1f ms (three JVMs), PostgreSQL %.1f ms (of %.0f s, %.0f s)%n",
                        1000 * koppelCpu / turns, 1000 * postgresCpu / turns, koppelCpu, postgresCpu);
                System.out.println("(connection_schedule: " + schedules(db) + ")");
            }
        } finally {
            instances.forEach(Process::destroy);
            for (Process instance : instances) {
                instance.waitFor();
            }
            simulator.destroy();
        }
        System.exit(0);
    }

    private static double koppelCpu(List<Process> instances) {
        return instances.stream().mapToDouble(p -> SteadyStateBenchmark.cpuSeconds(p.pid())).sum();
    }

    private static Process startInstance(Path jar, int number, List<String> common, Map<String, String> environment,
                                         String... own) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-jar", jar.toString()));
        command.addAll(common);
        command.add("--server.port=" + (FIRST_PORT + number - 1));
        command.add("--camel.component.http.user-agent=Koppel/" + number);
        command.addAll(List.of(own));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(number).toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Path log(int number) {
        return Path.of("target", "cluster-instance-" + number + ".log");
    }

    private static void awaitStarted(int number) {
        SyncBenchmark.await(() -> {
            try {
                String out = Files.readString(log(number));
                if (out.contains("APPLICATION FAILED TO START") || out.contains("Application run failed")) {
                    throw new IllegalStateException("instance " + number + " did not start: see " + log(number));
                }
                return out.contains("Started KoppelApplication");
            } catch (java.io.IOException notYet) {
                return false;
            }
        }, Duration.ofMinutes(3));
    }

    private static long count(Connection db, String sql) {
        try (ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String schedules(Connection db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet r = db.createStatement().executeQuery(
                "SELECT * FROM connection_schedule ORDER BY 1, 2")) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    row.append(r.getMetaData().getColumnName(c)).append('=').append(r.getString(c)).append(' ');
                }
                rows.add(row.toString().trim());
            }
        }
        return String.join("; ", rows);
    }

    record Call(long start, long end, String agent, String path, String query) {
        String division() {
            Matcher m = DIVISION.matcher(path);
            return m.matches() ? m.group(1) : null;
        }
    }

    /** One dossier turn as the accounting system saw it: one agent's calls on a division, at most 3 s apart. */
    record Turn(String division, String agent, long start, long end) {
    }

    private static List<Call> requestLog(String simulatorUrl) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulatorUrl
                + "/control/requests")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Files.writeString(Path.of("target", "cluster-requests.tsv"), text); // for a closer look after the run
        List<Call> calls = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 5) {
                calls.add(new Call(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], f[4]));
            }
        }
        calls.sort(Comparator.comparingLong(Call::start));
        return calls;
    }

    static List<Turn> turns(List<Call> calls) {
        Map<String, List<Call>> byDivisionAndAgent = calls.stream().filter(c -> c.division() != null)
                .collect(Collectors.groupingBy(c -> c.division() + " " + c.agent(), TreeMap::new, Collectors.toList()));
        List<Turn> turns = new ArrayList<>();
        byDivisionAndAgent.values().forEach(list -> {
            Call first = list.get(0);
            long start = first.start();
            long end = first.end();
            for (Call call : list.subList(1, list.size())) {
                if (call.start() - end > 3000) {
                    turns.add(new Turn(first.division(), first.agent(), start, end));
                    start = call.start();
                }
                end = Math.max(end, call.end());
            }
            turns.add(new Turn(first.division(), first.agent(), start, end));
        });
        turns.sort(Comparator.comparingLong(Turn::start));
        return turns;
    }

    /** Prints what the request log shows; returns the turns in the measuring window. */
    private static long report(List<Call> log, long started, long ended, long killedAt, int dossiers,
                               String interval, String lease, String linkCheck, String discovery) {
        double window = (ended - started) / 1e3;
        Map<String, Long> turnsByAgent = log.stream()
                .filter(c -> c.path().endsWith(RELATIONS) && c.start() >= started && c.start() < ended)
                .collect(Collectors.groupingBy(Call::agent, TreeMap::new, Collectors.counting()));
        long total = turnsByAgent.values().stream().mapToLong(Long::longValue).sum();
        long calls = log.stream().filter(c -> c.start() >= started && c.start() < ended).count();

        // no dossier in two turns at once: per division, turns (and single calls) of different agents never overlap
        List<Turn> turns = turns(log);
        Map<String, List<Turn>> byDivision = turns.stream()
                .collect(Collectors.groupingBy(Turn::division, TreeMap::new, Collectors.toList()));
        int overlappingTurns = 0;
        List<String> examples = new ArrayList<>();
        for (List<Turn> division : byDivision.values()) {
            for (int i = 1; i < division.size(); i++) {
                for (int j = 0; j < i; j++) {
                    Turn a = division.get(j);
                    Turn b = division.get(i);
                    if (!a.agent().equals(b.agent()) && b.start() < a.end() && a.start() < b.end()) {
                        overlappingTurns++;
                        if (examples.size() < 5) {
                            examples.add(a + " / " + b);
                        }
                    }
                }
            }
        }
        int overlappingCalls = 0;
        Map<String, List<Call>> callsByDivision = log.stream().filter(c -> c.division() != null)
                .collect(Collectors.groupingBy(Call::division));
        for (List<Call> division : callsByDivision.values()) {
            long reach = Long.MIN_VALUE;
            String reacher = null;
            for (Call call : division) {
                if (call.start() < reach && !call.agent().equals(reacher)) {
                    overlappingCalls++;
                }
                if (call.end() > reach) {
                    reach = call.end();
                    reacher = call.agent();
                }
            }
        }

        System.out.println();
        System.out.println("=== Koppel three-instance benchmark (" + LocalDate.now() + ") ===");
        System.out.printf("data: %d dossiers in one connection; interval %s, lease %s, link check every %s,"
                + " discovery every %s; other settings the defaults%n", dossiers, interval, lease, linkCheck, discovery);
        System.out.printf("turns with nothing changed: %d in %.0f s = %.1f turns/s (by instance %s); %.2f Exact calls"
                + " per turn%n", total, window, total / window, turnsByAgent, calls / (double) total);
        System.out.printf("dossiers in two turns at once (simulator's log, %d turns of %d divisions): %d overlapping"
                + " turns, %d overlapping calls of different instances%n", turns.size(), byDivision.size(),
                overlappingTurns, overlappingCalls);
        examples.forEach(e -> System.out.println("  overlap: " + e));

        // schedules: a discovery calls current/Me and then system/Divisions; a link check calls current/Me alone
        List<Call> firstPages = log.stream().filter(c -> c.path().endsWith("/system/Divisions")
                && !c.query().contains("skiptoken")).toList();
        List<Call> me = log.stream().filter(c -> c.path().endsWith("/current/Me")).toList();
        List<Call> checks = me.stream().filter(m -> firstPages.stream()
                .noneMatch(d -> d.agent().equals(m.agent()) && d.start() >= m.end() && d.start() - m.end() < 2000))
                .toList();
        System.out.println("link checks (current/Me alone), s after the measuring started, by instance: "
                + runs(checks, started));
        System.out.println("discoveries (first system/Divisions page), s after the measuring started, by instance: "
                + runs(firstPages, started));

        // kill -9: the killed instance's turns in flight, and when another instance synced those dossiers
        String victim = "Koppel/3";
        List<Call> inFlight = log.stream().filter(c -> c.agent().equals(victim) && c.division() != null
                && c.start() < killedAt && c.end() >= killedAt - 100).toList();
        long longest = 0;
        int takenOver = 0;
        for (String division : inFlight.stream().map(Call::division).distinct().toList()) {
            long next = log.stream().filter(c -> division.equals(c.division()) && !c.agent().equals(victim)
                    && c.start() >= killedAt).mapToLong(Call::start).min().orElse(-1);
            if (next >= 0) {
                takenOver++;
                longest = Math.max(longest, next - killedAt);
            }
        }
        // every dossier the killed instance synced last: the longest gap between its last turn and the next one
        Map<String, Call> lastBefore = new TreeMap<>();
        log.stream().filter(c -> c.division() != null && c.start() < killedAt)
                .forEach(c -> lastBefore.put(c.division(), c));
        long longestGap = 0;
        int its = 0;
        for (Call last : lastBefore.values()) {
            if (!last.agent().equals(victim)) {
                continue;
            }
            its++;
            long next = log.stream().filter(c -> last.division().equals(c.division()) && c.start() >= killedAt
                    && !c.agent().equals(victim)).mapToLong(Call::start).min().orElse(Long.MAX_VALUE);
            longestGap = Math.max(longestGap, next == Long.MAX_VALUE ? Long.MAX_VALUE : next - last.start());
        }
        List<Call> lastSeconds = log.stream().filter(c -> c.agent().equals(victim) && c.start() >= killedAt - 5000
                && c.start() < killedAt).toList();
        System.out.printf("instance 3's calls in the 5 s before the kill: %d, longest %d ms%n", lastSeconds.size(),
                lastSeconds.stream().mapToLong(c -> c.end() - c.start()).max().orElse(0));
        System.out.printf("kill -9 of instance 3 with %d turns in flight: %d of them synced again by the others,"
                + " at most %.1f s after the kill (lease %s)%n", inFlight.stream().map(Call::division).distinct()
                .count(), takenOver, longest / 1e3, lease);
        System.out.printf("dossiers instance 3 synced last before the kill: %d; longest gap from that turn to the"
                + " next (by the others): %s (interval %s + lease %s)%n", its,
                longestGap == Long.MAX_VALUE ? "NOT SYNCED AGAIN" : String.format("%.1f s", longestGap / 1e3),
                interval, lease);
        return total;
    }

    private static String runs(List<Call> calls, long origin) {
        return calls.stream().map(c -> String.format("%.0f (%s)", (c.start() - origin) / 1e3,
                c.agent().replace("Koppel/", ""))).collect(Collectors.joining(", "));
    }
}
