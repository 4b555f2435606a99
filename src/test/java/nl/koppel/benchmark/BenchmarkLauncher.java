package nl.koppel.benchmark;

/** The benchmark's two entry points, called from the single test-code main (nl.koppel.demo.KoppelDemo). */
public final class BenchmarkLauncher {

    private BenchmarkLauncher() {
    }

    public static void benchmark(String[] args) throws Exception {
        SyncBenchmark.run(args);
    }

    public static void simulator(String[] args) throws Exception {
        SimulatorProcess.run(args);
    }
}
