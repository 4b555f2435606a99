package nl.koppel.benchmark;

import java.util.List;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.SimulatorSettings;

/**
 * The Exact Online simulator in a process of its own, so that the benchmark measures Koppel's heap and not the
 * simulator's million records. Prints {@code SIMULATOR READY <baseUrl>} when it serves, then runs until killed.
 */
final class SimulatorProcess {

    static final String READY = "SIMULATOR READY ";

    private SimulatorProcess() {
    }

    /** Arguments: seed, accounting user, divisions, relations per division. */
    static void run(String[] args) throws InterruptedException {
        long seed = Long.parseLong(args[0]);
        String user = args[1];
        int divisions = Integer.parseInt(args[2]);
        int relations = Integer.parseInt(args[3]);
        ExactOnlineSimulator simulator = ExactOnlineSimulator.start(new SimulatorSettings(SyncBenchmark.CLIENT_ID,
                SyncBenchmark.CLIENT_SECRET, SyncBenchmark.REDIRECT_URI), 0);
        // Exact's limits are per division; the benchmark measures Koppel's throughput, not the limiter
        simulator.rateLimits().minutelyLimit(1_000_000).dailyLimit(100_000_000);
        simulator.addUser(user, "Benchmark", "bench@kantoor.example", 100_001);
        List<SimulatedDivision> generated = simulator.generate(GenerationPlan.of(seed, user, divisions, relations));
        simulator.approveAs(user);
        System.out.println("generated " + generated.size() + " divisions");
        System.out.println(READY + simulator.baseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }
}
