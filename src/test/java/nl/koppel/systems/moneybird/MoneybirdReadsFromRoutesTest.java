package nl.koppel.systems.moneybird;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.SharedReads;
import nl.koppel.masterdata.SyncMode;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.RoutesFileCopy;
import nl.koppel.support.TestSimulators;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.TokenGrant;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * What a Moneybird kind reads is what {@code routes/systems/moneybird.camel.yaml} says: the file, or a copy of it with
 * one value of the tax rates' block changed, runs in a Camel context of its own ({@link RoutesFileCopy}) against the
 * simulator, and the pages it gets back show what was asked (the simulator has six tax rates, one inactive).
 */
class MoneybirdReadsFromRoutesTest extends KoppelIntegrationTest {

    private static final Path ROUTES = Path.of("routes/systems/moneybird.camel.yaml");
    /** The tax rates' block ends with these two parameters (the template's defaults are written otherwise). */
    private static final String PER_PAGE = "      - name: per-page\n        value: \"100\"\n";
    private static final String FILTER = "      - name: filter\n        value: \"\"\n";
    private static final AtomicInteger USERS = new AtomicInteger();

    private final MoneybirdSimulator moneybird = TestSimulators.moneybird();

    @Autowired
    private ApplicationContext spring;
    @Autowired
    private CamelContext koppelCamel;

    private String email;
    private String administration;

    @BeforeEach
    void administration() {
        int n = USERS.incrementAndGet();
        email = "routes" + n + "@kantoor.example";
        moneybird.addUser("Routes " + n, email);
        administration = moneybird.generate(9_300 + n, email, 1, 3).get(0);
    }

    @Test
    void everyKindKoppelReadsFromMoneybirdHasItsBlockInTheRoutesFile() {
        List<MasterDataKind> kinds = spring.getBean(AccountingSystemCatalog.class).supportedKinds("moneybird");
        assertThat(kinds).containsExactlyInAnyOrder(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS,
                MasterDataKind.VAT_CODES);
        for (MasterDataKind kind : kinds) {
            assertThat(koppelCamel.getRoute("moneybird-read-" + kind.path())).as(kind.path()).isNotNull();
        }
    }

    @Test
    void thePageSizeOfTaxRatesInTheRoutesFileIsWhatIsRequested(@TempDir Path copies) throws Exception {
        try (RoutesFileCopy asItIs = RoutesFileCopy.start(spring, copies.resolve("as-is"), ROUTES, PER_PAGE,
                PER_PAGE)) {
            MasterDataPage all = taxRates(asItIs, token(asItIs), null);
            assertThat(all.records()).hasSize(6);
            assertThat(all.lastPage()).isTrue();
        }
        try (RoutesFileCopy four = RoutesFileCopy.start(spring, copies.resolve("four"), ROUTES, PER_PAGE,
                PER_PAGE.replace("\"100\"", "\"4\""))) {
            String token = token(four);
            MasterDataPage first = taxRates(four, token, null);
            assertThat(first.records()).hasSize(4);
            assertThat(first.lastPage()).isFalse();
            assertThat(first.continuation()).contains("per_page=4");
            MasterDataPage second = taxRates(four, token, first.continuation());
            assertThat(second.records()).hasSize(2);
            assertThat(second.lastPage()).isTrue();
        }
    }

    @Test
    void aFilterInTheRoutesFileIsSentToMoneybird(@TempDir Path copies) throws Exception {
        try (RoutesFileCopy active = RoutesFileCopy.start(spring, copies, ROUTES, FILTER,
                FILTER.replace("\"\"", "active:true"))) {
            MasterDataPage page = taxRates(active, token(active), null);
            assertThat(page.records()).hasSize(5).allSatisfy(r -> assertThat(r.active()).isTrue());
            assertThat(page.records()).extracting(MasterRecord::name).doesNotContain("6% btw (oud)");
        }
    }

    @Test
    void aValueMoneybirdWouldRefuseStopsTheRoutesFromStartingWithTheKindNamed(@TempDir Path copies) {
        Throwable refused = catchThrowable(() -> RoutesFileCopy.start(spring, copies,
                ROUTES, PER_PAGE, PER_PAGE.replace("\"100\"", "\"500\"")).close());
        Throwable cause = refused;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kind vat-codes").hasMessageContaining("per-page must be 1..100, is 500");
    }

    /** One page of tax rates through fetch-page of the running copy. */
    private MasterDataPage taxRates(RoutesFileCopy routes, String token, String continuation) throws Exception {
        PageRequest request = new PageRequest(UUID.randomUUID(), administration, MasterDataKind.VAT_CODES,
                SyncMode.FULL, null, continuation, new SharedReads());
        return routes.call("moneybird-fetch-page", request, Map.of("accessToken", token), MasterDataPage.class);
    }

    /** The authorization-code flow through the copy's own authorize-url and exchange-code routes. */
    private String token(RoutesFileCopy routes) throws Exception {
        moneybird.approveAs(email);
        String authorize = routes.call("moneybird-authorize-url", null, Map.of("state", "s", "codeChallenge", "c"),
                String.class);
        HttpResponse<String> login = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        String location = login.headers().firstValue("Location").orElseThrow(() -> new AssertionError(login.body()));
        String code = null;
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring("code=".length()), StandardCharsets.UTF_8);
            }
        }
        assertThat(code).as(location).isNotNull();
        return routes.call("moneybird-exchange-code", null, Map.of("code", code), TokenGrant.class).accessToken();
    }
}
