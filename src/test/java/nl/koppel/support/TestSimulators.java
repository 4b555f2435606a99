package nl.koppel.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.SimulatorSettings;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;

/** One simulator per test JVM, shared like the cached Spring context that points at it. */
public final class TestSimulators {

    public static final String CLIENT_ID = "koppel-test-client";
    public static final String CLIENT_SECRET = "koppel-test-client-secret-5f2c9a";
    public static final String REDIRECT_URI = "http://koppel.test/api/v1/oauth/callback";

    /** The apps registered at the Moneybird and Twinfield simulators; the same values are in application-test.yaml. */
    public static final String MONEYBIRD_CLIENT_ID = "koppel-test-moneybird";
    public static final String MONEYBIRD_CLIENT_SECRET = "koppel-test-moneybird-secret-81d0";
    public static final String TWINFIELD_CLIENT_ID = "koppel-test-twinfield";
    public static final String TWINFIELD_CLIENT_SECRET = "koppel-test-twinfield-secret-3e7b";
    /** Koppel's subscription key at the SnelStart simulator; the same value is in application-test.yaml. */
    public static final String SNELSTART_SUBSCRIPTION_KEY = "koppel-test-snelstart-subscription-6a1f";

    private static ExactOnlineSimulator exactOnline;
    private static final java.util.concurrent.atomic.AtomicLong SEEDS = new java.util.concurrent.atomic.AtomicLong(5000);
    private static GreenMail smtp;
    private static MoneybirdSimulator moneybird;
    private static TwinfieldSimulator twinfield;
    private static SnelStartSimulator snelstart;

    private TestSimulators() {
    }

    public static synchronized ExactOnlineSimulator exactOnline() {
        if (exactOnline == null) {
            exactOnline = ExactOnlineSimulator.start(new SimulatorSettings(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI));
        }
        return exactOnline;
    }

    /** A real SMTP server (GreenMail) on a free port of 127.0.0.1; it keeps every message it accepts. */
    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        return smtp;
    }

    /**
     * Generates divisions for one test: every test class shares the simulator, and two seeds can draw the same
     * division code, so a plan whose codes exist already is drawn again from the next seed.
     */
    public static java.util.List<nl.koppel.simulator.exactonline.SimulatedDivision> generate(
            java.util.function.LongFunction<nl.koppel.simulator.exactonline.GenerationPlan> plan) {
        for (int attempt = 0; ; attempt++) {
            try {
                return exactOnline().generate(plan.apply(SEEDS.incrementAndGet()));
            } catch (IllegalStateException codeTaken) {
                if (attempt == 20) {
                    throw codeTaken;
                }
            }
        }
    }

    public static synchronized MoneybirdSimulator moneybird() {
        if (moneybird == null) {
            moneybird = MoneybirdSimulator.start(new MoneybirdSimulator.Settings(MONEYBIRD_CLIENT_ID,
                    MONEYBIRD_CLIENT_SECRET, REDIRECT_URI));
        }
        return moneybird;
    }

    /**
     * Twinfield's fair use counts credits per client IP, and every test's dossiers keep syncing every few seconds
     * for the rest of the test JVM: the shared simulator allows far more than Twinfield's 1,000 credits a minute, so
     * that one test's traffic does not slow the next. Tests of the limit itself set {@code fairUse} themselves.
     */
    public static synchronized TwinfieldSimulator twinfield() {
        if (twinfield == null) {
            twinfield = TwinfieldSimulator.start(new TwinfieldSimulator.Settings(TWINFIELD_CLIENT_ID,
                    TWINFIELD_CLIENT_SECRET, REDIRECT_URI));
            twinfield.fairUse(1_000_000, 100);
        }
        return twinfield;
    }

    public static synchronized SnelStartSimulator snelstart() {
        if (snelstart == null) {
            snelstart = SnelStartSimulator.start(SNELSTART_SUBSCRIPTION_KEY);
        }
        return snelstart;
    }
}
