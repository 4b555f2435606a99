package nl.koppel.support;

import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.SimulatorSettings;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;

/** One simulator per test JVM, shared like the cached Spring context that points at it. */
public final class TestSimulators {

    public static final String CLIENT_ID = "koppel-test-client";
    public static final String CLIENT_SECRET = "koppel-test-client-secret-5f2c9a";
    public static final String REDIRECT_URI = "http://localhost/koppel-test/api/v1/oauth/callback";

    /** The apps registered at the Moneybird and Twinfield simulators; the same values are in application-test.yaml. */
    public static final String MONEYBIRD_CLIENT_ID = "koppel-test-moneybird";
    public static final String MONEYBIRD_CLIENT_SECRET = "koppel-test-moneybird-secret-81d0";
    public static final String TWINFIELD_CLIENT_ID = "koppel-test-twinfield";
    public static final String TWINFIELD_CLIENT_SECRET = "koppel-test-twinfield-secret-3e7b";

    private static ExactOnlineSimulator exactOnline;
    private static MoneybirdSimulator moneybird;
    private static TwinfieldSimulator twinfield;

    private TestSimulators() {
    }

    public static synchronized ExactOnlineSimulator exactOnline() {
        if (exactOnline == null) {
            exactOnline = ExactOnlineSimulator.start(new SimulatorSettings(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI));
        }
        return exactOnline;
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
}
