package nl.koppel.support;

import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.SimulatorSettings;

/** One simulator per test JVM, shared like the cached Spring context that points at it. */
public final class TestSimulators {

    public static final String CLIENT_ID = "koppel-test-client";
    public static final String CLIENT_SECRET = "koppel-test-client-secret-5f2c9a";
    public static final String REDIRECT_URI = "http://localhost/koppel-test/api/v1/oauth/callback";

    private static ExactOnlineSimulator exactOnline;

    private TestSimulators() {
    }

    public static synchronized ExactOnlineSimulator exactOnline() {
        if (exactOnline == null) {
            exactOnline = ExactOnlineSimulator.start(new SimulatorSettings(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI));
        }
        return exactOnline;
    }
}
