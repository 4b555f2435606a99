package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import nl.koppel.sync.SyncStateRepository;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The connector contract, once for every accounting system, against its simulator through Koppel's REST API:
 * link, discovery, master data equal to the source after the first sync, changes and deletions, and each failure
 * class (AUTH flips to niet verbonden; ACCESS makes the dossier INACCESSIBLE; RATE_LIMIT waits and completes;
 * TRANSIENT keeps the status).
 */
class ConnectorContractTest extends ConnectorTestSupport {

    /** Every connector under the contract: adding a system is one line here (and its adapter). */
    static Stream<ConnectorUnderTest> connectors() {
        return Stream.of(
                new ExactOnlineUnderTest(exact),
                new MoneybirdUnderTest(TestSimulators.moneybird()),
                new TwinfieldUnderTest(TestSimulators.twinfield()),
                new SnelStartUnderTest(TestSimulators.snelstart()));
    }

    private static final String DISCOVERY_TICK = "discovery-tick";

    @Autowired
    private CamelContext camel;

    @Autowired
    private SyncStateRepository syncStates;

    @AfterEach
    void clearFaults() throws Exception {
        connectors().forEach(ConnectorUnderTest::clearFaults);
        camel.getRouteController().startRoute(DISCOVERY_TICK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void linkDiscoverAndSyncThenChangesAndDeletionsReachKoppel(ConnectorUnderTest system) {
        Instant start = Instant.now();
        Linked linked = link(system, 2, 230);

        JsonNode connection = connection(linked.office(), linked.connectionId(), linked.office().user()).json();
        assertThat(connection.path("status").asText()).isEqualTo("CONNECTED");
        assertThat(connection.path("statusLabel").asText()).isEqualTo("login gelukt");
        assertThat(connection.path("type").asText()).isEqualTo(system.type());
        assertThat(connection.path("accountingSystemUser").path("username").asText())
                .isEqualTo(linked.account().username());

        // discovery: every dossier the user can reach is added, with this system as its accounting system
        List<UUID> dossiers = linked.account().dossiers().stream().map(d -> awaitDossier(linked, d)).toList();
        JsonNode listed = api.get(linked.office().path() + "/dossiers", linked.office().user().username(), PASSWORD)
                .json();
        assertThat(listed.findValuesAsText("externalId")).containsExactlyInAnyOrderElementsOf(
                linked.account().dossiers());
        assertThat(listed.get(0).path("accountingSystem").path("type").asText()).isEqualTo(system.type());

        // first sync: Koppel equals the source, kind by kind; the kinds the system lacks are not supported
        for (int i = 0; i < dossiers.size(); i++) {
            awaitSynced(system, dossiers.get(i), start);
            assertEqual(system, dossiers.get(i), linked.account().dossiers().get(i));
        }
        UUID dossierId = dossiers.get(dossiers.size() - 1);
        String dossier = linked.account().dossiers().get(dossiers.size() - 1);
        for (MasterDataKind kind : MasterDataKind.values()) {
            TestApi.Reply page = api.get(linked.office().path() + "/dossiers/" + dossierId + "/master-data/"
                    + kind.path(), linked.office().user().username(), PASSWORD);
            if (system.supportedKinds().contains(kind)) {
                assertThat(page.status()).as(kind + ": " + page).isEqualTo(200);
            } else {
                assertThat(page.status()).as(kind + ": " + page).isEqualTo(422);
                assertThat(page.code()).isEqualTo("master_data_kind_not_supported");
            }
        }

        // changes and deletions at the source reach Koppel with the next sync (deletions that an incremental read
        // cannot see, with the next full read: the nightly reconciliation)
        system.changeAndDelete(dossier);
        Instant changed = Instant.now();
        awaitSynced(system, dossierId, changed);
        if (!system.seesDeletionsIncrementally()) {
            for (MasterDataKind kind : system.supportedKinds()) {
                assertThat(MasterDataComparison.koppel(jdbc, dossierId, kind)).as(kind + ": changes and new records")
                        .containsAllEntriesOf(system.expected(dossier, kind));
            }
            syncStates.requireFullSync(dossierId, false);
            Instant reconciled = Instant.now();
            awaitSynced(system, dossierId, reconciled);
        }
        assertEqual(system, dossierId, dossier);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void authFailureFlipsTheConnectionToNietVerbondenWithItsReason(ConnectorUnderTest system) {
        assumeFalse(system.linksByKey(), "a system linked by key fails per dossier (the next case)");
        Linked linked = link(system, 1, 20);
        UUID dossierId = awaitDossier(linked, last(linked.account().dossiers()));

        system.breakLink(linked.account());
        TestApi.Reply check = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("NOT_CONNECTED");
        JsonNode connection = connection(linked.office(), linked.connectionId(), linked.office().user()).json();
        assertThat(connection.path("status").asText()).isEqualTo("NOT_CONNECTED");
        assertThat(connection.path("statusLabel").asText()).isEqualTo("niet verbonden");
        assertThat(connection.path("statusReason").asText()).isEqualTo(system.authReason().name());
        // exactly one flip, whoever (check, sync, discovery) saw the failure first
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE subject_id = :id"
                        + " AND action = 'connection.disconnected'").param("id", linked.connectionId())
                .query(Long.class).single()).isEqualTo(1);
        // the dossier keeps its data and is no longer synced: nothing calls with a dead grant
        assertThat(dossierStatus(linked, dossierId)).isEqualTo("ACTIVE");
    }

    /**
     * Systems linked by connection key: a refused key fails its dossier only — INACCESSIBLE with the reason
     * CONNECTION_KEY_REJECTED, announced exactly once —, the other dossiers go on, the connection stays login gelukt,
     * and a new key for that administration brings it back.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void authFailureOfAConnectionKeyFailsOnlyItsDossierOnceAndANewKeyBringsItBack(ConnectorUnderTest system) {
        assumeTrue(system.linksByKey(), "an OAuth system flips the whole connection (the case above)");
        Instant start = Instant.now();
        Linked linked = link(system, 2, 20);
        String working = linked.account().dossiers().get(0);
        String broken = last(linked.account().dossiers());
        UUID workingId = awaitDossier(linked, working);
        UUID brokenId = awaitDossier(linked, broken);
        awaitSynced(system, brokenId, start);
        awaitSynced(system, workingId, start);

        system.breakLink(linked.account()); // the last dossier's key is revoked
        TestApi.Reply check = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(check.status()).as(check.toString()).isEqualTo(200);
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(dossierStatus(linked, brokenId)).isEqualTo("INACCESSIBLE"));
        JsonNode dossier = api.get(linked.office().path() + "/dossiers/" + brokenId,
                linked.office().user().username(), PASSWORD).json();
        assertThat(dossier.path("statusReason").asText()).isEqualTo("CONNECTION_KEY_REJECTED");
        JsonNode connection = connection(linked.office(), linked.connectionId(), linked.office().user()).json();
        assertThat(connection.path("status").asText()).isEqualTo("CONNECTED");
        assertThat(connection.path("linkMethod").asText()).isEqualTo("connection-key");
        assertThat(connection.path("connectionKeys").findValuesAsText("status"))
                .containsExactlyInAnyOrder("ACTIVE", "REJECTED");

        // the other dossier goes on syncing; the broken one is not called any more
        Instant after = Instant.now();
        awaitSynced(system, workingId, after);
        assertThat(dossierStatus(linked, workingId)).isEqualTo("ACTIVE");
        // exactly once, whoever (check, sync, discovery) saw the refusal first; the connection never flipped
        assertThat(count("SELECT count(*) FROM audit_event WHERE subject_id = :id"
                + " AND action = 'dossier.connection_key_rejected'", brokenId)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notification WHERE connection_id = :id"
                + " AND event_type = 'dossier.connection_key_rejected'", linked.connectionId()))
                .as("one notification per recipient (the sync user is the office's super user)").isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_event WHERE subject_id = :id"
                + " AND action = 'connection.disconnected'", linked.connectionId())).isZero();

        // the sync user enters a new key for that administration: ACTIVE again, the sync resumes
        String newKey = system.newKey(linked.account(), broken);
        TestApi.Reply start2 = api.post(linked.connectionPath() + "/link", linked.office().superUser().username(),
                PASSWORD, "");
        openStart(start2, linked.office().superUser());
        assertThat(enterConnectionKey(linked.office().superUser(), newKey).banner()).contains("nieuwe koppelsleutel");
        assertThat(dossierStatus(linked, brokenId)).isEqualTo("ACTIVE");
        Instant resumed = Instant.now();
        awaitSynced(system, brokenId, resumed);
        assertEqual(system, brokenId, broken);
    }

    private long count(String sql, UUID id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void accessFailureMakesTheDossierInaccessibleAndTheLinkStays(ConnectorUnderTest system) throws Exception {
        Instant start = Instant.now();
        Linked linked = link(system, 1, 20);
        String dossier = last(linked.account().dossiers());
        UUID dossierId = awaitDossier(linked, dossier);
        awaitSynced(system, dossierId, start);
        long stored = storedRecords(dossierId);

        // only the sync may find out (discovery would too): the connector's fetch-page must classify ACCESS
        camel.getRouteController().stopRoute(DISCOVERY_TICK);
        system.denyDossier(linked.account(), dossier);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(dossierStatus(linked, dossierId)).isEqualTo("INACCESSIBLE"));
        assertThat(jdbc.sql("SELECT last_error FROM sync_state WHERE dossier_id = :d AND last_error IS NOT NULL")
                .param("d", dossierId).query(String.class).list()).anyMatch(e -> e.startsWith("No access"));
        assertThat(storedRecords(dossierId)).as("the data is kept").isEqualTo(stored);
        assertThat(connection(linked.office(), linked.connectionId(), linked.office().user()).json().path("status")
                .asText()).isEqualTo("CONNECTED");

        // access is given back: discovery makes the dossier ACTIVE again and it syncs
        system.allowDossier(linked.account(), dossier);
        camel.getRouteController().startRoute(DISCOVERY_TICK);
        Instant back = Instant.now();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(dossierStatus(linked, dossierId)).isEqualTo("ACTIVE"));
        awaitSynced(system, dossierId, back);
        assertEqual(system, dossierId, dossier);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void rateLimitWaitsForTheResetAndTheSyncCompletesWithoutAnError(ConnectorUnderTest system) {
        Instant start = Instant.now();
        Linked linked = link(system, 1, 20);
        String dossier = last(linked.account().dossiers());
        UUID dossierId = awaitDossier(linked, dossier);
        awaitSynced(system, dossierId, start);

        try (CapturedLog log = CapturedLog.attach()) {
            system.tooManyRequestsNext(dossier, Duration.ofSeconds(2));
            Instant limited = Instant.now();
            await().atMost(Duration.ofSeconds(20)).until(() -> !system.rateLimitFaultPending());
            awaitSynced(system, dossierId, limited);
            assertThat(log.text()).contains("Dossier " + dossierId).contains("rate limit reached, continuing at");
            assertThat(log.lines()).noneMatch(line -> line.contains("Sync of dossier " + dossierId)
                    && line.contains(" failed ("));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :d AND (state = 'ERROR'"
                + " OR consecutive_failures > 0)").param("d", dossierId).query(Long.class).single()).isZero();
        assertEqual(system, dossierId, dossier);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectors")
    void transientFailuresKeepTheStatusAndTheSyncRecovers(ConnectorUnderTest system) {
        Instant start = Instant.now();
        Linked linked = link(system, 1, 20);
        String dossier = last(linked.account().dossiers());
        UUID dossierId = awaitDossier(linked, dossier);
        awaitSynced(system, dossierId, start);

        // the link check: UNAVAILABLE, the connection stays login gelukt
        system.whoamiServerErrors();
        TestApi.Reply check = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("UNAVAILABLE");
        assertThat(check.json().path("accountingSystem").path("status").asText()).isEqualTo("CONNECTED");
        system.clearFaults();

        // the sync: the run fails with its reason and is retried; dossier and connection keep their status
        system.serverErrors(dossier);
        Instant failing = Instant.now();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("SELECT count(*) FROM"
                        + " sync_state WHERE dossier_id = :d AND state = 'ERROR' AND last_attempt_at > :t")
                .param("d", dossierId).param("t", Timestamp.from(failing)).query(Long.class).single()).isPositive());
        assertThat(dossierStatus(linked, dossierId)).isEqualTo("ACTIVE");
        assertThat(connection(linked.office(), linked.connectionId(), linked.office().user()).json().path("status")
                .asText()).isEqualTo("CONNECTED");
        system.clearFaults();
        Instant recovered = Instant.now();
        awaitSynced(system, dossierId, recovered);
        assertEqual(system, dossierId, dossier);
    }
}
