package nl.koppel.simulator.twinfield;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.koppel.simulator.common.DutchNames;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.common.SimHttp;

/**
 * A faithful stand-in for Twinfield on 127.0.0.1 (facts: ../shared/reference/other-systems.md): the OpenID Connect
 * login server (HTTP Basic client authentication, one-hour access tokens, a long-lived refresh token per user and
 * organisation, {@code accesstokenvalidation} with {@code twf.clusterUrl}), two API clusters
 * ({@value #CLUSTER_1} and {@value #CLUSTER_2}, under {@code /clusters/}), offices per user, the finder with
 * dimensions (DEB, CRD, BAS, PNL, KPL, PRJ) and VAT codes and {@code modifiedsince}, SOAP faults with Twinfield's
 * codes (101, 102, 103, 104, 105, 106, 108, 354), fair-use credits and concurrency (429 with {@code Retry-After}),
 * injected faults, and a seeded generator. This class starts the server and is the Java control API.
 */
public final class TwinfieldSimulator implements AutoCloseable {

    public static final String CLUSTER_1 = "accounting";
    public static final String CLUSTER_2 = "accounting2";
    /** The finder's table of VAT codes in {@link #put}, {@link #delete} and {@link #rows}. */
    public static final String VAT = "VAT";

    public record Settings(String clientId, String clientSecret, String redirectUri) {
    }

    private final nl.koppel.simulator.common.SignInForm signIn = new nl.koppel.simulator.common.SignInForm("Twinfield");
    private final Clock clock = Clock.systemUTC();
    private final TwinfieldAccounts accounts;
    private final TwinfieldData data = new TwinfieldData(clock);
    private final TwinfieldCredits credits = new TwinfieldCredits(clock);
    private final SimFaults faults = new SimFaults();
    private final TwinfieldHandlers handlers;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private TwinfieldSimulator(Settings settings) throws IOException {
        this.accounts = new TwinfieldAccounts(clock, settings.clientId(), settings.clientSecret(),
                settings.redirectUri());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.handlers = new TwinfieldHandlers(accounts, data, credits, faults, new ObjectMapper(), baseUrl, signIn);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "twinfield-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext(TwinfieldHandlers.CONNECT, SimHttp.guarded("Twinfield", handlers::login));
        server.createContext("/clusters/", SimHttp.guarded("Twinfield", handlers::cluster));
        server.createContext("/", exchange -> SimHttp.sendText(exchange, 404, "Not Found"));
        server.setExecutor(executor);
        server.start();
    }

    public static TwinfieldSimulator start(Settings settings) {
        try {
            return new TwinfieldSimulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Twinfield simulator", e);
        }
    }

    /** The login server, e.g. {@code http://127.0.0.1:54321}: use it as {@code koppel.systems.twinfield.base-url}. */
    public String baseUrl() {
        return baseUrl;
    }

    public String clusterUrl(String cluster) {
        return handlers.clusterUrl(cluster);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- organisations, users, access --------------------------------------------------------

    public void addOrganisation(String code, String cluster) {
        accounts.addOrganisation(code, cluster);
    }

    /** The cluster the organisation lives on. */
    public String clusterOf(String organisation) {
        return accounts.organisation(organisation).cluster();
    }

    /** From now on the organisation's calls belong on another cluster; the old one answers fault 108. */
    public void moveOrganisation(String code, String cluster) {
        accounts.moveOrganisation(code, cluster);
    }

    /** Fault 106 for every call of the organisation's users. */
    public void deactivateOrganisation(String code) {
        accounts.deactivateOrganisation(code);
    }

    /** Adds a user; returns their login {@code USERCODE@ORGCODE}. */
    public String addUser(String organisation, String userCode) {
        return accounts.addUser(organisation, userCode).login();
    }

    /** The user's password on the sign-in page a browser sees (the login is {@code USER@ORGANISATION}). */
    public void password(String login, String password) {
        accounts.user(login);
        signIn.password(login, password);
    }

    public void approveAs(String login) {
        accounts.approveAs(login);
    }

    /** Fault 105 (log-on disabled) for the user's calls. */
    public void disableUser(String login) {
        accounts.state(login, TwinfieldAccounts.UserState.DISABLED);
    }

    /** Fault 104 (log-on deleted), and the refresh token stops working. */
    public void deleteUser(String login) {
        accounts.state(login, TwinfieldAccounts.UserState.DELETED);
    }

    /** Fault 103 (credentials no longer valid). */
    public void invalidateCredentials(String login) {
        accounts.state(login, TwinfieldAccounts.UserState.CREDENTIALS_INVALID);
    }

    public void enableUser(String login) {
        accounts.state(login, TwinfieldAccounts.UserState.ACTIVE);
    }

    /** The refresh token and every access token of the user stop working (validation 400, SOAP fault 354). */
    public void revokeGrants(String login) {
        accounts.revokeGrants(login);
    }

    /** Which fault an expired access token gets from the cluster: "354" (the default) or "103" (sometimes seen). */
    public void expiredTokenFault(String code) {
        accounts.expiredTokenFault(code);
    }

    public void expireAccessTokens(String login) {
        accounts.expireAccessTokens(login);
    }

    public void accessTokenLifetime(Duration lifetime) {
        accounts.accessTokenLifetime(lifetime);
    }

    public void addOffice(String organisation, String code, String name) {
        data.addOffice(organisation, code, name);
    }

    public void grant(String login, String office) {
        accounts.grant(login, office);
    }

    /** From now on the finder answers the message NoAccessToOffice (zero rows) for the office; no longer listed. */
    public void revoke(String login, String office) {
        accounts.revoke(login, office);
    }

    public List<String> officesOf(String login) {
        return accounts.officesOf(login);
    }

    // ---- finder data -------------------------------------------------------------------------

    /** Creates or changes a dimension ({@code DEB}, {@code CRD}, {@code BAS}, {@code PNL}, {@code KPL}, {@code PRJ})
     * or VAT code ({@link #VAT}); it counts as modified now. */
    public void put(String office, String type, String code, String name) {
        data.put(office, type, code, name);
    }

    /** Creates or changes a relation (DEB, CRD) with the details a read of dimensions shows. */
    public void putRelation(String office, String type, String code, String name, String vatNumber, String kvkNumber,
                            String city, String email) {
        data.putRelation(office, type, code, name, vatNumber, kvkNumber, city, email);
    }

    public void delete(String office, String type, String code) {
        data.delete(office, type, code);
    }

    public List<TwinfieldRow> rows(String office, String type) {
        return data.rows(office, type);
    }

    /**
     * Adds {@code offices} offices of the user's organisation, each with {@code relations} relations (two thirds
     * debtors, a third creditors), 10 balance and 14 profit-and-loss accounts, 5 cost centres, 3 projects and 6 VAT
     * codes; the user gets access. The same seed gives the same codes and names.
     */
    public synchronized List<String> generate(long seed, String login, int offices, int relations) {
        String organisation = login.substring(login.indexOf('@') + 1);
        Random random = new Random(seed);
        List<String> codes = new ArrayList<>();
        for (int o = 0; o < offices; o++) {
            String code = "NL" + seed + "-" + (o + 1);
            data.addOffice(organisation, code, DutchNames.company(random));
            int debtors = relations - relations / 3;
            for (int i = 0; i < relations; i++) {
                String type = i < debtors ? "DEB" : "CRD";
                int number = i < debtors ? 1000 + i : 2000 + i - debtors;
                String company = DutchNames.company(random);
                // every third relation has no VAT number, every fifth no KvK number (private persons, foreign firms)
                String vat = i % 3 == 2 ? null : String.format("NL%09dB01", random.nextInt(1_000_000_000));
                String kvk = i % 5 == 4 ? null : String.format("%08d", random.nextInt(100_000_000));
                data.putRelation(code, type, Integer.toString(number), company, vat, kvk, DutchNames.city(random),
                        i % 2 == 0 ? "info" + number + "@example.nl" : null);
            }
            String[] balance = {"Inventaris", "Vervoermiddelen", "Kas", "Bank", "Debiteuren", "Crediteuren",
                "Te betalen btw", "Te vorderen btw", "Eigen vermogen", "Lening"};
            for (int i = 0; i < balance.length; i++) {
                data.put(code, "BAS", String.format("%04d", 100 + i * 100), balance[i]);
            }
            String[] profitAndLoss = {"Lonen", "Sociale lasten", "Huur", "Energie", "Autokosten", "Kantoorkosten",
                "Reclame", "Advieskosten", "Afschrijvingen", "Rente", "Inkoopwaarde", "Omzet hoog", "Omzet laag",
                "Omzet verlegd"};
            for (int i = 0; i < profitAndLoss.length; i++) {
                data.put(code, "PNL", Integer.toString(4000 + i * 10), profitAndLoss[i]);
            }
            String[] costCenters = {"Algemeen", "Verkoop", "Inkoop", "Productie", "Administratie"};
            for (int i = 0; i < costCenters.length; i++) {
                data.put(code, "KPL", "K" + (100 + i), costCenters[i]);
            }
            for (int i = 0; i < 3; i++) {
                data.put(code, "PRJ", "P" + (2024_000 + i), "Project " + DutchNames.city(random));
            }
            String[][] vat = {{"VH", "BTW 21%"}, {"VL", "BTW 9%"}, {"VN", "BTW 0%"}, {"VV", "BTW verlegd"},
                {"IH", "Inkoop BTW 21%"}, {"IL", "Inkoop BTW 9%"}};
            for (String[] v : vat) {
                data.put(code, VAT, v[0], v[1]);
            }
            accounts.grant(login, code);
            codes.add(code);
        }
        return codes;
    }

    // ---- fair use, faults, counters, secrets -------------------------------------------------

    /** Twinfield: 1,000 credits a minute per IP (a query 1, else 3); {@code concurrent} requests per organisation. */
    public void fairUse(int creditsPerMinute, int concurrent) {
        credits.configure(creditsPerMinute, concurrent);
    }

    /** The next {@code count} cluster calls whose SOAP body names {@code office} get 429 with {@code Retry-After}. */
    public void tooManyRequestsNext(String office, Duration retryAfter, int count) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        faults.respond("/clusters/", "<CompanyCode>" + office + "</CompanyCode>", 429, "text/plain; charset=utf-8",
                "Too Many Requests", Map.of("Retry-After", Long.toString(seconds)), count);
    }

    /** The most requests for office data (with a company) of the organisation that ran at the same time so far. */
    public int mostConcurrentRequests(String organisation) {
        return credits.mostAtOnce(organisation);
    }

    /** The next {@code count} cluster calls for the office get a SOAP fault with this Twinfield code. */
    public void soapFaultNext(String office, String code, String message, int count) {
        faults.respond("/clusters/", office == null ? null : "<CompanyCode>" + office + "</CompanyCode>",
                TwinfieldHandlers.faultStatus(code),
                "text/xml; charset=utf-8", TwinfieldHandlers.faultEnvelope("soap:Client", code, message), Map.of(),
                count);
    }

    public SimFaults faults() {
        return faults;
    }

    /**
     * Calls whose path starts with the prefix (token calls also as {@code .../token#<grant_type>}; finder searches of
     * an office also as {@code finder#<type>[:<dimtype>][:modifiedsince]}, e.g. {@code finder#DIM:PRJ:modifiedsince}).
     */
    public long calls(String pathPrefix) {
        return handlers.calls(pathPrefix);
    }

    public void resetCounters() {
        handlers.resetCounters();
    }

    public List<String> issuedSecrets() {
        return accounts.issuedSecrets();
    }
}
