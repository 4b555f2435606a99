package nl.koppel.masterdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.SimulatedRecord;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery and master-data sync against the simulator: after each scenario, Koppel's master data of every
 * dossier equals the simulator's (every kind, every normalised field, the deleted ones gone).
 */
class MasterDataSyncTest extends KoppelIntegrationTest {


    @AfterEach
    void clearFaults() {
        exact.faults().clear();
        exact.rateLimits().defaults();
        jdbc.sql("DROP TRIGGER IF EXISTS fail_mid_page ON master_record").update();
    }

    /** An office linked to Exact Online whose user can access generated divisions. */
    record Linked(TestOffice office, UUID connectionId, List<SimulatedDivision> divisions) {
        String path() {
            return office.path();
        }
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private long failedRunsTimed(String kind) {
        return meters.get("koppel.sync.duration").tag("kind", kind).tag("outcome", "failed").timer().count();
    }

    private Linked linkedOffice(int divisions, int relations) {
        return linkedOffice(divisions, relations, 20);
    }

    private Linked linkedOffice(int divisions, int relations, int costCenters) {
        TestOffice office = provisionOffice();
        // the user's own division (current/Me's CurrentDivision) is accessible too, as in Exact
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + office.exactUserName()));
        exact.grantDivision(office.exactUserName(), own);
        List<SimulatedDivision> generated = TestSimulators.generate(seed -> GenerationPlan.of(seed,
                office.exactUserName(), divisions, relations).withCounts(70, 15, 8, costCenters, 10));
        UUID connectionId = addExactOnline(office, office.superUser());
        TestApi.Reply linked = link(office, connectionId, office.superUser());
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        return new Linked(office, connectionId, generated);
    }

    private JsonNode dossiers(Linked linked) {
        return api.get(linked.path() + "/dossiers", linked.office().user().username(), PASSWORD).json();
    }

    private UUID dossierId(Linked linked, int division) {
        for (JsonNode dossier : dossiers(linked)) {
            if (dossier.path("externalId").asText().equals(Integer.toString(division))) {
                return UUID.fromString(dossier.path("id").asText());
            }
        }
        throw new AssertionError("no dossier for division " + division + " in " + dossiers(linked));
    }

    /** Waits until discovery added the division as a dossier. */
    private UUID awaitDossier(Linked linked, int division) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                return dossierId(linked, division);
            } catch (AssertionError notYet) {
                return null;
            }
        }, java.util.Objects::nonNull);
    }

    private void awaitAllEqual(Linked linked, Instant after) {
        for (SimulatedDivision division : linked.divisions()) {
            UUID dossierId = awaitDossier(linked, division.code());
            awaitSynced(dossierId, after);
            MasterDataComparison.assertEqual(jdbc, exact, dossierId, division.code());
        }
    }

    @Test
    void firstSyncThenChangesAndDeletionsLeaveKoppelEqualToExact() {
        Instant start = Instant.now();
        // 1,150 relations: two pages of Exact's sync endpoint (1,000 a page); 70 GL accounts
        Linked linked = linkedOffice(2, 1150);
        awaitAllEqual(linked, start);

        JsonNode all = dossiers(linked);
        assertThat(all).hasSize(3); // the user's own division and the two generated ones
        JsonNode first = all.get(0);
        assertThat(first.path("accountingSystem").path("type").asText()).isEqualTo("exact-online");
        assertThat(first.path("status").asText()).isEqualTo("ACTIVE");

        SimulatedDivision division = linked.divisions().get(0);
        int code = division.code();
        UUID dossierId = dossierId(linked, code);
        JsonNode dossier = api.get(linked.path() + "/dossiers/" + dossierId, linked.office().user().username(),
                PASSWORD).json();
        assertThat(dossier.path("kvkNumber").asText()).isEqualTo(division.chamberOfCommerceNumber());
        assertThat(dossier.path("vatNumber").asText()).isEqualTo(division.vatNumber());
        assertThat(dossier.path("lastSuccessfulSyncAt").asText()).isNotBlank();

        // changes and deletions, of sync kinds (relations, GL accounts) and of full-read kinds
        List<SimulatedRecord> relations = exact.records(code, Kind.ACCOUNTS);
        exact.updateRecord(code, Kind.ACCOUNTS, relations.get(0).id(), Map.of("Name", "Gewijzigd B.V.", "City", "Zwolle"));
        exact.updateRecord(code, Kind.ACCOUNTS, relations.get(1).id(), Map.of("Blocked", true));
        exact.deleteRecord(code, Kind.ACCOUNTS, relations.get(2).id());
        exact.createRecord(code, Kind.ACCOUNTS, Map.of("Code", "999999", "Name", "Nieuwe Relatie B.V."));
        exact.deleteRecord(code, Kind.GL_ACCOUNTS, exact.records(code, Kind.GL_ACCOUNTS).get(0).id());
        exact.deleteRecord(code, Kind.VAT_CODES, exact.records(code, Kind.VAT_CODES).get(0).id());
        exact.deleteRecord(code, Kind.COST_CENTERS, exact.records(code, Kind.COST_CENTERS).get(0).id());
        exact.updateRecord(code, Kind.JOURNALS, exact.records(code, Kind.JOURNALS).get(0).id(),
                Map.of("Description", "Memoriaal (nieuw)"));
        Instant afterChanges = Instant.now();
        awaitSynced(dossierId, afterChanges);
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);

        // the sync status shows per kind its state and the last run's counts
        JsonNode status = api.get(linked.path() + "/dossiers/" + dossierId + "/sync-status",
                linked.office().user().username(), PASSWORD).json();
        assertThat(status.path("kinds")).hasSize(MasterDataKind.values().length);
        JsonNode relationsStatus = kindStatus(status, "relations");
        assertThat(relationsStatus.path("state").asText()).isEqualTo("COMPLETE");
        assertThat(relationsStatus.path("lastSuccessAt").asText()).isNotBlank();
        assertThat(relationsStatus.path("lastRun").has("inserted")).isTrue();

        // the master data is readable through the API, paged
        JsonNode page = api.get(linked.path() + "/dossiers/" + dossierId + "/master-data/relations?limit=50&offset=0",
                linked.office().user().username(), PASSWORD).json();
        assertThat(page.path("_metadata").path("total").asLong()).isEqualTo(exact.recordCount(code, Kind.ACCOUNTS));
        assertThat(page.path("items")).hasSize(50);
        assertThat(page.path("_links").path("next").asText()).contains("after=");
        assertThat(page.path("items").get(0).path("source").path("ID").asText()).isNotBlank();
    }

    @Test
    void aResyncWithNothingChangedWritesNoRecordAndAsksLittle() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 300);
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);
        long callsBefore = exact.divisionCalls(code);
        long storedBefore = jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d")
                .param("d", dossierId).query(Long.class).single();
        Instant again = Instant.now();
        awaitSynced(dossierId, again);
        long calls = exact.divisionCalls(code) - callsBefore;
        // relations, GL accounts and projects: one sync call and at most one sync/Deleted call each; five small
        // full reads (VAT codes, journals, cost centres and units, payment conditions)
        assertThat(calls).isLessThanOrEqualTo(3 + 3 + 5);
        JsonNode relations = kindStatus(api.get(linked.path() + "/dossiers/" + dossierId + "/sync-status",
                linked.office().user().username(), PASSWORD).json(), "relations");
        assertThat(relations.path("lastRun").path("unchanged").asInt() + relations.path("lastRun").path("inserted")
                .asInt()).isZero();
        // no row of the dossier was written (synced_at changes with every insert or update), none deleted
        assertThat(jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d AND synced_at >= :again")
                .param("d", dossierId).param("again", java.sql.Timestamp.from(again)).query(Long.class).single())
                .as("master_record rows written by the resync").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d").param("d", dossierId)
                .query(Long.class).single()).isEqualTo(storedBefore);
    }

    @Test
    void newDivisionsAreAddedAutomaticallyOrOfferedWhenTheSettingIsOff() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 10);
        awaitAllEqual(linked, start);
        String superUser = linked.office().superUser().username();

        // a new division appears: added automatically (default on) and synced
        SimulatedDivision added = TestSimulators.generate(seed -> GenerationPlan.of(seed,
                linked.office().exactUserName(), 1, 5).withCounts(3, 2, 2, 2, 2)).get(0);
        awaitAllEqual(new Linked(linked.office(), linked.connectionId(), List.of(added)), start);

        // with the setting off, the next one is only offered
        TestApi.Reply off = api.patch(linked.path() + "/accounting-systems/" + linked.connectionId(), superUser,
                PASSWORD, Map.of("autoAddNewDossiers", false));
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        SimulatedDivision offered = TestSimulators.generate(seed -> GenerationPlan.of(seed,
                linked.office().exactUserName(), 1, 5).withCounts(3, 2, 2, 2, 2)).get(0);
        JsonNode connectable = api.get(linked.path() + "/accounting-systems/" + linked.connectionId()
                + "/connectable-dossiers", superUser, PASSWORD).json();
        assertThat(connectable.findValuesAsText("externalId")).containsExactly(Integer.toString(offered.code()));
        int dossiersBefore = dossiers(linked).size();

        // an unknown id is refused by name, and nothing is added
        TestApi.Reply refused = api.post(linked.path() + "/accounting-systems/" + linked.connectionId() + "/dossiers",
                superUser, PASSWORD, Map.of("externalIds", List.of(Integer.toString(offered.code()), "424242")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("dossier_not_accessible");
        assertThat(refused.json().path("message").asText()).contains("424242");
        assertThat(dossiers(linked)).hasSize(dossiersBefore);
        // a GEBRUIKER may not add dossiers
        assertThat(api.post(linked.path() + "/accounting-systems/" + linked.connectionId() + "/dossiers",
                linked.office().user().username(), PASSWORD,
                Map.of("externalIds", List.of(Integer.toString(offered.code())))).status()).isEqualTo(403);

        TestApi.Reply accepted = api.post(linked.path() + "/accounting-systems/" + linked.connectionId()
                + "/dossiers", superUser, PASSWORD, Map.of("externalIds", List.of(Integer.toString(offered.code()))));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        awaitAllEqual(new Linked(linked.office(), linked.connectionId(), List.of(offered)), start);
    }

    @Test
    void aDossierWhoseAccessIsRemovedBecomesInaccessibleKeepsItsDataAndComesBack() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 20);
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);
        long stored = jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d").param("d", dossierId)
                .query(Long.class).single();

        exact.revokeDivision(linked.office().exactUserName(), code);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(dossierStatus(linked, dossierId))
                .isEqualTo("INACCESSIBLE"));
        assertThat(jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d").param("d", dossierId)
                .query(Long.class).single()).isEqualTo(stored);
        // the link itself is fine: the connection stays "login gelukt"
        assertThat(connection(linked.office(), linked.connectionId(), linked.office().user()).json()
                .path("status").asText()).isEqualTo("CONNECTED");

        exact.grantDivision(linked.office().exactUserName(), code);
        exact.updateRecord(code, Kind.ACCOUNTS, exact.records(code, Kind.ACCOUNTS).get(0).id(),
                Map.of("Name", "Terug B.V."));
        Instant back = Instant.now();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(dossierStatus(linked, dossierId))
                .isEqualTo("ACTIVE"));
        awaitSynced(dossierId, back);
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
    }

    @Test
    void aSyncKilledAtAPageBoundaryOrMidPageResumesWithoutDuplicatesOrGaps() {
        TestOffice office = provisionOffice();
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie"));
        exact.grantDivision(office.exactUserName(), own);
        SimulatedDivision division = TestSimulators.generate(seed -> GenerationPlan.of(seed, office.exactUserName(),
                1, 2500).withCounts(5, 2, 2, 2, 2)).get(0);
        int code = division.code();
        List<SimulatedRecord> byRowVersion = exact.records(code, Kind.ACCOUNTS).stream()
                .sorted(java.util.Comparator.comparingLong(SimulatedRecord::timestamp)).toList();
        // the real database kills the write of the first record of the second page (at the page boundary)
        killWriteOf(byRowVersion.get(1000).id(), "killed at the page boundary");

        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        Linked linked = new Linked(office, connectionId, List.of(division));
        UUID dossierId = awaitDossier(linked, code);
        // the first page (1,000) committed with its cursor; the second did not commit at all
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat((String) syncState(dossierId, "RELATIONS").get("last_error")).contains("page boundary"));
        assertThat(relationsStored(dossierId)).isEqualTo(1000);

        // the next run resumes from that cursor and is killed in the middle of the page
        killWriteOf(byRowVersion.get(1500).id(), "killed mid-page");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat((String) syncState(dossierId, "RELATIONS").get("last_error")).contains("mid-page"));
        assertThat(relationsStored(dossierId)).isEqualTo(1000);

        // the kills are over: the next run resumes from the committed cursor and completes
        Instant resumed = Instant.now(); // before the drop: every write of the resumed run comes after it
        jdbc.sql("DROP TRIGGER fail_mid_page ON master_record").update();
        awaitSynced(dossierId, resumed);
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
        assertThat(relationsStored(dossierId)).isEqualTo(2500);
        // the resumed run wrote only what was missing: the first page's 1,000 rows were not written again
        // (synced_at changes with every write; later runs of this dossier write nothing, as nothing changed)
        assertThat(jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d AND kind = 'RELATIONS'"
                        + " AND synced_at >= :resumed").param("d", dossierId)
                .param("resumed", java.sql.Timestamp.from(resumed)).query(Long.class).single()).isEqualTo(1500);
    }

    private void killWriteOf(UUID externalId, String message) {
        jdbc.sql("CREATE OR REPLACE FUNCTION fail_mid_page() RETURNS trigger AS $$ BEGIN"
                + " IF NEW.external_id = '" + externalId + "' THEN RAISE EXCEPTION '" + message + "'; END IF;"
                + " RETURN NEW; END $$ LANGUAGE plpgsql").update();
        jdbc.sql("CREATE OR REPLACE TRIGGER fail_mid_page BEFORE INSERT ON master_record FOR EACH ROW"
                + " EXECUTE FUNCTION fail_mid_page()").update();
    }

    @Test
    void aLowMinuteLimitSlowsTheSyncButItCompletesWithoutUnhandled429s() {
        // 2 calls a second: less than a cycle of the six kinds needs per sync interval (3 s in tests), so the
        // dossier never catches up and its kinds must take turns; every one still completes
        exact.rateLimits().minutelyLimit(4).minuteWindow(Duration.ofSeconds(2));
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 1100);
        int code = linked.divisions().get(0).code();
        UUID dossierId = awaitDossier(linked, code);
        java.util.concurrent.atomic.AtomicBoolean waitedForTheLimit = new java.util.concurrent.atomic.AtomicBoolean();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<Map<String, Object>> states = jdbc.sql("SELECT kind, state, last_success_at, last_error,"
                    + " consecutive_failures FROM sync_state WHERE dossier_id = :d").param("d", dossierId)
                    .query().listOfRows();
            states.stream().filter(s -> "WAITING".equals(s.get("state")) && String.valueOf(s.get("last_error"))
                    .startsWith("Waiting for the rate limit")).findAny().ifPresent(s -> waitedForTheLimit.set(true));
            assertThat(states).hasSize(MasterDataKind.values().length);
            assertThat(states).filteredOn(s -> !"NOT_SUPPORTED".equals(s.get("state"))).allSatisfy(s -> {
                assertThat(s.get("state")).as("state of " + s.get("kind")).isNotEqualTo("ERROR");
                assertThat(s.get("consecutive_failures")).as("failures of " + s.get("kind")).isEqualTo(0);
                assertThat((java.sql.Timestamp) s.get("last_success_at")).as("last success of " + s.get("kind"))
                        .isNotNull().satisfies(at -> assertThat(at.toInstant()).isAfter(start));
            });
        });
        assertThat(waitedForTheLimit).as("the sync waited for the rate limit at least once").isTrue();
        // nothing changes at Exact, so a run still going on cannot make Koppel differ from it
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :d AND (state = 'ERROR'"
                + " OR consecutive_failures > 0)").param("d", dossierId).query(Long.class).single()).isZero();
    }

    @Test
    void aFullReadLongerThanOneRateLimitWindowGoesOnWhereItPausedAndStillDeletes() {
        // 200 cost centres: four pages of Exact's 60, read in full every run (no sync endpoint)
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 30, 200);
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);
        List<SimulatedRecord> costCenters = exact.records(code, Kind.COST_CENTERS);
        exact.deleteRecord(code, Kind.COST_CENTERS, costCenters.get(costCenters.size() - 1).id());
        exact.updateRecord(code, Kind.COST_CENTERS, costCenters.get(0).id(), Map.of("Description", "Nieuw"));

        // two calls a window: the read of four pages can never be done in one, so it must go on where it paused
        exact.rateLimits().minutelyLimit(2).minuteWindow(Duration.ofSeconds(2));
        java.util.concurrent.atomic.AtomicBoolean pausedWithItsSeenIds = new java.util.concurrent.atomic.AtomicBoolean();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Map<String, Object> state = jdbc.sql("SELECT state, cardinality(seen_ids) AS seen FROM sync_state"
                    + " WHERE dossier_id = :d AND kind = 'COST_CENTERS'").param("d", dossierId).query().singleRow();
            if ("WAITING".equals(state.get("state")) && state.get("seen") != null) {
                pausedWithItsSeenIds.set(true);
            }
            assertThat(jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d AND kind = 'COST_CENTERS'")
                    .param("d", dossierId).query(Long.class).single()).isEqualTo(199);
            assertThat(jdbc.sql("SELECT name FROM master_record WHERE dossier_id = :d AND kind = 'COST_CENTERS'"
                    + " AND external_id = :id").param("d", dossierId).param("id", costCenters.get(0).id().toString())
                    .query(String.class).single()).isEqualTo("Nieuw");
        });
        assertThat(pausedWithItsSeenIds).as("the read paused for the rate limit, keeping the ids it had seen")
                .isTrue();
        exact.rateLimits().defaults();
        Instant unlimited = Instant.now();
        awaitSynced(dossierId, unlimited);
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :d AND state = 'ERROR'")
                .param("d", dossierId).query(Long.class).single()).isZero();
    }

    @Test
    void garbageFromTheApiFailsTheRunClearlyAndChangesNothingStored() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 30);
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);
        String before = snapshot(dossierId);
        long failedRunsTimed = failedRunsTimed("vat-codes");

        // a page that is not JSON
        exact.faults().garbageNext("/api/v1/" + code + "/vat/VATCodes", nl.koppel.simulator.exactonline.FaultInjector.EVERY_CALL);
        exact.deleteRecord(code, Kind.VAT_CODES, exact.records(code, Kind.VAT_CODES).get(0).id());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat((String) syncState(dossierId,
                "VAT_CODES").get("last_error")).contains("not valid JSON"));
        assertThat(failedRunsTimed("vat-codes")).as("the failed run is timed for operators")
                .isGreaterThan(failedRunsTimed);
        // a record without ID (while the VAT codes still get garbage)
        exact.faults().add(new nl.koppel.simulator.exactonline.FaultInjector.Fault("/api/v1/" + code
                + "/hrm/Costunits", nl.koppel.simulator.exactonline.FaultInjector.Kind.STATUS, 200, null,
                "{\"d\":{\"results\":[{\"Code\":\"X1\",\"Description\":\"zonder ID\"}]}}",
                nl.koppel.simulator.exactonline.FaultInjector.EVERY_CALL));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat((String) syncState(dossierId,
                "COST_UNITS").get("last_error")).contains("without ID"));
        exact.faults().clear();
        // nothing of the bad replies reached the stored data (the VAT code deleted meanwhile is still there)
        assertThat(snapshot(dossierId)).isEqualTo(before);
        assertThat(connection(linked.office(), linked.connectionId(), linked.office().user()).json()
                .path("status").asText()).isEqualTo("CONNECTED");

        Instant recovered = Instant.now();
        awaitSynced(dossierId, recovered);
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
    }

    @Test
    void aMovedDivisionIsResyncedInFullAndAManualSyncIsLimited() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 40);
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);

        exact.moveDivision(code);
        exact.deleteRecord(code, Kind.ACCOUNTS, exact.records(code, Kind.ACCOUNTS).get(0).id());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(((java.sql.Timestamp) syncState(dossierId, "RELATIONS").get("last_full_sync_at")))
                    .isNotNull();
            MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
        });

        String superUser = linked.office().superUser().username();
        String sync = linked.path() + "/dossiers/" + dossierId + "/sync";
        assertThat(api.post(sync, linked.office().accountant().username(), PASSWORD, "").status()).isEqualTo(403);
        TestApi.Reply first = api.post(sync, superUser, PASSWORD, "");
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        TestApi.Reply second = api.post(sync, superUser, PASSWORD, "");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.code()).isEqualTo("sync_requested_too_soon");
        assertThat(second.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(second.json().path("message").asText()).contains("allowed at");
    }

    private static JsonNode kindStatus(JsonNode status, String kind) {
        for (JsonNode k : status.path("kinds")) {
            if (k.path("kind").asText().equals(kind)) {
                return k;
            }
        }
        throw new AssertionError("no kind " + kind + " in " + status);
    }

    private String dossierStatus(Linked linked, UUID dossierId) {
        return api.get(linked.path() + "/dossiers/" + dossierId, linked.office().user().username(), PASSWORD).json()
                .path("status").asText();
    }

    private Map<String, Object> syncState(UUID dossierId, String kind) {
        return jdbc.sql("SELECT * FROM sync_state WHERE dossier_id = :d AND kind = :k").param("d", dossierId)
                .param("k", kind).query().singleRow();
    }

    private long relationsStored(UUID dossierId) {
        return jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d AND kind = 'RELATIONS'")
                .param("d", dossierId).query(Long.class).single();
    }

    private String snapshot(UUID dossierId) {
        return jdbc.sql("SELECT string_agg(kind || external_id || content_hash, ',' ORDER BY kind, external_id)"
                + " FROM master_record WHERE dossier_id = :d").param("d", dossierId).query(String.class).single();
    }

}
