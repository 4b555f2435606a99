package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful stand-in for Exact Online on 127.0.0.1: the OAuth endpoints with Exact's quirks
 * (rotating refresh tokens, chain breakage on concurrent refresh, string {@code expires_in}, ...),
 * {@code current/Me}, failure injection, and a control API ({@code /control}) for tests and the demo.
 * <p>
 * This class starts and stops the server, routes paths to the handlers, and is the Java control API.
 * Requests are served on a thread pool, so concurrent calls really run concurrently.
 * The simulator logs no tokens: tests grep logs for {@link #issuedSecrets()}.
 */
public final class ExactOnlineSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExactOnlineSimulator.class.getName());

    private final SimulatorSettings settings;
    private final SimulatedAuthorizationServer authorizationServer;
    private final FaultInjector faults = new FaultInjector();
    private final CallStatistics statistics = new CallStatistics();
    private final ExecutorService executor;
    private final HttpServer server;
    private final String baseUrl;

    private ExactOnlineSimulator(SimulatorSettings settings, int port) throws IOException {
        this.settings = settings;
        this.authorizationServer = new SimulatedAuthorizationServer(settings, Clock.systemUTC());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.executor = Executors.newCachedThreadPool(daemonThreads());

        ObjectMapper json = new ObjectMapper();
        OAuthHandlers oauth = new OAuthHandlers(authorizationServer, faults, statistics, json);
        ApiHandlers api = new ApiHandlers(authorizationServer, faults, statistics, json, baseUrl);
        ControlHandlers control = new ControlHandlers(this, json);
        server.createContext(OAuthHandlers.AUTHORIZE_PATH, guarded(oauth::authorize));
        server.createContext(OAuthHandlers.TOKEN_PATH, guarded(oauth::token));
        server.createContext(ApiHandlers.API_PREFIX, guarded(api::handle));
        server.createContext(ControlHandlers.CONTROL_PREFIX, guarded(control::handle));
        server.createContext("/", exchange -> HttpMessages.sendText(exchange, 404, "Not Found"));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a free port. */
    public static ExactOnlineSimulator start(SimulatorSettings settings) {
        return start(settings, 0);
    }

    /** Starts on the given port (0 = a free one). */
    public static ExactOnlineSimulator start(SimulatorSettings settings, int port) {
        try {
            return new ExactOnlineSimulator(settings, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Exact Online simulator on port " + port, e);
        }
    }

    /** E.g. {@code http://127.0.0.1:54321}; use it as the Exact host, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- users and grants --------------------------------------------------------------------

    /** @throws IllegalStateException when a user with that name exists */
    public AccountingUser addUser(AccountingUser user) {
        return authorizationServer.addUser(user);
    }

    /** A Dutch user (nl-NL, NL) with a random UserID. */
    public AccountingUser addUser(String userName, String fullName, String email, int currentDivision) {
        return addUser(AccountingUser.of(userName, fullName, email, currentDivision));
    }

    public List<AccountingUser> users() {
        return authorizationServer.users();
    }

    /** Who logs in and consents at the authorize endpoint; null: nobody does (access_denied). */
    public void approveAs(String userName) {
        authorizationServer.approveAs(userName);
    }

    /** Revokes every grant (token chain) of the user. */
    public void revokeGrants(String userName) {
        authorizationServer.revokeGrants(userName);
    }

    /** Every access token of the user expires now, and its chains may be refreshed at once. */
    public void expireAccessTokens(String userName) {
        authorizationServer.expireAccessTokens(userName);
    }

    /** The current refresh token of every chain of the user expires now. */
    public void expireRefreshTokens(String userName) {
        authorizationServer.expireRefreshTokens(userName);
    }

    public void disableUser(String userName) {
        authorizationServer.disableUser(userName);
    }

    public void enableUser(String userName) {
        authorizationServer.enableUser(userName);
    }

    /** The user's token chains that are neither revoked nor broken. */
    public int activeGrants(String userName) {
        return authorizationServer.activeGrants(userName);
    }

    /** The authorize URL a browser would be sent to, for the registered app and redirect URI. */
    public String authorizationUrl(String state) {
        return baseUrl + OAuthHandlers.AUTHORIZE_PATH
                + "?client_id=" + HttpMessages.encode(settings.clientId())
                + "&redirect_uri=" + HttpMessages.encode(settings.redirectUri())
                + "&response_type=code"
                + "&state=" + HttpMessages.encode(state);
    }

    // ---- settings, counters, faults, secrets -------------------------------------------------

    /** The live settings: changes apply to the next request. */
    public SimulatorSettings settings() {
        return settings;
    }

    /** Calls to the token endpoint with this grant_type, including refused and faulted ones. */
    public long tokenCalls(String grantType) {
        return statistics.tokenCalls(grantType);
    }

    /** Calls to this exact API path (no query string), including refused and faulted ones. */
    public long apiCalls(String path) {
        return statistics.apiCalls(path);
    }

    public long authorizeCalls() {
        return statistics.authorizeCalls();
    }

    /** Zeroes the call counters and the per-user daily token-call counts. */
    public void resetCounters() {
        statistics.reset();
        authorizationServer.resetDailyTokenCalls();
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Every authorization code, access token and refresh token ever issued, in issue order. */
    public List<String> issuedSecrets() {
        return authorizationServer.issuedSecrets();
    }

    CallStatistics statistics() {
        return statistics;
    }

    // ---- internals ---------------------------------------------------------------------------

    /** Turns an unexpected exception into a 500 instead of a silently dropped connection. */
    private static HttpHandler guarded(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (IOException clientGone) {
                // usual after a delay fault: the client timed out and hung up before the answer
                LOG.log(System.Logger.Level.DEBUG, "client went away on " + exchange.getRequestURI().getPath());
                exchange.close();
            } catch (RuntimeException | Error bug) {
                LOG.log(System.Logger.Level.WARNING, "Exact Online simulator failed on " + exchange.getRequestURI().getPath(), bug);
                if (exchange.getResponseCode() == -1) {
                    HttpMessages.sendText(exchange, 500, "Simulator error: " + bug.getClass().getSimpleName());
                } else {
                    exchange.close();
                }
            }
        };
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "exact-online-simulator-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
