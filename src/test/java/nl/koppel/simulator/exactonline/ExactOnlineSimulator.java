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
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful stand-in for Exact Online on 127.0.0.1: the OAuth endpoints with Exact's quirks
 * (rotating refresh tokens, chain breakage on concurrent refresh, string {@code expires_in}, ...),
 * {@code current/Me}, divisions per user ({@code system/Divisions}), six kinds of master data with Exact's
 * paging, sync endpoints and {@code sync/Deleted}, per-division rate limits, failure injection, a
 * deterministic data generator, and a control API ({@code /control}) for tests and the demo.
 * <p>
 * This class starts and stops the server, routes paths to the handlers, and is the Java control API.
 * Requests are served on a thread pool, so concurrent calls really run concurrently.
 * The simulator logs no tokens: tests grep logs for {@link #issuedSecrets()}.
 */
public final class ExactOnlineSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ExactOnlineSimulator.class.getName());

    static {
        // Without TCP_NODELAY the JDK server's last small chunk of a streamed page waits ~40 ms for a delayed
        // ACK (Nagle), which caps paging at ~25 pages a second. Read once, when the first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final SimulatedAuthorizationServer authorizationServer;
    private final DivisionDirectory directory = new DivisionDirectory();
    private final MasterDataStore store = new MasterDataStore(clock);
    private final DataGenerator generator = new DataGenerator(directory, store);
    private final RateLimitSettings rateLimits = new RateLimitSettings();
    private final RateLimiter rateLimiter = new RateLimiter(rateLimits, clock);
    private final FaultInjector faults = new FaultInjector(rateLimiter);
    private final CallStatistics statistics = new CallStatistics();
    private final ConcurrentCalls concurrentCalls = new ConcurrentCalls();
    private final ExecutorService executor;
    private final HttpServer server;
    private final String baseUrl;

    private final nl.koppel.simulator.common.SignInForm signIn =
            new nl.koppel.simulator.common.SignInForm("Exact Online");

    private ExactOnlineSimulator(SimulatorSettings settings, int port) throws IOException {
        this.settings = settings;
        this.authorizationServer = new SimulatedAuthorizationServer(settings, clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.executor = Executors.newCachedThreadPool(daemonThreads());

        ObjectMapper json = new ObjectMapper();
        OAuthHandlers oauth = new OAuthHandlers(authorizationServer, faults, statistics, json, signIn);
        MasterDataHandlers masterData = new MasterDataHandlers(directory, store, rateLimiter, baseUrl);
        ApiHandlers api = new ApiHandlers(authorizationServer, directory, masterData, faults, statistics, concurrentCalls, json,
                baseUrl);
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

    /** The user's password on the sign-in page a browser sees at the authorize URL. */
    public void password(String userName, String password) {
        if (!authorizationServer.hasUser(userName)) {
            throw new IllegalArgumentException("no user " + userName);
        }
        signIn.password(userName, password);
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

    // ---- divisions and access ----------------------------------------------------------------

    /**
     * Adds a division (no master data yet, nobody has access). A missing Modified becomes now.
     *
     * @throws IllegalStateException when the code is taken
     */
    public SimulatedDivision addDivision(SimulatedDivision division) {
        store.addDivision(division.code());
        return directory.add(division, clock.instant());
    }

    /** Adds or replaces a division; its records and grants stay. A missing Modified becomes now. */
    public SimulatedDivision putDivision(SimulatedDivision division) {
        store.addDivision(division.code());
        return directory.put(division, clock.instant());
    }

    public Optional<SimulatedDivision> division(int code) {
        return directory.find(code);
    }

    /** Every division, by code. */
    public List<SimulatedDivision> divisions() {
        return directory.all();
    }

    /** From now on the user's tokens reach the division, and {@code system/Divisions} lists it. */
    public void grantDivision(String userName, int code) {
        requireUser(userName);
        directory.grant(userName, code);
    }

    /** From now on calls naming the division get {@code 403 Forbidden - WrongDivision}. */
    public void revokeDivision(String userName, int code) {
        requireUser(userName);
        directory.revoke(userName, code);
    }

    public Set<Integer> accessibleDivisions(String userName) {
        return directory.accessibleCodes(userName);
    }

    /**
     * As Exact does when it moves a division to another database: every row version of the division (records
     * of all kinds and tombstones) gets a new, higher value, in the same order; DivisionMoveDate becomes now.
     */
    public SimulatedDivision moveDivision(int code) {
        store.move(code);
        return directory.markMoved(code, clock.instant());
    }

    // ---- master data -------------------------------------------------------------------------

    /**
     * Creates a record with a new random ID. {@code values} uses Exact's property names and may leave any out
     * (null); ID, Modified and Timestamp are set by the simulator.
     *
     * @throws IllegalArgumentException for an unknown or managed property or a value of the wrong type
     */
    public SimulatedRecord createRecord(int code, Kind kind, Map<String, ?> values) {
        return createRecord(code, kind, null, values);
    }

    /** As {@link #createRecord(int, Kind, Map)}, with the given ID (null: a random one). */
    public SimulatedRecord createRecord(int code, Kind kind, UUID id, Map<String, ?> values) {
        return store.create(code, kind, id, FieldValues.typed(kind, values)).toSimulated(kind);
    }

    /** Changes the given properties; the record gets a new Timestamp and Modified = now. */
    public SimulatedRecord updateRecord(int code, Kind kind, UUID id, Map<String, ?> changes) {
        return store.update(code, kind, id, FieldValues.typed(kind, changes)).toSimulated(kind);
    }

    /** Deletes the record; for accounts and GL accounts {@code sync/Deleted} then reports it. */
    public void deleteRecord(int code, Kind kind, UUID id) {
        store.delete(code, kind, id);
    }

    /** The division's current records of the kind, by ID (Exact's GUID order). */
    public List<SimulatedRecord> records(int code, Kind kind) {
        return store.all(code, kind).stream().map(record -> record.toSimulated(kind)).toList();
    }

    public Optional<SimulatedRecord> record(int code, Kind kind, UUID id) {
        return store.find(code, kind, id).map(record -> record.toSimulated(kind));
    }

    public int recordCount(int code, Kind kind) {
        return store.count(code, kind);
    }

    // ---- generator ---------------------------------------------------------------------------

    /**
     * {@link #generate(GenerationPlan)} with {@link GenerationPlan#of}: default counts of the other kinds
     * (200 GL accounts, 15 VAT codes, 8 journals, 20 cost centres, 10 cost units) and no archived divisions.
     */
    public List<SimulatedDivision> generate(long seed, String userName, int divisions, int relationsPerDivision) {
        return generate(GenerationPlan.of(seed, userName, divisions, relationsPerDivision));
    }

    /**
     * Adds the plan's divisions with their master data and grants the (existing) user access to them.
     * The same plan gives the same division codes, IDs, values and row versions.
     *
     * @throws IllegalStateException when one of the plan's division codes exists already
     */
    public synchronized List<SimulatedDivision> generate(GenerationPlan plan) {
        requireUser(plan.userName());
        return generator.generate(plan);
    }

    // ---- settings, counters, faults, secrets -------------------------------------------------

    /** The live per-division rate limits: changes apply to the next call. */
    public RateLimitSettings rateLimits() {
        return rateLimits;
    }

    /** Calls whose path names this division, whatever the answer (faults, 401, 403 and 429 included). */
    public long divisionCalls(int code) {
        return statistics.divisionCalls(code);
    }


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

    /** The raw query strings of the API calls to this exact path, in the order they came. */
    public List<String> apiQueries(String path) {
        return statistics.requestLog().all().stream().filter(request -> request.path().equals(path))
                .map(RequestLog.Request::query).toList();
    }

    public long authorizeCalls() {
        return statistics.authorizeCalls();
    }

    /** The most calls to this API path that were in progress at the same time since the last reset. */
    public int highestConcurrentCalls(String path) {
        return concurrentCalls.highest(path);
    }

    /** The same, for the calls made with one user's tokens. */
    public int highestConcurrentCalls(String path, String userName) {
        return concurrentCalls.highest(path + " " + userName);
    }

    /** Calls to this API path made with one user's tokens since the last reset. */
    public long apiCallsBy(String path, String userName) {
        return concurrentCalls.calls(path, userName);
    }

    /** Forgets the highest concurrency and the per-user counts (not the calls in progress). */
    public void resetConcurrentCalls() {
        concurrentCalls.reset();
    }

    /** Zeroes the call counters, the per-user daily token-call counts and every division's rate-limit windows. */
    public void resetCounters() {
        statistics.reset();
        authorizationServer.resetDailyTokenCalls();
        rateLimiter.reset();
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

    private void requireUser(String userName) {
        if (!authorizationServer.hasUser(userName)) {
            throw new NoSuchElementException("no such user: " + userName);
        }
    }

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
