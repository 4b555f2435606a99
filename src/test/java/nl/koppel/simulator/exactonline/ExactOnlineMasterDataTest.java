package nl.koppel.simulator.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Divisions, master data, paging, sync, rate limits and the generator, over real HTTP as a connector meets them. */
class ExactOnlineMasterDataTest {

    private static final String REDIRECT_URI = "http://localhost:8080/oauth/exact/callback";
    private static final String USER = "CX_Basecone";
    private static final String WRONG_DIVISION = "{\"error\":{\"code\":\"\",\"message\":{\"lang\":\"\",\"value\":\"Forbidden - WrongDivision\"}}}";
    private static final String QUERY_SYNTAX = "{\"error\":{\"code\":\"\",\"message\":{\"lang\":\"\",\"value\":\"Error in query syntax.\"}}}";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();
    private ExactOnlineSimulator simulator;
    private String token;

    @BeforeEach
    void start() throws Exception {
        simulator = ExactOnlineSimulator.start(SimulatorSettings.defaults().redirectUri(REDIRECT_URI).refreshLatency(Duration.ZERO));
        simulator.addUser(USER, "Basecone Sync", "sync@example.nl", 1);
        simulator.approveAs(USER);
        token = login();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    // ---- divisions and access ----------------------------------------------------------------

    @Test
    void systemDivisionsListsTheAccessibleDivisionsSixtyAPage() throws Exception {
        for (int code = 1001; code <= 1130; code++) {
            simulator.addDivision(SimulatedDivision.of(code, "Administratie " + code));
            if (code <= 1125) {
                simulator.grantDivision(USER, code);
            }
        }

        List<JsonNode> pages = followAll(api(1001, "system/Divisions"));

        assertThat(pages).extracting(page -> page.at("/d/results").size()).containsExactly(60, 60, 5);
        List<Integer> codes = new ArrayList<>();
        pages.forEach(page -> page.at("/d/results").forEach(row -> codes.add(row.get("Code").asInt())));
        assertThat(codes).hasSize(125).doesNotHaveDuplicates().isSorted().doesNotContain(1126, 1130);
        JsonNode first = pages.get(0).at("/d/results/0");
        assertThat(first.get("Status").asInt()).isEqualTo(1);
        assertThat(first.get("Modified").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(first.get("DivisionMoveDate").isNull()).isTrue();
        assertThat(pages.get(0).at("/d/__next").asText()).startsWith(simulator.baseUrl() + "/api/v1/1001/system/Divisions?");
    }

    @Test
    void aDivisionTheUserCannotAccessIsForbiddenUntilGrantedAndAfterRevoked() throws Exception {
        simulator.addDivision(SimulatedDivision.of(2001, "Eigen"));
        simulator.addDivision(SimulatedDivision.of(2002, "Klant"));
        simulator.grantDivision(USER, 2001);

        HttpResponse<String> forbidden = get(api(2002, "system/Divisions"));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo(WRONG_DIVISION);
        assertThat(get(api(9999, "hrm/Costcenters")).statusCode()).isEqualTo(403);
        assertThat(codesOf(getJson(api(2001, "system/Divisions")))).containsExactly(2001);

        simulator.grantDivision(USER, 2002);
        assertThat(get(api(2002, "hrm/Costcenters")).statusCode()).isEqualTo(200);
        assertThat(codesOf(getJson(api(2001, "system/Divisions")))).containsExactly(2001, 2002);

        simulator.revokeDivision(USER, 2002);
        assertThat(get(api(2002, "hrm/Costcenters")).body()).isEqualTo(WRONG_DIVISION);
        assertThat(codesOf(getJson(api(2001, "system/Divisions")))).containsExactly(2001);
        assertThat(get(api(2001, "system/Divisions"), "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    void divisionsCanBeFilteredOnStatus() throws Exception {
        List<SimulatedDivision> divisions = simulator.generate(GenerationPlan.of(5, USER, 6, 0).withArchivedDivisions(2));
        int any = divisions.get(0).code();

        assertThat(codesOf(getJson(api(any, "system/Divisions?$filter=Status%20eq%202")))).hasSize(2);
        assertThat(codesOf(getJson(api(any, "system/Divisions?$filter=Status%20eq%201")))).hasSize(4);
        assertThat(get(api(any, "system/Divisions?$filter=Description%20eq%20'x'")).body()).isEqualTo(QUERY_SYNTAX);
    }

    @Test
    void meReportsAnAccessibleCurrentDivisionOnceTheUserHasDivisions() throws Exception {
        String me = simulator.baseUrl() + ApiHandlers.ME_PATH;
        assertThat(getJson(me).at("/d/results/0/CurrentDivision").asInt()).isEqualTo(1);

        List<SimulatedDivision> divisions = simulator.generate(GenerationPlan.of(3, USER, 3, 0));

        assertThat(getJson(me).at("/d/results/0/CurrentDivision").asInt()).isEqualTo(divisions.get(0).code());
        assertThat(divisions.get(0).isMainDivision()).isTrue();
    }

    // ---- regular endpoints -------------------------------------------------------------------

    @Test
    void aRegularEndpointPagesSixtyByIdAndNextCarriesTheQueryAndASkiptoken() throws Exception {
        int division = simulator.generate(GenerationPlan.of(11, USER, 1, 0).withCounts(200, 15, 8, 200, 10)).get(0).code();

        List<JsonNode> pages = followAll(api(division, "hrm/Costcenters?$select=ID,Code,Description"));

        assertThat(pages).extracting(page -> page.at("/d/results").size()).containsExactly(60, 60, 60, 20);
        String next = pages.get(0).at("/d/__next").asText();
        assertThat(next).startsWith(simulator.baseUrl() + "/api/v1/" + division + "/hrm/Costcenters?$select=ID,Code,Description&$skiptoken=guid'");
        List<String> ids = idsOf(pages);
        assertThat(ids).doesNotHaveDuplicates().isSorted()
                .containsExactlyElementsOf(simulator.records(division, Kind.COST_CENTERS).stream().map(r -> r.id().toString()).toList());
        JsonNode row = pages.get(0).at("/d/results/0");
        assertThat(fieldNames(row)).containsExactly("__metadata", "ID", "Code", "Description");
        assertThat(pages.get(3).at("/d/__next").isMissingNode()).isTrue();
    }

    @Test
    void projectsAreReadThroughTheirSyncEndpointAndDeletedAsEntityType21PaymentConditionsInFull() throws Exception {
        int division = simulator.generate(GenerationPlan.of(16, USER, 1, 20).withProjectsAndPaymentConditions(40, 8))
                .get(0).code();

        // like accounts: the regular endpoint of a kind with a sync endpoint wants a $filter
        HttpResponse<String> refused = get(api(division, "project/Projects?$select=ID,Code"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).at("/error/message/value").asText()).contains("sync/Project/Projects");
        JsonNode projects = getJson(api(division, "sync/Project/Projects?$select=ID,Code,Description,Type,Account,"
                + "AccountCode,AccountName,PaymentCondition,StartDate,EndDate&$filter=Timestamp%20gt%201"));
        assertThat(projects.at("/d/results").size()).isEqualTo(40);
        JsonNode project = projects.at("/d/results/0");
        assertThat(project.get("Type").asInt()).isBetween(1, 5);
        assertThat(project.get("StartDate").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(project.get("Timestamp").asLong()).isPositive();
        assertThat(projects.at("/d/results")).filteredOn(row -> !row.get("Account").isNull()).isNotEmpty()
                .allSatisfy(row -> {
                    SimulatedRecord account = simulator.record(division, Kind.ACCOUNTS,
                            java.util.UUID.fromString(row.get("Account").asText())).orElseThrow();
                    assertThat(row.get("AccountName").asText()).isEqualTo(account.text("Name"));
                    assertThat(row.get("AccountCode").asText()).isEqualTo(account.text("Code"));
                });

        JsonNode conditions = getJson(api(division, "cashflow/PaymentConditions?$select=ID,Code,Description,"
                + "PaymentDays,PaymentEndOfMonths,DiscountPercentage,DiscountPaymentDays,PaymentMethod"));
        assertThat(conditions.at("/d/results").size()).isEqualTo(8);
        assertThat(conditions.at("/d/results")).allSatisfy(row -> assertThat(row.get("Code").asText()).hasSize(2));
        assertThat(get(api(division, "sync/Cashflow/PaymentConditions?$select=ID&$filter=Timestamp%20gt%201"))
                .statusCode()).as("no sync endpoint").isEqualTo(404);

        SimulatedRecord deleted = simulator.records(division, Kind.PROJECTS).get(5);
        long before = simulator.records(division, Kind.PROJECTS).stream().mapToLong(SimulatedRecord::timestamp).max()
                .orElseThrow();
        simulator.deleteRecord(division, Kind.PROJECTS, deleted.id());
        simulator.deleteRecord(division, Kind.PAYMENT_CONDITIONS, simulator.records(division, Kind.PAYMENT_CONDITIONS)
                .get(0).id());
        JsonNode tombstones = getJson(api(division, "sync/Deleted?$filter=Timestamp%20gt%20" + before));
        assertThat(tombstones.at("/d/results").size()).as("payment conditions have no EntityType").isEqualTo(1);
        assertThat(tombstones.at("/d/results/0/EntityType").asInt()).isEqualTo(21);
        assertThat(tombstones.at("/d/results/0/EntityKey").asText()).isEqualTo(deleted.id().toString());
    }

    @Test
    void regularAccountsAndGlAccountsAreRefusedWithoutAFilterButTheOtherKindsAreNot() throws Exception {
        int division = simulator.generate(GenerationPlan.of(12, USER, 1, 10)).get(0).code();

        HttpResponse<String> refused = get(api(division, "crm/Accounts"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).at("/error/message/value").asText()).contains("sync/CRM/Accounts");
        assertThat(get(api(division, "financial/GLAccounts?$select=ID")).statusCode()).isEqualTo(400);
        for (Kind kind : List.of(Kind.VAT_CODES, Kind.JOURNALS, Kind.COST_CENTERS, Kind.COST_UNITS,
                Kind.PAYMENT_CONDITIONS)) {
            assertThat(get(api(division, kind.endpointPath())).statusCode()).as(kind.name()).isEqualTo(200);
        }

        SimulatedRecord account = simulator.records(division, Kind.ACCOUNTS).get(3);
        JsonNode one = getJson(api(division, "crm/Accounts?$filter=ID%20eq%20guid'" + account.id() + "'&$select=ID,Code,Name"));
        assertThat(one.at("/d/results").size()).isEqualTo(1);
        assertThat(one.at("/d/results/0/Name").asText()).isEqualTo(account.text("Name"));
        assertThat(one.at("/d/results/0/Code").asText()).hasSize(18).isEqualTo(account.text("Code"));

        JsonNode all = getJson(api(division, "crm/Accounts?$filter=Modified%20ge%20datetime'2000-01-01T00:00:00'&$inlinecount=allpages"));
        assertThat(all.at("/d/results").size()).isEqualTo(10);
        assertThat(all.at("/d/__count").asText()).isEqualTo("10");
        assertThat(fieldNames(all.at("/d/results/0"))).contains("ID", "Code", "Name", "IsSupplier", "IsSales", "Status",
                "Blocked", "VATNumber", "ChamberOfCommerce", "Email", "City", "Country", "PurchaseVATCode", "SalesVATCode", "Modified");
        assertThat(getJson(api(division, "crm/Accounts?$filter=Modified%20ge%20datetime'2099-01-01T00:00:00'")).at("/d/results").size()).isZero();
    }

    @Test
    void unsupportedQueriesAreSyntaxErrorsAndUnknownEndpoints404() throws Exception {
        int division = simulator.generate(GenerationPlan.of(13, USER, 1, 10)).get(0).code();

        for (String query : List.of(
                "crm/Accounts?$filter=Name%20eq%20'x'",
                "crm/Accounts?$filter=Timestamp%20gt%201",
                "crm/Accounts?$filter=ID%20eq%20'abc'",
                "vat/VATCodes?$select=Nope",
                "vat/VATCodes?$orderby=Code",
                "vat/VATCodes?$top=-1",
                "sync/CRM/Accounts?$select=ID&$filter=Timestamp%20gt%201%20or%20Timestamp%20gt%202",
                "sync/CRM/Accounts?$select=ID&$filter=Modified%20ge%20datetime'2026-01-29T00:00:00'")) {
            HttpResponse<String> response = get(api(division, query));
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).as(query).isEqualTo(QUERY_SYNTAX);
        }
        HttpResponse<String> unknown = get(api(division, "crm/Nothing"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).at("/error/message/value").asText()).isNotEmpty();
    }

    @Test
    void topCapsTheResultsAcrossPages() throws Exception {
        int division = simulator.generate(GenerationPlan.of(14, USER, 1, 0)).get(0).code();

        assertThat(getJson(api(division, "financial/Journals?$top=3")).at("/d/results").size()).isEqualTo(3);
        assertThat(getJson(api(division, "financial/Journals?$top=3")).at("/d/__next").isMissingNode()).isTrue();
        List<JsonNode> pages = followAll(api(division, "financial/GLAccounts?$filter=Modified%20ge%20datetime'2000-01-01T00:00:00'&$top=100"));
        assertThat(pages).extracting(page -> page.at("/d/results").size()).containsExactly(60, 40);
        assertThat(pages.get(0).at("/d/__next").asText()).contains("$top=40");
    }

    @Test
    void withoutAcceptJsonTheAnswerIsNotJson() throws Exception {
        int division = simulator.generate(GenerationPlan.of(15, USER, 1, 0)).get(0).code();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api(division, "hrm/Costunits")))
                .header("Authorization", "Bearer " + token).build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
        assertThat(response.body()).startsWith("<?xml");
    }

    // ---- sync endpoints ----------------------------------------------------------------------

    @Test
    void aSyncEndpointNeedsSelectAndATimestampFilterAndPagesAThousandByTimestamp() throws Exception {
        int division = simulator.generate(GenerationPlan.of(21, USER, 1, 2_500)).get(0).code();

        assertThat(get(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%201")).statusCode()).isEqualTo(400);
        assertThat(get(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%201&$select=*")).statusCode()).isEqualTo(400);
        assertThat(get(api(division, "sync/CRM/Accounts?$select=ID,Name")).statusCode()).isEqualTo(400);

        List<JsonNode> pages = followAll(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%201&$select=ID,Name"));

        assertThat(pages).extracting(page -> page.at("/d/results").size()).containsExactly(1000, 1000, 500);
        assertThat(pages.get(0).at("/d/__next").asText()).contains("$filter=Timestamp%20gt%201", "$select=ID,Name", "$skiptoken=");
        List<Long> timestamps = new ArrayList<>();
        pages.forEach(page -> page.at("/d/results").forEach(row -> timestamps.add(row.get("Timestamp").asLong())));
        assertThat(timestamps).isSorted().doesNotHaveDuplicates();
        assertThat(idsOf(pages)).hasSize(2_500).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(simulator.records(division, Kind.ACCOUNTS).stream().map(r -> r.id().toString()).toList());
        assertThat(fieldNames(pages.get(0).at("/d/results/0"))).containsExactly("__metadata", "ID", "Name", "Timestamp");
    }

    @Test
    void theTimestampFilterReturnsOnlyChangesAndSyncDeletedTheDeletionsOfAccountsAndGlAccounts() throws Exception {
        int division = simulator.generate(GenerationPlan.of(22, USER, 1, 50)).get(0).code();
        long cursor = maxTimestamp(followAll(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%201&$select=ID")));
        long glCursor = maxTimestamp(followAll(api(division, "sync/Financial/GLAccounts?$filter=Timestamp%20gt%201&$select=ID")));
        List<SimulatedRecord> accounts = simulator.records(division, Kind.ACCOUNTS);
        UUID changed = accounts.get(0).id();
        UUID deleted = accounts.get(1).id();
        UUID deletedGl = simulator.records(division, Kind.GL_ACCOUNTS).get(0).id();
        UUID deletedVat = simulator.records(division, Kind.VAT_CODES).get(0).id();

        SimulatedRecord afterChange = simulator.updateRecord(division, Kind.ACCOUNTS, changed, Map.of("Name", "Nieuwe Naam B.V."));
        SimulatedRecord created = simulator.createRecord(division, Kind.ACCOUNTS, Map.of("Code", "9001", "Name", "Nieuw"));
        simulator.deleteRecord(division, Kind.ACCOUNTS, deleted);
        simulator.deleteRecord(division, Kind.GL_ACCOUNTS, deletedGl);
        simulator.deleteRecord(division, Kind.VAT_CODES, deletedVat);

        JsonNode changes = getJson(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%20" + cursor + "&$select=ID,Name,Code"));
        assertThat(changes.at("/d/results").size()).isEqualTo(2);
        assertThat(changes.at("/d/results/0/ID").asText()).isEqualTo(changed.toString());
        assertThat(changes.at("/d/results/0/Name").asText()).isEqualTo("Nieuwe Naam B.V.");
        assertThat(changes.at("/d/results/0/Timestamp").asLong()).isEqualTo(afterChange.timestamp()).isGreaterThan(cursor);
        assertThat(changes.at("/d/results/1/Code").asText()).isEqualTo("              9001");
        assertThat(changes.at("/d/results/1/ID").asText()).isEqualTo(created.id().toString());

        JsonNode deletions = getJson(api(division, "sync/Deleted?$filter=Timestamp%20gt%20" + Math.min(cursor, glCursor)));
        assertThat(deletions.at("/d/results").size()).isEqualTo(2);
        assertThat(deletions.at("/d/results/0/EntityKey").asText()).isEqualTo(deleted.toString());
        assertThat(deletions.at("/d/results/0/EntityType").asInt()).isEqualTo(2);
        assertThat(deletions.at("/d/results/0/Division").asInt()).isEqualTo(division);
        assertThat(deletions.at("/d/results/1/EntityKey").asText()).isEqualTo(deletedGl.toString());
        assertThat(deletions.at("/d/results/1/EntityType").asInt()).isEqualTo(7);
        assertThat(deletions.at("/d/results/1/Timestamp").asLong()).isGreaterThan(deletions.at("/d/results/0/Timestamp").asLong());
        assertThat(get(api(division, "sync/Deleted")).statusCode()).isEqualTo(400);

        assertThat(simulator.records(division, Kind.VAT_CODES)).extracting(SimulatedRecord::id).doesNotContain(deletedVat);
        assertThat(simulator.records(division, Kind.ACCOUNTS)).hasSize(50);
    }

    @Test
    void aDivisionMoveRenumbersEveryRowVersionUpwardsInTheSameOrder() throws Exception {
        int division = simulator.generate(GenerationPlan.of(23, USER, 1, 30)).get(0).code();
        simulator.deleteRecord(division, Kind.ACCOUNTS, simulator.records(division, Kind.ACCOUNTS).get(0).id());
        List<JsonNode> before = followAll(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%201&$select=ID"));
        long oldMax = Math.max(maxTimestamp(before),
                maxTimestamp(List.of(getJson(api(division, "sync/Deleted?$filter=Timestamp%20gt%201")))));

        SimulatedDivision moved = simulator.moveDivision(division);

        assertThat(moved.divisionMoveDate()).isNotNull();
        List<JsonNode> after = followAll(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%201&$select=ID"));
        assertThat(idsOf(after)).containsExactlyElementsOf(idsOf(before));
        after.get(0).at("/d/results").forEach(row -> assertThat(row.get("Timestamp").asLong()).isGreaterThan(oldMax));
        assertThat(getJson(api(division, "sync/CRM/Accounts?$filter=Timestamp%20gt%20" + oldMax + "&$select=ID")).at("/d/results").size())
                .isEqualTo(29);
        JsonNode tombstones = getJson(api(division, "sync/Deleted?$filter=Timestamp%20gt%20" + oldMax));
        assertThat(tombstones.at("/d/results").size()).isEqualTo(1);
        for (Kind kind : Kind.values()) {
            assertThat(simulator.records(division, kind)).allSatisfy(record -> assertThat(record.timestamp()).isGreaterThan(oldMax));
        }
        JsonNode divisions = getJson(api(division, "system/Divisions"));
        assertThat(divisions.at("/d/results/0/DivisionMoveDate").asText()).isEqualTo("/Date(" + moved.divisionMoveDate().toEpochMilli() + ")/");
    }

    // ---- rate limits -------------------------------------------------------------------------

    @Test
    void overTheMinuteLimitACallGets429UntilTheWindowResets() throws Exception {
        int division = simulator.generate(GenerationPlan.of(31, USER, 1, 0)).get(0).code();
        simulator.rateLimits().minutelyLimit(3).dailyLimit(100);

        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> response = get(api(division, "hrm/Costunits"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(header(response, "X-RateLimit-Minutely-Limit")).isEqualTo(3);
            assertThat(header(response, "X-RateLimit-Minutely-Remaining")).isEqualTo(remaining);
            assertThat(header(response, "X-RateLimit-Limit")).isEqualTo(100);
            assertThat(header(response, "X-RateLimit-Remaining")).isEqualTo(97 + remaining);
        }
        long before = System.currentTimeMillis();
        HttpResponse<String> refused = get(api(division, "hrm/Costunits"));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json.readTree(refused.body()).at("/error/message/value").asText()).isEqualTo("Too many requests");
        assertThat(header(refused, "X-RateLimit-Minutely-Remaining")).isZero();
        assertThat(header(refused, "X-RateLimit-Minutely-Reset")).isCloseTo(before + 60_000, within(2_000L));
        assertThat(header(refused, "X-RateLimit-Reset")).isCloseTo(before + 86_400_000L, within(2_000L));
        assertThat(simulator.divisionCalls(division)).isEqualTo(4);

        simulator.rateLimits().minuteWindow(Duration.ofMillis(300));
        Thread.sleep(400);
        HttpResponse<String> afterReset = get(api(division, "hrm/Costunits"));
        assertThat(afterReset.statusCode()).isEqualTo(200);
        assertThat(header(afterReset, "X-RateLimit-Minutely-Remaining")).isEqualTo(2);
        assertThat(header(afterReset, "X-RateLimit-Minutely-Reset")).isGreaterThan(System.currentTimeMillis() - 50);
    }

    @Test
    void theLimitsArePerDivisionAndTheDailyLimitCountsToo() throws Exception {
        List<SimulatedDivision> divisions = simulator.generate(GenerationPlan.of(32, USER, 2, 0));
        int first = divisions.get(0).code();
        int second = divisions.get(1).code();
        simulator.rateLimits().minutelyLimit(100).dailyLimit(2);

        assertThat(get(api(first, "hrm/Costunits")).statusCode()).isEqualTo(200);
        assertThat(get(api(first, "hrm/Costunits")).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get(api(first, "hrm/Costunits"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(header(refused, "X-RateLimit-Remaining")).isZero();
        assertThat(get(api(second, "hrm/Costunits")).statusCode()).isEqualTo(200);
        assertThat(get(simulator.baseUrl() + ApiHandlers.ME_PATH).statusCode()).isEqualTo(200);
    }

    @Test
    void anInjected429StillShowsCallsLeftAndAResetAFewSecondsAhead() throws Exception {
        int division = simulator.generate(GenerationPlan.of(33, USER, 1, 0)).get(0).code();
        simulator.faults().tooManyRequestsNext("/api/v1/" + division + "/", 1, Duration.ofSeconds(3));
        long before = System.currentTimeMillis();

        HttpResponse<String> refused = get(api(division, "hrm/Costunits"));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json.readTree(refused.body()).at("/error/message/value").asText()).isEqualTo("Too many requests");
        assertThat(header(refused, "X-RateLimit-Minutely-Remaining")).isPositive();
        assertThat(header(refused, "X-RateLimit-Remaining")).isPositive();
        assertThat(header(refused, "X-RateLimit-Minutely-Reset")).isCloseTo(before + 3_000, within(1_000L));
        assertThat(get(api(division, "hrm/Costunits")).statusCode()).isEqualTo(200);
        assertThat(simulator.divisionCalls(division)).isEqualTo(2);
    }

    // ---- generator ---------------------------------------------------------------------------

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        GenerationPlan plan = GenerationPlan.of(42, USER, 3, 200).withArchivedDivisions(1);
        List<SimulatedDivision> first = simulator.generate(plan);
        try (ExactOnlineSimulator other = ExactOnlineSimulator.start(SimulatorSettings.defaults())) {
            other.addUser(USER, null, null, 1);
            List<SimulatedDivision> second = other.generate(plan);
            assertThat(second).isEqualTo(first);
            for (SimulatedDivision division : first) {
                for (Kind kind : Kind.values()) {
                    assertThat(other.records(division.code(), kind)).isEqualTo(simulator.records(division.code(), kind));
                }
            }
            other.addUser("CX_Other", null, null, 1);
            List<SimulatedDivision> differentSeed = other.generate(GenerationPlan.of(43, "CX_Other", 3, 200));
            assertThat(differentSeed).extracting(SimulatedDivision::code)
                    .doesNotContainAnyElementsOf(first.stream().map(SimulatedDivision::code).toList());
        }
    }

    @Test
    void generatedDataLooksDutchAndHasTheAskedCounts() {
        List<SimulatedDivision> divisions = simulator.generate(GenerationPlan.of(7, USER, 4, 300).withArchivedDivisions(1));

        assertThat(divisions).extracting(SimulatedDivision::status).containsExactly(1, 1, 1, 2);
        assertThat(divisions).filteredOn(SimulatedDivision::isMainDivision).hasSize(1);
        assertThat(divisions).allSatisfy(division -> {
            assertThat(division.code()).isBetween(100_000, 999_999);
            assertThat(division.vatNumber()).matches("NL\\d{9}B01");
            assertThat(division.chamberOfCommerceNumber()).matches("\\d{8}");
            assertThat(division.customer()).isNotNull();
        });
        assertThat(simulator.accessibleDivisions(USER)).hasSize(4);
        assertThat(simulator.generate(GenerationPlan.of(8, USER, 3, 0))).extracting(SimulatedDivision::status).containsOnly(1);
        int code = divisions.get(1).code();
        assertThat(simulator.recordCount(code, Kind.ACCOUNTS)).isEqualTo(300);
        assertThat(simulator.recordCount(code, Kind.GL_ACCOUNTS)).isEqualTo(200);
        assertThat(simulator.recordCount(code, Kind.VAT_CODES)).isEqualTo(15);
        assertThat(simulator.recordCount(code, Kind.JOURNALS)).isEqualTo(8);
        assertThat(simulator.recordCount(code, Kind.COST_CENTERS)).isEqualTo(20);
        assertThat(simulator.recordCount(code, Kind.COST_UNITS)).isEqualTo(10);
        assertThat(simulator.recordCount(code, Kind.PROJECTS)).isEqualTo(25);
        assertThat(simulator.recordCount(code, Kind.PAYMENT_CONDITIONS)).isEqualTo(6);
        List<SimulatedRecord> accounts = simulator.records(code, Kind.ACCOUNTS);
        assertThat(accounts).allSatisfy(account -> {
            assertThat(account.text("Code")).hasSize(18).matches(" *\\d+");
            assertThat(account.text("Name")).isNotBlank();
            assertThat(account.text("Status")).isIn("A", "S", "P", "C");
        });
        assertThat(accounts).filteredOn(account -> "NL".equals(account.get("Country")) && account.get("VATNumber") != null)
                .isNotEmpty()
                .allSatisfy(account -> assertThat(account.text("VATNumber")).matches("NL\\d{9}B01"));
        assertThat(accounts).filteredOn(account -> account.get("ChamberOfCommerce") != null)
                .isNotEmpty()
                .allSatisfy(account -> assertThat(account.text("ChamberOfCommerce")).matches("\\d{8}"));
        Set<Object> glIds = new HashSet<>(simulator.records(code, Kind.GL_ACCOUNTS).stream().map(SimulatedRecord::id).toList());
        assertThat(simulator.records(code, Kind.JOURNALS)).filteredOn(journal -> journal.get("GLAccount") != null)
                .isNotEmpty()
                .allSatisfy(journal -> assertThat(glIds).contains(journal.get("GLAccount")));
    }

    /** Run with {@code -Dsimulator.large=true}: 100 divisions x 10,000 relations, timed, then a full sync of one division. */
    @Test
    @EnabledIfSystemProperty(named = "simulator.large", matches = "true")
    void generatesAMillionRecordsInAFewSeconds() throws Exception {
        System.gc();
        long heapBefore = usedHeap();
        long started = System.nanoTime();
        List<SimulatedDivision> divisions = simulator.generate(GenerationPlan.of(1, USER, 100, 10_000));
        long generationMillis = (System.nanoTime() - started) / 1_000_000;
        System.gc();
        long heapMb = (usedHeap() - heapBefore) / (1024 * 1024);
        started = System.nanoTime();
        int rows = 0;
        for (SimulatedDivision division : divisions.subList(0, 10)) {
            for (JsonNode page : followAll(api(division.code(), "sync/CRM/Accounts?$filter=Timestamp%20gt%201"
                    + "&$select=ID,Code,Name,IsSupplier,IsSales,Status,Blocked,VATNumber,ChamberOfCommerce,Email,City,Country,Modified"))) {
                rows += page.at("/d/results").size();
            }
        }
        long serveMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("generated 100 x 10,000 relations (+ other kinds) in %d ms, heap +%d MB; served %d rows in %d ms%n",
                generationMillis, heapMb, rows, serveMillis);
        assertThat(rows).isEqualTo(100_000);
        assertThat(generationMillis).isLessThan(15_000);
    }

    // ---- control API -------------------------------------------------------------------------

    @Test
    void theControlApiManagesDivisionsAccessRecordsMovesLimitsAndGeneration() throws Exception {
        assertThat(control("PUT", "/control/divisions/3001", "{\"Description\":\"Bakkerij Jansen B.V.\",\"VATNumber\":\"NL123456789B01\","
                + "\"ChamberOfCommerceNumber\":\"12345678\"}").statusCode()).isEqualTo(201);
        assertThat(control("PUT", "/control/users/" + USER + "/divisions/3001", null).statusCode()).isEqualTo(204);
        assertThat(control("GET", "/control/users/" + USER + "/divisions", null).body()).isEqualTo("[3001]");
        assertThat(getJson(api(3001, "system/Divisions")).at("/d/results/0/VATNumber").asText()).isEqualTo("NL123456789B01");

        HttpResponse<String> created = control("POST", "/control/divisions/3001/cost-centers", "{\"Code\":\"KP01\",\"Description\":\"Verkoop\",\"Active\":true}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json.readTree(created.body()).get("ID").asText();
        assertThat(control("PATCH", "/control/divisions/3001/cost-centers/" + id, "{\"Active\":false}").statusCode()).isEqualTo(200);
        JsonNode served = getJson(api(3001, "hrm/Costcenters"));
        assertThat(served.at("/d/results/0/ID").asText()).isEqualTo(id);
        assertThat(served.at("/d/results/0/Active").asBoolean()).isFalse();
        assertThat(control("POST", "/control/divisions/3001/cost-centers", "{\"Nope\":1}").statusCode()).isEqualTo(400);
        assertThat(control("DELETE", "/control/divisions/3001/cost-centers/" + id, null).statusCode()).isEqualTo(204);
        assertThat(getJson(api(3001, "hrm/Costcenters")).at("/d/results").size()).isZero();

        JsonNode moved = json.readTree(control("POST", "/control/divisions/3001/move", null).body());
        assertThat(moved.get("DivisionMoveDate").asText()).startsWith("/Date(");

        assertThat(control("PUT", "/control/rate-limits", "{\"minutelyLimit\":5,\"dailyLimit\":50}").statusCode()).isEqualTo(200);
        assertThat(simulator.rateLimits().minutelyLimit()).isEqualTo(5);

        HttpResponse<String> generated = control("POST", "/control/generate",
                "{\"seed\":9,\"userName\":\"" + USER + "\",\"divisions\":2,\"relationsPerDivision\":20}");
        assertThat(generated.statusCode()).isEqualTo(201);
        JsonNode generatedBody = json.readTree(generated.body());
        assertThat(generatedBody.get("divisions").size()).isEqualTo(2);
        int code = generatedBody.get("divisions").get(0).asInt();
        assertThat(json.readTree(control("GET", "/control/divisions/" + code + "/accounts", null).body()).size()).isEqualTo(20);
        assertThat(control("DELETE", "/control/users/" + USER + "/divisions/3001", null).statusCode()).isEqualTo(204);
        assertThat(get(api(3001, "system/Divisions")).statusCode()).isEqualTo(403);
        assertThat(json.readTree(control("GET", "/control/stats", null).body()).at("/divisionCalls/3001").asLong()).isEqualTo(4);
    }

    // ---- helpers -----------------------------------------------------------------------------

    private String api(int division, String resource) {
        return simulator.baseUrl() + "/api/v1/" + division + "/" + resource;
    }

    /** Follows {@code __next} exactly as given until it is absent. */
    private List<JsonNode> followAll(String url) throws Exception {
        List<JsonNode> pages = new ArrayList<>();
        String next = url;
        while (next != null) {
            JsonNode page = getJson(next);
            pages.add(page);
            JsonNode link = page.at("/d/__next");
            next = link.isMissingNode() ? null : link.asText();
            assertThat(pages).as("runaway paging").hasSizeLessThan(1_000);
        }
        return pages;
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).as(url + " -> " + response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return get(url, token);
    }

    private HttpResponse<String> get(String url, String bearer) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> control(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long header(HttpResponse<String> response, String name) {
        return Long.parseLong(response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no header " + name)));
    }

    private static List<Integer> codesOf(JsonNode page) {
        List<Integer> codes = new ArrayList<>();
        page.at("/d/results").forEach(row -> codes.add(row.get("Code").asInt()));
        return codes;
    }

    private static List<String> idsOf(List<JsonNode> pages) {
        List<String> ids = new ArrayList<>();
        pages.forEach(page -> page.at("/d/results").forEach(row -> ids.add(row.get("ID").asText())));
        return ids;
    }

    private static long maxTimestamp(List<JsonNode> pages) {
        long max = 0;
        for (JsonNode page : pages) {
            for (JsonNode row : page.at("/d/results")) {
                max = Math.max(max, row.get("Timestamp").asLong());
            }
        }
        return max;
    }

    private static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private String login() throws Exception {
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(simulator.authorizationUrl("s"))).build(),
                HttpResponse.BodyHandlers.ofString());
        String rawQuery = URI.create(authorize.headers().firstValue("Location").orElseThrow()).getRawQuery();
        String code = null;
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("code=")) {
                code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        String form = "grant_type=authorization_code&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&client_id=" + URLEncoder.encode(simulator.settings().clientId(), StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(simulator.settings().clientSecret(), StandardCharsets.UTF_8);
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).isEqualTo(200);
        return json.readTree(tokens.body()).get("access_token").asText();
    }
}
