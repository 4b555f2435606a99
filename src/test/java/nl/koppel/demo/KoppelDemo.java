package nl.koppel.demo;

import java.util.Arrays;
import java.util.stream.Stream;
import nl.koppel.KoppelApplication;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.SimulatorSettings;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import org.springframework.boot.SpringApplication;

/**
 * The demo behind {@code mvn spring-boot:test-run}: the Exact Online, Moneybird, Twinfield and SnelStart simulators on free
 * localhost ports, then the real Koppel (profile {@code demo}, config/application-demo.yaml) on its embedded
 * PostgreSQL and port 8080, plus {@link DemoConfiguration}, which provisions "Demo Kantoor" and makes the links at
 * start.
 */
public final class KoppelDemo {

    /** The app registered at the simulators; the same values are in config/application-demo.yaml. */
    static final String CLIENT_ID = "koppel-demo-client";
    static final String CLIENT_SECRET = "koppel-demo-client-secret";
    static final String REDIRECT_URI = "http://localhost:8080/api/v1/oauth/callback";

    private static ExactOnlineSimulator exactOnline;
    private static MoneybirdSimulator moneybird;
    private static TwinfieldSimulator twinfield;
    private static SnelStartSimulator snelstart;
    /** DEMO ONLY: Koppel's subscription key at the SnelStart simulator (also in config/application-demo.yaml). */
    static final String SNELSTART_SUBSCRIPTION_KEY = "koppel-demo-snelstart-subscription";

    private KoppelDemo() {
    }

    /**
     * The demo; or, with a first argument, the developer tools that share this one test-code entry point
     * ({@code mvn spring-boot:test-run} needs exactly one main class in src/test/java): {@code benchmark}
     * (docs/benchmark.md) and {@code simulator} (the benchmark's simulator process).
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("benchmark")) {
            nl.koppel.benchmark.BenchmarkLauncher.benchmark(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("simulator")) {
            nl.koppel.benchmark.BenchmarkLauncher.simulator(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        exactOnline = ExactOnlineSimulator.start(new SimulatorSettings(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI), 0);
        moneybird = MoneybirdSimulator.start(new MoneybirdSimulator.Settings(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI));
        twinfield = TwinfieldSimulator.start(new TwinfieldSimulator.Settings(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI));
        snelstart = SnelStartSimulator.start(SNELSTART_SUBSCRIPTION_KEY);
        String[] withSimulator = Stream.concat(
                Stream.of("--koppel.systems.exact-online.base-url=" + exactOnline.baseUrl(),
                        "--koppel.systems.moneybird.base-url=" + moneybird.baseUrl(),
                        "--koppel.systems.twinfield.base-url=" + twinfield.baseUrl(),
                        "--koppel.systems.snelstart.base-url=" + snelstart.baseUrl(),
                        "--koppel.systems.snelstart.auth-url=" + snelstart.authUrl()),
                Arrays.stream(args)).toArray(String[]::new);
        SpringApplication.from(KoppelApplication::main)
                .with(DemoConfiguration.class)
                .withAdditionalProfiles("demo")
                .run(withSimulator);
    }

    /** The simulators {@link #main} started, for {@link DemoConfiguration}. */
    static ExactOnlineSimulator exactOnline() {
        return started(exactOnline);
    }

    static MoneybirdSimulator moneybird() {
        return started(moneybird);
    }

    static TwinfieldSimulator twinfield() {
        return started(twinfield);
    }

    static SnelStartSimulator snelstart() {
        return started(snelstart);
    }

    private static <T> T started(T simulator) {
        if (simulator == null) {
            throw new IllegalStateException("The demo runs through KoppelDemo.main (mvn spring-boot:test-run)");
        }
        return simulator;
    }
}
