package nl.koppel.simulator.moneybird;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.koppel.simulator.common.DutchNames;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.common.SimHttp;

/**
 * A faithful stand-in for Moneybird on 127.0.0.1 (facts: ../shared/reference/other-systems.md): OAuth
 * (Doorkeeper: codes used once, refresh tokens that rotate, access tokens that never expire unless
 * {@link #accessTokenLifetime} is set, {@code /oauth/token/info}), administrations per user, contacts with
 * versions and the synchronization API (GET ids + versions, POST at most 100 ids), ledger accounts (not paged),
 * tax rates (paged, {@code Link rel="next"}), the limit of 150 requests per 5 minutes per user (429 with
 * {@code Retry-After}), 401/403/404 as Moneybird answers them, injected faults, and a seeded generator.
 * This class starts the server and is the Java control API for tests and the demo.
 */
public final class MoneybirdSimulator implements AutoCloseable {

    /** The app registered at the simulator. */
    public record Settings(String clientId, String clientSecret, String redirectUri) {
    }

    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();
    private final MoneybirdAccounts accounts;
    private final MoneybirdData data = new MoneybirdData(clock, json);
    private final MoneybirdRateLimiter rateLimiter = new MoneybirdRateLimiter(clock);
    private final SimFaults faults = new SimFaults();
    private final nl.koppel.simulator.common.SignInForm signIn = new nl.koppel.simulator.common.SignInForm("Moneybird");
    private final MoneybirdHandlers handlers;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;

    private MoneybirdSimulator(Settings settings, int port) throws IOException {
        this.accounts = new MoneybirdAccounts(clock, settings.clientId(), settings.clientSecret(),
                settings.redirectUri());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.handlers = new MoneybirdHandlers(accounts, data, rateLimiter, faults, json, baseUrl, signIn);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "moneybird-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.createContext("/oauth/", SimHttp.guarded("Moneybird", handlers::oauth));
        server.createContext("/api/v2/", SimHttp.guarded("Moneybird", handlers::api));
        server.createContext("/", exchange -> SimHttp.sendText(exchange, 404, "Not Found"));
        server.setExecutor(executor);
        server.start();
    }

    public static MoneybirdSimulator start(Settings settings) {
        try {
            return new MoneybirdSimulator(settings, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Moneybird simulator", e);
        }
    }

    /** E.g. {@code http://127.0.0.1:54321}: use it as {@code koppel.systems.moneybird.base-url}. */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- users, grants, access -----------------------------------------------------------

    /** A Moneybird user, known by e-mail address; returns the user's id. */
    /** An accountant (what an office's sync user usually is): listed in users.json only with include_accountants. */
    public long addUser(String name, String email) {
        return accounts.addUser(name, email, "accountant").id();
    }

    /** The owner of the administrations {@code generate} makes for someone else; listed in users.json always. */
    public long addOwner(String name, String email) {
        return accounts.addUser(name, email, "owner").id();
    }

    public long userId(String email) {
        return accounts.user(email).id();
    }

    /** Who logs in and consents at the authorize endpoint; null: nobody (access_denied). */
    public void password(String email, String password) {
        accounts.user(email);
        signIn.password(email, password);
    }

    public void approveAs(String email) {
        accounts.approveAs(email);
    }

    /** The user disconnects Koppel in Moneybird: every access and refresh token of the user dies. */
    public void revokeGrants(String email) {
        accounts.revokeGrants(email);
    }

    public void expireAccessTokens(String email) {
        accounts.expireAccessTokens(email);
    }

    /** null (the default): tokens never expire and token replies have no {@code expires_in}. */
    public void accessTokenLifetime(Duration lifetime) {
        accounts.accessTokenLifetime(lifetime);
    }

    /** false: token replies carry no refresh token (as with a token that never expires). */
    public void refreshTokensIssued(boolean issued) {
        accounts.refreshTokensIssued(issued);
    }

    public String addAdministration(String name) {
        return data.addAdministration(data.newId(), name).id();
    }

    public void grant(String email, String administration) {
        accounts.grant(email, administration);
    }

    /** From now on the user's calls to the administration get {@code 403}, and it is no longer listed. */
    public void revoke(String email, String administration) {
        accounts.revoke(email, administration);
    }

    public List<String> administrationsOf(String email) {
        return accounts.administrationsOf(accounts.user(email).id());
    }

    // ---- master data -------------------------------------------------------------------------

    public ObjectNode create(String administration, MoneybirdKind kind, Map<String, ?> fields) {
        return data.create(administration, kind, null, fields);
    }

    /** Changes fields; the record gets a new {@code version}. */
    public ObjectNode update(String administration, MoneybirdKind kind, String id, Map<String, ?> changes) {
        return data.update(administration, kind, id, changes);
    }

    public void delete(String administration, MoneybirdKind kind, String id) {
        data.delete(administration, kind, id);
    }

    /** Copies of the administration's records of the kind, by id. */
    public List<ObjectNode> records(String administration, MoneybirdKind kind) {
        return data.all(administration, kind);
    }

    /**
     * Adds {@code administrations} administrations, each with {@code contacts} contacts, 24 ledger accounts and
     * 6 tax rates (one inactive), and gives the user access; each administration has an owner of its own (listed in
     * users.json with the accountants). The same seed gives the same names and values.
     */
    public synchronized List<String> generate(long seed, String email, int administrations, int contacts) {
        accounts.user(email);
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < administrations; a++) {
            String administration = data.addAdministration(data.newId(), DutchNames.company(random)).id();
            for (int c = 0; c < contacts; c++) {
                data.create(administration, MoneybirdKind.CONTACTS, null, contact(random, c));
            }
            ledgerAccounts(administration, random);
            taxRates(administration);
            accounts.grant(email, administration);
            String owner = "eigenaar-" + administration + "@example.nl";
            accounts.addUser("Eigenaar " + administration, owner, "owner");
            accounts.grant(owner, administration);
            ids.add(administration);
        }
        return ids;
    }

    private static Map<String, Object> contact(Random random, int n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean person = random.nextInt(5) == 0;
        String company = person ? "" : DutchNames.company(random);
        fields.put("company_name", company);
        fields.put("firstname", person ? DutchNames.firstName(random) : null);
        fields.put("lastname", person ? DutchNames.lastName(random) : null);
        fields.put("address1", "Dorpsstraat " + (1 + random.nextInt(200)));
        fields.put("zipcode", (1000 + random.nextInt(8999)) + " AB");
        fields.put("city", DutchNames.city(random));
        fields.put("country", "NL");
        fields.put("phone", "06" + (10_000_000 + random.nextInt(89_999_999)));
        fields.put("customer_id", Integer.toString(1 + n));
        fields.put("tax_number", person ? "" : DutchNames.vatNumber(random));
        fields.put("chamber_of_commerce", person ? "" : DutchNames.kvk(random));
        fields.put("email", DutchNames.emailOf(person ? "contact" + n : company));
        fields.put("send_invoices_to_email", null);
        return fields;
    }

    private void ledgerAccounts(String administration, Random random) {
        String[][] accountsList = {
            {"0100", "Inventaris", "non_current_assets"}, {"0200", "Vervoermiddelen", "non_current_assets"},
            {"1000", "Kas", "current_assets"}, {"1100", "Bank", "current_assets"},
            {"1300", "Debiteuren", "current_assets"}, {"1600", "Crediteuren", "current_liabilities"},
            {"1500", "Te betalen btw", "current_liabilities"}, {"1510", "Te vorderen btw", "current_assets"},
            {"0500", "Eigen vermogen", "equity"}, {"0600", "Voorzieningen", "provisions"},
            {"0700", "Lening", "non_current_liabilities"}, {"8000", "Omzet hoog", "revenue"},
            {"8010", "Omzet laag", "revenue"}, {"8020", "Omzet verlegd", "revenue"},
            {"7000", "Inkoopwaarde omzet", "direct_costs"}, {"4000", "Lonen en salarissen", "expenses"},
            {"4100", "Huisvestingskosten", "expenses"}, {"4200", "Autokosten", "expenses"},
            {"4300", "Kantoorkosten", "expenses"}, {"4400", "Verkoopkosten", "expenses"},
            {"4500", "Algemene kosten", "expenses"}, {"4600", "Afschrijvingen", "expenses"},
            {"9000", "Rentebaten", "other_income_expenses"}, {"9100", "Rentelasten", "other_income_expenses"}};
        for (String[] account : accountsList) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", account[1] + (random.nextInt(10) == 0 ? " (oud)" : ""));
            fields.put("account_type", account[2]);
            fields.put("account_id", account[0]);
            fields.put("parent_id", null);
            fields.put("allowed_document_types", List.of("sales_invoice", "purchase_invoice", "general_journal_document"));
            // ledger accounts carry active (since 2026-02); provisions are not used here
            fields.put("active", !"provisions".equals(account[2]));
            data.create(administration, MoneybirdKind.LEDGER_ACCOUNTS, null, fields);
        }
    }

    private void taxRates(String administration) {
        Object[][] rates = {
            {"21% btw", "21.0", "sales_invoice", true}, {"9% btw", "9.0", "sales_invoice", true},
            {"0% btw", "0.0", "sales_invoice", true}, {"Btw verlegd", "0.0", "sales_invoice", true},
            {"21% btw inkoop", "21.0", "purchase_invoice", true}, {"6% btw (oud)", "6.0", "sales_invoice", false}};
        for (Object[] rate : rates) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", rate[0]);
            fields.put("percentage", rate[1]);
            fields.put("tax_rate_type", rate[2]);
            fields.put("show_tax", true);
            fields.put("active", rate[3]);
            fields.put("country", null);
            data.create(administration, MoneybirdKind.TAX_RATES, null, fields);
        }
    }

    // ---- limits, faults, counters, secrets ---------------------------------------------------

    /** Moneybird: 150 per 5 minutes per user. Takes effect at once (windows restart). */
    public void rateLimit(int requests, Duration window) {
        rateLimiter.configure(requests, window);
    }

    public void resetRateLimits() {
        rateLimiter.reset();
    }

    /**
     * The next {@code count} calls under {@code pathPrefix} get Moneybird's 429 with {@code Retry-After}
     * (seconds, rounded up) although the user's window has calls left.
     */
    public void tooManyRequestsNext(String pathPrefix, Duration retryAfter, int count) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        faults.respond(pathPrefix, null, 429, "application/json; charset=utf-8",
                "{\"error\":\"Too many requests, retry after " + seconds + " seconds\"}",
                Map.of("Retry-After", Long.toString(seconds)), count);
    }

    public SimFaults faults() {
        return faults;
    }

    /**
     * Calls whose path starts with the prefix; API calls are also counted as {@code "<METHOD> <path>"}, token calls
     * as {@code /oauth/token#<grant_type>}.
     */
    /** The most administration calls of the user that ran at the same time so far. */
    public int mostConcurrentRequests(String email) {
        return handlers.mostAtOnce(accounts.user(email).id());
    }

    public long calls(String pathPrefix) {
        return handlers.calls(pathPrefix);
    }

    /** 429s the rate limiter gave (injected ones not counted). */
    public long tooManyRequests() {
        return handlers.tooManyRequests();
    }

    public void resetCounters() {
        handlers.resetCounters();
    }

    /** Every code, access token and refresh token issued, in order. */
    public List<String> issuedSecrets() {
        return accounts.issuedSecrets();
    }
}
