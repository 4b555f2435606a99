package nl.koppel.simulator.exactonline;

import java.time.Duration;
import java.util.Objects;

/**
 * The registered app and every limit of the simulated Exact Online.
 * Mutable on purpose: tests shrink the times (a 600 s token can last 2 s) while the simulator runs.
 * Each field is volatile, so a change is seen by the next request on any thread.
 */
public final class SimulatorSettings {

    private volatile String clientId;
    private volatile String clientSecret;
    private volatile String redirectUri;
    private volatile Duration accessTokenLifetime = Duration.ofSeconds(600);
    private volatile Duration minRefreshInterval = Duration.ofSeconds(570);
    private volatile Duration refreshTokenLifetime = Duration.ofDays(30);
    private volatile Duration codeLifetime = Duration.ofMinutes(3);
    private volatile Duration refreshLatency = Duration.ofMillis(150);
    private volatile int tokenCallsPerDay = 200;

    public SimulatorSettings(String clientId, String clientSecret, String redirectUri) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.redirectUri = Objects.requireNonNull(redirectUri, "redirectUri");
    }

    /** A registered app with fixed, recognisable credentials; tests usually set their own redirect URI. */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(
                "3f2c1a9e-5b7d-4c8e-9a1f-0d6b2e4c8a10",
                "simulated-exact-client-secret",
                "http://127.0.0.1:8080/oauth/exact/callback");
    }

    public String clientId() { return clientId; }
    public String clientSecret() { return clientSecret; }
    public String redirectUri() { return redirectUri; }
    public Duration accessTokenLifetime() { return accessTokenLifetime; }
    /** A refresh of a chain whose access token was issued less than this ago (and has not expired) is refused. */
    public Duration minRefreshInterval() { return minRefreshInterval; }
    /** Counted from the refresh token's issue, evaluated at use: shrinking it expires existing tokens. */
    public Duration refreshTokenLifetime() { return refreshTokenLifetime; }
    public Duration codeLifetime() { return codeLifetime; }
    /** Time a refresh takes server-side; the window in which a second refresh breaks the chain. */
    public Duration refreshLatency() { return refreshLatency; }
    public int tokenCallsPerDay() { return tokenCallsPerDay; }

    public SimulatorSettings clientId(String value) { clientId = Objects.requireNonNull(value); return this; }
    public SimulatorSettings clientSecret(String value) { clientSecret = Objects.requireNonNull(value); return this; }
    public SimulatorSettings redirectUri(String value) { redirectUri = Objects.requireNonNull(value); return this; }
    public SimulatorSettings accessTokenLifetime(Duration value) { accessTokenLifetime = nonNegative(value); return this; }
    public SimulatorSettings minRefreshInterval(Duration value) { minRefreshInterval = nonNegative(value); return this; }
    public SimulatorSettings refreshTokenLifetime(Duration value) { refreshTokenLifetime = nonNegative(value); return this; }
    public SimulatorSettings codeLifetime(Duration value) { codeLifetime = nonNegative(value); return this; }
    public SimulatorSettings refreshLatency(Duration value) { refreshLatency = nonNegative(value); return this; }

    public SimulatorSettings tokenCallsPerDay(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("tokenCallsPerDay must not be negative");
        }
        tokenCallsPerDay = value;
        return this;
    }

    private static Duration nonNegative(Duration value) {
        Objects.requireNonNull(value);
        if (value.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        // no client secret: settings may end up in logs that tests grep for secrets
        return "SimulatorSettings[clientId=" + clientId + ", redirectUri=" + redirectUri
                + ", accessTokenLifetime=" + accessTokenLifetime + ", minRefreshInterval=" + minRefreshInterval
                + ", refreshTokenLifetime=" + refreshTokenLifetime + ", codeLifetime=" + codeLifetime
                + ", refreshLatency=" + refreshLatency + ", tokenCallsPerDay=" + tokenCallsPerDay + "]";
    }
}
