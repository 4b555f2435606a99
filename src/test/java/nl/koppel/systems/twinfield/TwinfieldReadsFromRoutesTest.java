package nl.koppel.systems.twinfield;

import static org.assertj.core.api.Assertions.assertThat;

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
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.RoutesFileCopy;
import nl.koppel.support.TestSimulators;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.TokenGrant;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * What a Twinfield kind reads is what {@code routes/systems/twinfield.camel.yaml} says: a copy of the file with the
 * projects' {@code max-rows} changed runs in a Camel context of its own ({@link RoutesFileCopy}) against the simulator
 * (three projects per generated office), and the pages show the finder was asked for that many rows.
 */
class TwinfieldReadsFromRoutesTest extends KoppelIntegrationTest {

    private static final Path ROUTES = Path.of("routes/systems/twinfield.camel.yaml");
    /** The projects' block: its dimtype, then its page size. */
    private static final String PROJECTS_MAX_ROWS = "        value: PRJ\n      - name: max-rows\n"
            + "        value: \"100\"\n";
    /** RFC 7636, appendix B: a PKCE verifier and its S256 challenge. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final AtomicInteger ORGANISATIONS = new AtomicInteger();

    private final TwinfieldSimulator twinfield = TestSimulators.twinfield();

    @Autowired
    private ApplicationContext spring;
    @Autowired
    private CamelContext koppelCamel;

    @Test
    void everyKindKoppelReadsFromTwinfieldHasItsBlockInTheRoutesFile() {
        List<MasterDataKind> kinds = spring.getBean(AccountingSystemCatalog.class).supportedKinds("twinfield");
        assertThat(kinds).containsExactlyInAnyOrder(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS,
                MasterDataKind.VAT_CODES, MasterDataKind.COST_CENTERS, MasterDataKind.PROJECTS);
        for (MasterDataKind kind : kinds) {
            assertThat(koppelCamel.getRoute("twinfield-read-" + kind.path())).as(kind.path()).isNotNull();
        }
    }

    @Test
    void theProjectsPageSizeInTheRoutesFileIsTheFindersMaxRows(@TempDir Path copies) throws Exception {
        int n = ORGANISATIONS.incrementAndGet();
        String organisation = "ROUTES" + n;
        twinfield.addOrganisation(organisation, TwinfieldSimulator.CLUSTER_1);
        String login = twinfield.addUser(organisation, "ROUTES" + n);
        String office = twinfield.generate(9_400 + n, login, 1, 3).get(0);

        try (RoutesFileCopy asItIs = RoutesFileCopy.start(spring, copies.resolve("as-is"), ROUTES,
                PROJECTS_MAX_ROWS, PROJECTS_MAX_ROWS)) {
            MasterDataPage all = projects(asItIs, token(asItIs, login), office, null);
            assertThat(all.records()).extracting(MasterRecord::code).containsExactly("P2024000", "P2024001",
                    "P2024002");
            assertThat(all.lastPage()).isTrue();
        }
        try (RoutesFileCopy two = RoutesFileCopy.start(spring, copies.resolve("two"), ROUTES, PROJECTS_MAX_ROWS,
                PROJECTS_MAX_ROWS.replace("\"100\"", "\"2\""))) {
            String token = token(two, login);
            MasterDataPage first = projects(two, token, office, null);
            assertThat(first.records()).extracting(MasterRecord::code).containsExactly("P2024000", "P2024001");
            assertThat(first.lastPage()).isFalse();
            MasterDataPage second = projects(two, token, office, first.continuation());
            assertThat(second.records()).extracting(MasterRecord::code).containsExactly("P2024002");
            assertThat(second.lastPage()).isTrue();
        }
    }

    /** One FULL page of projects through fetch-page of the running copy. */
    private static MasterDataPage projects(RoutesFileCopy routes, String token, String office, String continuation)
            throws Exception {
        PageRequest request = new PageRequest(UUID.randomUUID(), office, MasterDataKind.PROJECTS, SyncMode.FULL, null,
                continuation, new SharedReads());
        return routes.call("twinfield-fetch-page", request, Map.of("accessToken", token), MasterDataPage.class);
    }

    /** The authorization-code flow (PKCE) through the copy's own authorize-url and exchange-code routes. */
    private String token(RoutesFileCopy routes, String login) throws Exception {
        twinfield.approveAs(login);
        String authorize = routes.call("twinfield-authorize-url", null, Map.of("state", "s", "codeChallenge",
                CHALLENGE), String.class);
        HttpResponse<String> answer = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        String location = answer.headers().firstValue("Location").orElseThrow(() -> new AssertionError(answer.body()));
        String code = null;
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring("code=".length()), StandardCharsets.UTF_8);
            }
        }
        assertThat(code).as(location).isNotNull();
        return routes.call("twinfield-exchange-code", null, Map.of("code", code, "codeVerifier", VERIFIER),
                TokenGrant.class).accessToken();
    }
}
