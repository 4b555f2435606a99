package nl.koppel.masterdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.SimulatedRecord;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.Test;

/**
 * A relation PostgreSQL cannot store as sent (issue 10, item 10), through the Exact Online simulator: a NUL in
 * its name is cleaned and the relation stored; one with a lone surrogate (invalid Unicode, refused by jsonb) is
 * skipped, the rest of its page arrives, and the dossier's sync-status names the skipped record's id. Both on a
 * first load (the COPY path) and on a later incremental page (the merge path).
 */
class UnstorableRecordsTest extends KoppelIntegrationTest {

    @Test
    void aRecordThatCannotBeStoredIsSkippedAndShownTheRestOfItsPageArrives() {
        TestOffice office = provisionOffice();
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + office.exactUserName()));
        exact.grantDivision(office.exactUserName(), own);
        SimulatedDivision division = TestSimulators.generate(seed -> GenerationPlan.of(seed, office.exactUserName(),
                1, 30).withCounts(5, 3, 2, 2, 2)).get(0);
        int code = division.code();
        SimulatedRecord withNul = exact.createRecord(code, Kind.ACCOUNTS,
                Map.of("Name", "Bakkerij\u0000 De Korf", "Code", "NUL1"));
        SimulatedRecord surrogate = exact.createRecord(code, Kind.ACCOUNTS,
                Map.of("Name", "Slagerij Ham", "Code", "SUR1", "City", "Ams\ud800terdam"));

        UUID connectionId = addExactOnline(office, office.superUser());
        TestApi.Reply linked = link(office, connectionId, office.superUser());
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        UUID dossierId = await().atMost(Duration.ofSeconds(20)).until(() -> dossierId(office, code), id -> id != null);
        awaitSynced(dossierId, Instant.EPOCH);

        // first load: every relation but the unstorable one, the NUL cleaned out of the name
        List<String> stored = relationIds(office, dossierId);
        List<String> expected = new ArrayList<>(exact.records(code, Kind.ACCOUNTS).stream()
                .map(r -> r.id().toString()).toList());
        expected.remove(surrogate.id().toString());
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(storedName(dossierId, withNul.id())).isEqualTo("Bakkerij De Korf");
        JsonNode relations = kindStatus(office, dossierId, "relations");
        assertThat(relations.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(relations.path("error").isNull()).as(relations.toString()).isTrue();
        assertThat(relations.path("skippedRecords")).singleElement().satisfies(s -> {
            assertThat(s.path("externalId").asText()).isEqualTo(surrogate.id().toString());
            assertThat(s.path("reason").asText()).contains("json").doesNotContain("Slagerij");
        });

        // a later page (the merge path): another NUL and another unstorable record among changed relations
        Instant later = Instant.now();
        SimulatedRecord changed = exact.records(code, Kind.ACCOUNTS).stream()
                .filter(r -> !r.id().equals(surrogate.id()) && !r.id().equals(withNul.id())).findFirst().orElseThrow();
        exact.updateRecord(code, Kind.ACCOUNTS, changed.id(), Map.of("Name", "Gewijzigd\u0000 B.V."));
        SimulatedRecord secondBad = exact.createRecord(code, Kind.ACCOUNTS,
                Map.of("Name", "Visserij", "Code", "SUR2", "Email", "vis\udc00@zee.example"));
        SimulatedRecord added = exact.createRecord(code, Kind.ACCOUNTS, Map.of("Name", "Nieuw B.V.", "Code", "OK1"));
        syncNow(office, dossierId);
        awaitSynced(dossierId, later);
        assertThat(storedName(dossierId, changed.id())).isEqualTo("Gewijzigd B.V.");
        assertThat(relationIds(office, dossierId)).contains(added.id().toString())
                .doesNotContain(secondBad.id().toString(), surrogate.id().toString());
        assertThat(kindStatus(office, dossierId, "relations").path("skippedRecords"))
                .extracting(s -> s.path("externalId").asText())
                .containsExactlyInAnyOrder(surrogate.id().toString(), secondBad.id().toString());

        // fixed at the source: stored, and no longer listed
        Instant fixed = Instant.now();
        exact.updateRecord(code, Kind.ACCOUNTS, surrogate.id(), Map.of("City", "Amsterdam"));
        jdbc.sql("UPDATE dossier SET last_manual_sync_at = NULL WHERE id = :id").param("id", dossierId).update();
        syncNow(office, dossierId);
        awaitSynced(dossierId, fixed);
        assertThat(relationIds(office, dossierId)).contains(surrogate.id().toString());
        assertThat(kindStatus(office, dossierId, "relations").path("skippedRecords"))
                .extracting(s -> s.path("externalId").asText()).containsExactly(secondBad.id().toString());
        jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED', status_reason ="
                + " 'SYNC_USER_CHANGED' WHERE id = :id").param("id", connectionId).update();
    }

    private UUID dossierId(TestOffice office, int division) {
        for (JsonNode dossier : api.get(office.path() + "/dossiers", office.user().username(), PASSWORD).json()) {
            if (dossier.path("externalId").asText().equals(Integer.toString(division))) {
                return UUID.fromString(dossier.path("id").asText());
            }
        }
        return null;
    }

    private void syncNow(TestOffice office, UUID dossierId) {
        TestApi.Reply sync = api.post(office.path() + "/dossiers/" + dossierId + "/sync", office.superUser().username(),
                PASSWORD, "");
        assertThat(sync.status()).as(sync.toString()).isLessThan(300);
    }

    private List<String> relationIds(TestOffice office, UUID dossierId) {
        JsonNode page = api.get(office.path() + "/dossiers/" + dossierId + "/master-data/relations?limit=1000",
                office.user().username(), PASSWORD).json();
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("externalId").asText()));
        return ids;
    }

    private String storedName(UUID dossierId, UUID externalId) {
        return jdbc.sql("SELECT name FROM master_record WHERE dossier_id = :d AND kind = 'RELATIONS'"
                + " AND external_id = :id").param("d", dossierId).param("id", externalId.toString())
                .query(String.class).single();
    }

    private JsonNode kindStatus(TestOffice office, UUID dossierId, String kind) {
        JsonNode status = api.get(office.path() + "/dossiers/" + dossierId + "/sync-status", office.user().username(),
                PASSWORD).json();
        for (JsonNode k : status.path("kinds")) {
            if (k.path("kind").asText().equals(kind)) {
                return k;
            }
        }
        throw new AssertionError("no " + kind + " in " + status);
    }
}
