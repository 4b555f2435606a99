package nl.koppel.systems.exactonline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.SimulatedRecord;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.Test;

/**
 * Projects ({@code sync/Project/Projects}, deletions as EntityType 21 of {@code sync/Deleted}) and payment
 * conditions ({@code cashflow/PaymentConditions}, read in full) from Exact Online, through the API: every field as
 * the reference describes it, written out here by hand, changes and deletions followed, both in the sync status.
 */
class ExactOnlineProjectsAndPaymentConditionsTest extends KoppelIntegrationTest {

    @Test
    void projectsAndPaymentConditionsReachTheApiWithTheirFieldsAndFollowChangesAndDeletions() {
        TestOffice office = provisionOffice();
        ownDivision(office);
        SimulatedDivision division = TestSimulators.generate(seed -> GenerationPlan.of(seed, office.exactUserName(),
                1, 15).withCounts(10, 5, 3, 2, 2).withProjectsAndPaymentConditions(30, 8)).get(0);
        int code = division.code();
        UUID connectionId = addExactOnline(office, office.superUser());
        Instant linked = Instant.now();
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        UUID dossierId = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "SELECT id FROM dossier WHERE connection_id = :c AND external_id = :e").param("c", connectionId)
                .param("e", Integer.toString(code)).query(UUID.class).optional().orElse(null), id -> id != null);
        awaitSynced(dossierId, linked);
        String dossier = office.path() + "/dossiers/" + dossierId;

        assertThat(items(office, dossier, "projects")).isEqualTo(expectedProjects(code));
        assertThat(items(office, dossier, "payment-conditions")).isEqualTo(expectedPaymentConditions(code));
        assertThat(exact.records(code, Kind.PAYMENT_CONDITIONS)).extracting(r -> r.text("Code"))
                .contains("00", "30", "EM", "AA", "AB");

        JsonNode status = api.get(dossier + "/sync-status", office.user().username(), PASSWORD).json();
        Map<String, String> states = new HashMap<>();
        status.path("kinds").forEach(kind -> states.put(kind.path("kind").asText(), kind.path("state").asText()));
        assertThat(states).containsEntry("projects", "COMPLETE").containsEntry("payment-conditions", "COMPLETE");

        // a changed and a deleted project (sync/Deleted, EntityType 21), a deleted payment condition (complete set)
        List<SimulatedRecord> projects = exact.records(code, Kind.PROJECTS);
        exact.updateRecord(code, Kind.PROJECTS, projects.get(0).id(), Map.of("Description", "Verbouwing kantoor",
                "EndDate", "2027-06-30T00:00:00Z"));
        exact.deleteRecord(code, Kind.PROJECTS, projects.get(1).id());
        SimulatedRecord gone = exact.records(code, Kind.PAYMENT_CONDITIONS).get(7);
        exact.deleteRecord(code, Kind.PAYMENT_CONDITIONS, gone.id());
        long deletedReads = exact.apiCalls("/api/v1/" + code + "/sync/Deleted");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(items(office, dossier, "projects")).isEqualTo(expectedProjects(code));
            assertThat(items(office, dossier, "payment-conditions")).isEqualTo(expectedPaymentConditions(code));
        });
        assertThat(items(office, dossier, "projects")).doesNotContainKey(projects.get(1).id().toString())
                .containsKey(projects.get(2).id().toString());
        assertThat(items(office, dossier, "payment-conditions")).doesNotContainKey(gone.id().toString());
        assertThat(exact.apiCalls("/api/v1/" + code + "/sync/Deleted")).as("the project's deletion came from sync/Deleted")
                .isGreaterThan(deletedReads);
    }

    /** The API's items of a kind, by external id: the common fields and the attributes. */
    private Map<String, Map<String, Object>> items(TestOffice office, String dossier, String kind) {
        Map<String, Map<String, Object>> items = new HashMap<>();
        JsonNode page = api.get(dossier + "/master-data/" + kind + "?limit=100", office.user().username(),
                PASSWORD).json();
        page.path("items").forEach(item -> {
            Map<String, Object> fields = new HashMap<>();
            fields.put("code", text(item.path("code")));
            fields.put("name", text(item.path("name")));
            fields.put("active", item.path("active").asBoolean());
            fields.put("vatNumber", text(item.path("vatNumber")));
            item.path("attributes").fields().forEachRemaining(attribute -> fields.put(attribute.getKey(),
                    attribute.getValue().isNumber() ? attribute.getValue().decimalValue().stripTrailingZeros()
                            .toPlainString() : text(attribute.getValue())));
            items.put(item.path("externalId").asText(), fields);
        });
        return items;
    }

    /** Exact's project: Code, Description; Type as text; Account (a GUID), its code trimmed, its name; dates as sent. */
    private static Map<String, Map<String, Object>> expectedProjects(int code) {
        Map<String, Map<String, Object>> expected = new HashMap<>();
        for (SimulatedRecord project : exact.records(code, Kind.PROJECTS)) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("code", project.text("Code"));
            fields.put("name", project.text("Description"));
            fields.put("active", true);
            fields.put("vatNumber", null);
            fields.put("type", project.text("Type"));
            fields.put("account", project.text("Account"));
            fields.put("accountCode", project.get("AccountCode") == null ? null : project.text("AccountCode").strip());
            fields.put("accountName", project.text("AccountName"));
            fields.put("paymentCondition", project.text("PaymentCondition"));
            fields.put("startDate", date(project.get("StartDate")));
            fields.put("endDate", date(project.get("EndDate")));
            expected.put(project.id().toString(), fields);
        }
        return expected;
    }

    /** Exact's payment condition: Code (2 characters), Description, the days and discount as numbers. */
    private static Map<String, Map<String, Object>> expectedPaymentConditions(int code) {
        Map<String, Map<String, Object>> expected = new HashMap<>();
        for (SimulatedRecord condition : exact.records(code, Kind.PAYMENT_CONDITIONS)) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("code", condition.text("Code"));
            fields.put("name", condition.text("Description"));
            fields.put("active", true);
            fields.put("vatNumber", null);
            fields.put("paymentDays", number(condition.get("PaymentDays")));
            fields.put("paymentEndOfMonths", number(condition.get("PaymentEndOfMonths")));
            fields.put("discountPercentage", number(condition.get("DiscountPercentage")));
            fields.put("discountPaymentDays", number(condition.get("DiscountPaymentDays")));
            fields.put("paymentMethod", condition.text("PaymentMethod"));
            expected.put(condition.id().toString(), fields);
        }
        return expected;
    }

    /** OData's date: {@code /Date(epoch milliseconds)/}. */
    private static String date(Object value) {
        return value == null ? null : "/Date(" + ((Instant) value).toEpochMilli() + ")/";
    }

    private static String number(Object value) {
        return value == null ? null : new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
