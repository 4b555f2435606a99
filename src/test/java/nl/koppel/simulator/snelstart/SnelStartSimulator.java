package nl.koppel.simulator.snelstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.common.SimHttp;

/**
 * A faithful stand-in for SnelStart's B2B API v2 on 127.0.0.1 (facts: ../shared/reference/other-systems.md,
 * "SnelStart B2B (API v2)"). Published behaviour it follows:
 * <ul>
 *   <li>the token endpoint {@code POST /b2b/token} (on the auth host; here the same server, its own path) takes
 *       {@code grant_type=clientkey&clientkey=<key>} and, as SnelStart's .NET client sends it, {@code
 *       grant_type=password} with the key base64-decoded into user and password; it answers {@code {access_token,
 *       token_type: bearer, expires_in: 3599}} and no refresh token;</li>
 *   <li>one key per administration, reaching exactly that one; no list of administrations;</li>
 *   <li>every API call needs the app's subscription key ({@code Ocp-Apim-Subscription-Key}) and the bearer token;
 *       scopes {@code relaties:read}, {@code boekhouden:read}, {@code settings:read} (403 without);</li>
 *   <li>{@code GET /v2/companyInfo}, {@code /v2/echo/{x}}, and {@code relaties}, {@code grootboeken} (OData:
 *       {@code $top} 1-500, default 500, {@code $skip}, {@code $filter=ModifiedOn gt datetime'...'} with
 *       case-sensitive UpperCamelCase names), {@code dagboeken}, {@code kostenplaatsen}, {@code btwtarieven} (no
 *       OData: every row, query ignored), each as a bare JSON array;</li>
 *   <li>400 errors as {@code [{"errorCode": "ALG-0104", "message"}]}; Azure API Management's 429 {@code
 *       {"statusCode": 429, "message": "Rate limit is exceeded. Try again in N seconds."}} with {@code Retry-After}
 *       ({@link #tooManyRequestsNext}).</li>
 * </ul>
 * Where the reference is silent, it chose (listed in docs/connector-contract.md as A-S1...A-S6):
 * <ul>
 *   <li>A-S1: an unknown, revoked or regenerated key gets 400 {@code {"error": "invalid_grant"}} at the token
 *       endpoint (OWIN's answer); an unsupported grant type 400 {@code unsupported_grant_type}. The token endpoint
 *       needs no subscription key.</li>
 *   <li>A-S2: a revoked key's outstanding tokens stop working at once; an expired, revoked or unknown token gets 401
 *       {@code {"message": "Authorization has been denied for this request."}} (ASP.NET Web API's text).</li>
 *   <li>A-S3: a token without the scope an operation needs gets 403 {@code {"message": "Forbidden: the scope ... is
 *       not granted ..."}}.</li>
 *   <li>A-S4: a missing or wrong subscription key gets APIM's 401 {@code {"statusCode": 401, "message": "Access
 *       denied due to missing|invalid subscription key..."}}, checked before the token; a {@code $top} outside 1-500,
 *       a negative or non-numeric {@code $skip}, and every filter other than {@code ModifiedOn gt datetime'...'} get
 *       400 {@code ALG-0104}.</li>
 *   <li>A-S5: OData resources answer in a stable order (here: order of creation), so {@code $skip} paging neither
 *       skips nor repeats records while nothing is created or deleted.</li>
 *   <li>A-S6: companyInfo carries {@code kvkNummer} and {@code btwNummer} of the administration.</li>
 * </ul>
 * This class starts the server and is the Java control API for tests and the demo.
 */
public final class SnelStartSimulator implements AutoCloseable {

    /** An administration as tests see it. */
    public record Administration(String id, String name) {
    }

    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();
    private final SnelStartAccounts accounts = new SnelStartAccounts(clock);
    private final SnelStartData data = new SnelStartData(clock, json);
    private final SimFaults faults = new SimFaults();
    private final String subscriptionKey;
    private final SnelStartHandlers handlers;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private SnelStartSimulator(String subscriptionKey) throws IOException {
        this.subscriptionKey = subscriptionKey;
        this.handlers = new SnelStartHandlers(accounts, data, faults, json, subscriptionKey);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "snelstart-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/b2b/token", SimHttp.guarded("SnelStart", handlers::token));
        server.createContext("/v2/", SimHttp.guarded("SnelStart", handlers::api));
        server.createContext("/", exchange -> SimHttp.sendText(exchange, 404, "Not Found"));
        server.setExecutor(executor);
        server.start();
    }

    /** @param subscriptionKey Koppel's app subscription key, the one the API accepts */
    public static SnelStartSimulator start(String subscriptionKey) {
        try {
            return new SnelStartSimulator(subscriptionKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SnelStart simulator", e);
        }
    }

    /** The API root: use it as {@code koppel.systems.snelstart.base-url}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The token host: use it as {@code koppel.systems.snelstart.auth-url} (token endpoint {@code /b2b/token}). */
    public String authUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- administrations and keys --------------------------------------------------------

    public Administration addAdministration(String name) {
        SnelStartData.Administration added = data.addAdministration(name, null, null);
        return new Administration(added.id(), added.name());
    }

    public Administration addAdministration(String name, String kvkNumber, String vatNumber) {
        SnelStartData.Administration added = data.addAdministration(name, kvkNumber, vatNumber);
        return new Administration(added.id(), added.name());
    }

    /** The user approves the coupling in SnelStart ("Create"): a new connection key for the administration. */
    public String createKey(String administrationId) {
        data.administration(administrationId).orElseThrow();
        return accounts.createKey(administrationId);
    }

    /** The coupling is deleted ("Delete"): the token endpoint refuses the key, its tokens answer 401. */
    public void revokeKey(String key) {
        accounts.revoke(key);
    }

    /** "Regenerate": the administration's keys stop working, a new one is returned. */
    public String regenerateKey(String administrationId) {
        accounts.revokeAll(administrationId);
        return accounts.createKey(administrationId);
    }

    /** What the key may do from now on, e.g. {@code Set.of("settings:read")}: the other operations answer 403. */
    public void scopes(String key, Set<String> scopes) {
        accounts.scopes(key, scopes);
    }

    public void expireTokens(String administrationId) {
        accounts.expireTokens(administrationId);
    }

    // ---- data ------------------------------------------------------------------------------

    /** Seeded master data (see {@link SnelStartData#generate}). */
    public void generate(String administrationId, long seed, int relations, int glAccounts) {
        data.generate(administrationId, seed, relations, glAccounts);
    }

    /** Creates a record (no {@code id}, {@code modifiedOn}: the simulator keeps those); returns its id. */
    public String create(String administrationId, SnelStartResource resource, Map<String, ?> fields) {
        return data.create(administrationId, resource, fields);
    }

    public void update(String administrationId, SnelStartResource resource, String id, Map<String, ?> fields) {
        data.update(administrationId, resource, id, fields);
    }

    /** A hard delete: the record is gone; SnelStart publishes no deletions. */
    public void delete(String administrationId, SnelStartResource resource, String id) {
        data.delete(administrationId, resource, id);
    }

    /** The records as the API would send them, in its order. */
    public List<ObjectNode> records(String administrationId, SnelStartResource resource) {
        return data.records(administrationId, resource);
    }

    // ---- faults and counters ---------------------------------------------------------------

    public SimFaults faults() {
        return faults;
    }

    /** The next {@code count} calls under {@code pathPrefix} get APIM's 429 with {@code Retry-After}. */
    public void tooManyRequestsNext(String pathPrefix, int count, int retryAfterSeconds) {
        faults.respond(pathPrefix, null, 429, "application/json",
                "{\"statusCode\":429,\"message\":\"Rate limit is exceeded. Try again in " + retryAfterSeconds
                        + " seconds.\"}", Map.of("Retry-After", Integer.toString(retryAfterSeconds)), count);
    }

    /** API calls to exactly this path (e.g. {@code /v2/relaties}) since the start. */
    public int calls(String path) {
        return handlers.calls(path);
    }

    /** The decoded query string of the last call to this path, e.g. {@code $top=500&$skip=0}. */
    public String lastQuery(String path) {
        return handlers.lastQuery(path);
    }

    public int tokenRequests() {
        return handlers.tokenRequests();
    }

    /** Every secret the simulator knows or issued: subscription key, connection keys (and passwords), tokens. */
    public List<String> issuedSecrets() {
        List<String> secrets = new ArrayList<>(accounts.secrets());
        secrets.add(subscriptionKey);
        return secrets;
    }
}
