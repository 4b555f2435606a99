package nl.koppel.systems.exactonline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.RoutesFileCopy;
import nl.koppel.support.TestSimulators;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * What a kind reads is what {@code routes/systems/exact-online.camel.yaml} says, and nothing else: the routes file
 * (or a copy of it with only the {@code $select} of relations changed) runs in a Camel context of its own, with
 * Koppel's beans, against the simulator, and the simulator tells what was asked.
 */
class ExactOnlineReadsFromRoutesTest extends KoppelIntegrationTest {

    private static final Path ROUTES = Path.of("routes/systems/exact-online.camel.yaml");
    /** The relations' $select as the routes file has it, written out here to notice when it changes unseen. */
    private static final String RELATIONS_SELECT = "ID,Code,Name,IsSupplier,IsSales,Status,Blocked,VATNumber,"
            + "ChamberOfCommerce,Email,City,Country,PurchaseVATCode,SalesVATCode,Modified";
    private static final AtomicInteger USERS = new AtomicInteger();

    @Autowired
    private ApplicationContext spring;
    @Autowired
    private CamelContext koppelCamel;

    @Test
    void theRoutesFileDeclaresAValidReadForEveryKindKoppelReadsFromExactOnline() {
        List<String> kinds = spring.getBean(nl.koppel.systems.AccountingSystemCatalog.class)
                .supportedKinds(ExactOnlineOAuth.TYPE).stream().map(MasterDataKind::path).toList();
        assertThat(kinds).containsExactlyInAnyOrder("relations", "gl-accounts", "vat-codes", "journals",
                "cost-centers", "cost-units", "projects", "payment-conditions");
        for (String kind : kinds) {
            assertThat(koppelCamel.getRoute("exact-online-read-" + kind)).as(kind).isNotNull();
            // its parameters make a read (a wrong one would only fail the kind's first page in production)
            Exchange declared = koppelCamel.createProducerTemplate().send("direct:exact-online-read-" + kind,
                    exchange -> { });
            assertThat(declared.getException()).as(kind).isNull();
            ExactOnlineRead read = declared.getProperty(ExactOnlineRead.PROPERTY, ExactOnlineRead.class);
            assertThat(read.kind().path()).isEqualTo(kind);
        }
        ExactOnlineRead projects = koppelCamel.createProducerTemplate().send("direct:exact-online-read-projects",
                exchange -> { }).getProperty(ExactOnlineRead.PROPERTY, ExactOnlineRead.class);
        assertThat(projects).isEqualTo(new ExactOnlineRead(MasterDataKind.PROJECTS, "project/Projects",
                "sync/Project/Projects", List.of("ID", "Code", "Description", "Type", "Account", "AccountCode",
                "AccountName", "PaymentCondition", "StartDate", "EndDate", "Modified"), null, "Timestamp gt {cursor}",
                21));
        ExactOnlineRead paymentConditions = koppelCamel.createProducerTemplate().send(
                "direct:exact-online-read-payment-conditions", exchange -> { })
                .getProperty(ExactOnlineRead.PROPERTY, ExactOnlineRead.class);
        assertThat(paymentConditions.incremental()).isFalse();
        assertThat(paymentConditions.endpoint()).isEqualTo("cashflow/PaymentConditions");
    }

    @Test
    void changingOnlyTheSelectOfRelationsInTheRoutesFileChangesWhatIsRequested(@TempDir Path copies)
            throws Exception {
        String routes = Files.readString(ROUTES);
        assertThat(routes).as("the relations' $select in " + ROUTES).containsOnlyOnce("value: " + RELATIONS_SELECT
                + "\n");
        int division = division();
        String token = login();
        String path = "/api/v1/" + division + "/sync/CRM/Accounts";

        // the file as it is
        MasterDataPage asItIs = fetchRelations(routes, copies.resolve("as-is"), division, token);
        assertThat(lastSelect(path)).isEqualTo(RELATIONS_SELECT + ",Timestamp");
        assertThat(fieldsOf(asItIs.records().get(0))).contains("Email").doesNotContain("PaymentConditionPurchase");

        // the same file with one field fewer (Email) and one more (PaymentConditionPurchase), nothing else changed
        String changedSelect = RELATIONS_SELECT.replace("Email,", "") + ",PaymentConditionPurchase";
        MasterDataPage changed = fetchRelations(routes.replace("value: " + RELATIONS_SELECT + "\n",
                "value: " + changedSelect + "\n"), copies.resolve("changed"), division, token);
        assertThat(lastSelect(path)).isEqualTo(changedSelect + ",Timestamp");
        assertThat(fieldsOf(changed.records().get(0))).contains("PaymentConditionPurchase").doesNotContain("Email");
        assertThat(changed.records()).extracting(MasterRecord::externalId)
                .containsExactlyElementsOf(asItIs.records().stream().map(MasterRecord::externalId).toList());
        // the mapping reads what it is given: without Email, no e-mail address
        assertThat(changed.records()).allSatisfy(record -> assertThat(record.attributes().get("email")).isNull());
        assertThat(asItIs.records()).anySatisfy(record -> assertThat(record.attributes().get("email")).isNotNull());
    }

    @Test
    void aPageSizeInTheRoutesFileIsSentAsTopAndTheReadGoesOnFromTheHighestRowVersion(@TempDir Path copies)
            throws Exception {
        String routes = Files.readString(ROUTES);
        int division = division();
        String token = login();
        String withPageSize = routes.replace("value: " + RELATIONS_SELECT + "\n", "value: " + RELATIONS_SELECT
                + "\n      - name: pageSize\n        value: \"4\"\n");
        assertThat(withPageSize).isNotEqualTo(routes);

        MasterDataPage first = fetchRelations(withPageSize, copies.resolve("top"), division, token);
        String path = "/api/v1/" + division + "/sync/CRM/Accounts";
        assertThat(exact.apiQueries(path).get(exact.apiQueries(path).size() - 1)).contains("$top=4");
        assertThat(first.records()).hasSize(4);
        assertThat(first.lastPage()).isFalse();
        assertThat(first.continuation()).startsWith("full|" + exact.baseUrl() + path + "?")
                .contains("$top=4");
    }

    /** One FULL page of relations through fetch-page of the given routes file, in a Camel context of its own. */
    private MasterDataPage fetchRelations(String routesFile, Path folder, int division, String token)
            throws Exception {
        try (RoutesFileCopy copy = RoutesFileCopy.start(spring, folder, ROUTES.getFileName().toString(), routesFile)) {
            return copy.call("exact-online-fetch-page", new PageRequest(UUID.randomUUID(), Integer.toString(division),
                    MasterDataKind.RELATIONS, SyncMode.FULL, null, null, new SharedReads()),
                    Map.of("accessToken", token), MasterDataPage.class);
        }
    }

    private String lastSelect(String path) {
        List<String> queries = exact.apiQueries(path);
        assertThat(queries).as("calls to " + path).isNotEmpty();
        for (String pair : queries.get(queries.size() - 1).split("&")) {
            String decoded = URLDecoder.decode(pair, StandardCharsets.UTF_8);
            if (decoded.startsWith("$select=")) {
                return decoded.substring("$select=".length());
            }
        }
        throw new AssertionError("no $select in " + queries.get(queries.size() - 1));
    }

    private static List<String> fieldsOf(MasterRecord record) throws Exception {
        JsonNode source = new ObjectMapper().readTree(record.source());
        List<String> names = new java.util.ArrayList<>();
        source.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String user;

    /** A division of a user Koppel does not know: nothing but this test calls it. */
    private int division() {
        int n = USERS.incrementAndGet();
        user = "CX_Routes" + n;
        exact.addUser(user, "Routes " + n, "routes" + n + "@kantoor.example", 400_000 + n);
        String userName = user;
        return TestSimulators.generate(seed -> GenerationPlan.of(seed, userName, 1, 30)).get(0).code();
    }

    /** The authorization-code flow at the simulator, as the user of {@link #division()}. */
    private String login() throws Exception {
        exact.approveAs(user);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(exact.authorizationUrl("s")))
                .build(), HttpResponse.BodyHandlers.ofString());
        String code = null;
        for (String pair : URI.create(authorize.headers().firstValue("Location").orElseThrow()).getRawQuery()
                .split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(exact.settings().redirectUri(), StandardCharsets.UTF_8)
                + "&client_id=" + URLEncoder.encode(exact.settings().clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(exact.settings().clientSecret(), StandardCharsets.UTF_8);
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(exact.baseUrl()
                        + "/api/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return new ObjectMapper().readTree(tokens.body()).get("access_token").asText();
    }
}
