package nl.koppel.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.exactonline.FaultInjector;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;
import nl.koppel.sync.FailingSyncs;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each failure injected at the simulator gives its outcome: AUTH flips the connection (with its reason, once),
 * ACCESS marks one dossier, RATE_LIMIT waits, TRANSIENT retries and shows the error in the sync status, warning
 * the operators after {@code koppel.sync.warn-after-failures} runs in a row and never an office user. After
 * recovery the master data equals the simulator's.
 */
class FailureOutcomesTest extends NotificationScenarios {

    @Autowired
    private FailingSyncs failingSyncs;

    @Autowired
    private CamelContext camel;

    @Autowired
    private nl.koppel.systems.AccountingSystemCatalog catalog;

    @Test
    void anExpiredRefreshTokenFlipsWithItsReasonAndTheRelinkRecovers() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 10, false, "connection.disconnected");
        awaitAllEqual(linked, start);

        exact.expireRefreshTokens(linked.office().exactUserName());
        forceLocalTokenExpiry(linked); // Koppel's next call refreshes, and Exact refuses the expired refresh token
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(linked))
                .isEqualTo("NOT_CONNECTED"));
        assertThat(reason(linked)).isEqualTo("REFRESH_TOKEN_EXPIRED");
        JsonNode notice = await().atMost(Duration.ofSeconds(5)).until(() ->
                inboxOfType(linked.office().superUser(), "connection.disconnected"), l -> !l.isEmpty()).get(0);
        assertThat(notice.path("body").asText()).contains("de login bij Exact Online is verlopen")
                .contains("U bent de synchronisatiegebruiker");
        await().atMost(Duration.ofSeconds(10)).until(() -> linked.receiver().ofType("connection.disconnected")
                .size() == 1);

        exact.updateRecord(linked.divisions().get(0).code(), Kind.GL_ACCOUNTS,
                exact.records(linked.divisions().get(0).code(), Kind.GL_ACCOUNTS).get(0).id(),
                Map.of("Description", "Gewijzigd"));
        Instant relinked = Instant.now();
        assertThat(link(linked.office(), linked.connectionId(), linked.syncUser()).status()).isEqualTo(200);
        awaitAllEqual(linked, relinked);
    }

    @Test
    void aDisabledUserFlipsWithUserDisabled() throws Exception {
        Linked linked = linkedOffice(0, 0, false);
        UUID own = await().atMost(Duration.ofSeconds(20)).until(() -> dossiers(linked).size() == 1 ? UUID.fromString(
                dossiers(linked).get(0).path("id").asText()) : null, java.util.Objects::nonNull);
        awaitSynced(own, Instant.EPOCH);
        // make the refresh the first thing to reach Exact: no check, discovery or sync turn in between
        camel.getRouteController().stopRoute("link-check-tick");
        camel.getRouteController().stopRoute("discovery-tick");
        try {
            jdbc.sql("UPDATE dossier SET next_sync_at = now() + interval '1 hour' WHERE connection_id = :c")
                    .param("c", linked.connectionId()).update();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT count(*) FROM dossier WHERE"
                    + " connection_id = :c AND lease_owner IS NOT NULL").param("c", linked.connectionId())
                    .query(Long.class).single() == 0);
            exact.disableUser(linked.office().exactUserName());
            forceLocalTokenExpiry(linked);
        } finally {
            camel.getRouteController().startRoute("link-check-tick");
            camel.getRouteController().startRoute("discovery-tick");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(linked))
                .isEqualTo("NOT_CONNECTED"));
        assertThat(reason(linked)).isEqualTo("USER_DISABLED");
        JsonNode notice = await().atMost(Duration.ofSeconds(5)).until(() ->
                inboxOfType(linked.office().superUser(), "connection.disconnected"), l -> !l.isEmpty()).get(0);
        assertThat(notice.path("body").asText()).contains("is geblokkeerd in Exact Online");
        exact.enableUser(linked.office().exactUserName());
    }

    @Test
    void accessToOneDivisionRemovedMarksOnlyThatDossierAndTellsNoOfficeUser() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(2, 10, false, "dossier.inaccessible", "connection.disconnected");
        awaitAllEqual(linked, start);
        int lost = linked.divisions().get(0).code();
        int kept = linked.divisions().get(1).code();
        UUID lostId = dossierId(linked, lost);

        exact.revokeDivision(linked.office().exactUserName(), lost);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(dossierStatus(linked, lostId))
                .isEqualTo("INACCESSIBLE"));
        assertThat(dossierStatus(linked, dossierId(linked, kept))).isEqualTo("ACTIVE");
        assertThat(status(linked)).isEqualTo("CONNECTED");
        await().atMost(Duration.ofSeconds(10)).until(() -> linked.receiver().ofType("dossier.inaccessible").size() == 1);
        assertThat(linked.receiver().ofType("dossier.inaccessible").get(0).json().path("data").path("dossier")
                .path("externalId").asText()).isEqualTo(Integer.toString(lost));
        assertNoOfficeUserNotified(linked);

        exact.grantDivision(linked.office().exactUserName(), lost);
        Instant back = Instant.now();
        // listing connectable dossiers runs discovery now, instead of waiting for the schedule
        assertThat(api.get(linked.path() + "/accounting-systems/" + linked.connectionId() + "/connectable-dossiers",
                linked.office().superUser().username(), PASSWORD).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(dossierStatus(linked, lostId))
                .isEqualTo("ACTIVE"));
        awaitAllEqual(linked, back);
        assertThat(linked.receiver().ofType("dossier.inaccessible")).hasSize(1);
    }

    @Test
    void serverErrorsForAWhileWarnTheOperatorsNotTheOfficeAndTheSyncRecovers() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 10, false, "sync.failed", "connection.disconnected");
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);

        try (CapturedLog log = CapturedLog.attach()) {
            exact.faults().failNext("/api/v1/" + code + "/", 500, FaultInjector.EVERY_CALL);
            exact.createRecord(code, Kind.ACCOUNTS, Map.of("Code", "777001", "Name", "Nieuw tijdens de storing B.V."));
            // every kind reaches the threshold (3 in the test profile): listed for the operators, a WARN line
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failingSyncs.list().stream()
                    .filter(f -> f.dossierId().equals(dossierId)).map(FailingSyncs.FailingSync::kind).distinct())
                    .hasSize(exactKinds()));
            assertThat(log.text()).contains("OPERATORS: sync of dossier " + dossierId);
        }
        JsonNode syncStatus = api.get(linked.path() + "/dossiers/" + dossierId + "/sync-status",
                linked.office().user().username(), PASSWORD).json();
        assertThat(syncStatus.path("kinds")).filteredOn(kind -> !"NOT_SUPPORTED".equals(kind.path("state").asText()))
                .hasSize(exactKinds()).allSatisfy(kind -> {
            assertThat(kind.path("state").asText()).isEqualTo("ERROR");
            assertThat(kind.path("error").asText()).contains("500");
        });
        assertThat(status(linked)).isEqualTo("CONNECTED");
        // the webhook that subscribed to sync.failed hears of each kind once, at the threshold
        await().atMost(Duration.ofSeconds(10)).until(() -> linked.receiver().ofType("sync.failed").size() == exactKinds());
        assertThat(linked.receiver().ofType("sync.failed").stream()
                .map(r -> r.json().path("data").path("kind").asText()).distinct()).hasSize(exactKinds());
        assertNoOfficeUserNotified(linked);

        exact.faults().clear();
        Instant recovered = Instant.now();
        awaitAllEqual(linked, recovered);
        assertThat(failingSyncs.list()).noneMatch(f -> f.dossierId().equals(dossierId));
        assertThat(linked.receiver().ofType("sync.failed")).hasSize(exactKinds());
        assertNoOfficeUserNotified(linked);
    }

    @Test
    void timeoutsRepliesThatAreNotJsonAndPagesCutOffAreTransient() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 10, false, "connection.disconnected");
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);

        // VAT codes answer slower than the test profile's 2 s response timeout
        exact.faults().delayNext("/api/v1/" + code + "/vat/VATCodes", Duration.ofSeconds(3), FaultInjector.EVERY_CALL);
        // cost centres get Exact's HTML "Service Unavailable" with status 200
        exact.faults().garbageNext("/api/v1/" + code + "/hrm/Costcenters", FaultInjector.EVERY_CALL);
        // a relations page whose connection closed mid-way: valid JSON up to the cut
        exact.faults().add(new FaultInjector.Fault("/api/v1/" + code + "/sync/CRM/Accounts", FaultInjector.Kind.STATUS,
                200, null, "{\"d\":{\"results\":[{\"ID\":\"0b5c7e8e-1d0a-4c59-9a3c-2f1f6e0d9a11\",\"Code\":\"10",
                FaultInjector.EVERY_CALL));
        exact.deleteRecord(code, Kind.VAT_CODES, exact.records(code, Kind.VAT_CODES).get(0).id());
        exact.createRecord(code, Kind.ACCOUNTS, Map.of("Code", "888001", "Name", "Na de afgebroken pagina B.V."));
        exact.deleteRecord(code, Kind.COST_CENTERS, exact.records(code, Kind.COST_CENTERS).get(0).id());
        jdbc.sql("UPDATE dossier SET next_sync_at = now() WHERE id = :id").param("id", dossierId).update();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat((String) syncState(dossierId, "VAT_CODES").get("last_error")).contains("did not answer in time");
            assertThat((String) syncState(dossierId, "COST_CENTERS").get("last_error")).contains("not valid JSON");
            assertThat((String) syncState(dossierId, "RELATIONS").get("last_error")).contains("not valid JSON");
            // read together with the errors: a retry (workers claim at once now) may already be RUNNING again
            assertThat(syncState(dossierId, "VAT_CODES").get("state")).isEqualTo("ERROR");
        });
        assertThat(status(linked)).isEqualTo("CONNECTED");
        assertNoOfficeUserNotified(linked);

        exact.faults().clear();
        Instant recovered = Instant.now();
        awaitAllEqual(linked, recovered);
        assertNoOfficeUserNotified(linked);
    }

    @Test
    void aRateLimitWaitsForTheResetWithoutAnError() {
        Instant start = Instant.now();
        Linked linked = linkedOffice(1, 10, false, "connection.disconnected", "sync.failed");
        awaitAllEqual(linked, start);
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);

        exact.faults().tooManyRequestsNext("/api/v1/" + code + "/", 1, Duration.ofSeconds(3));
        exact.updateRecord(code, Kind.ACCOUNTS, exact.records(code, Kind.ACCOUNTS).get(0).id(),
                Map.of("Name", "Na de 429 B.V."));
        Instant limited = Instant.now();
        jdbc.sql("UPDATE dossier SET next_sync_at = now() WHERE id = :id").param("id", dossierId).update();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> jdbc.sql(
                "SELECT count(*) FROM sync_state WHERE dossier_id = :d AND state = 'WAITING'"
                        + " AND last_error LIKE 'Waiting for the rate limit%'").param("d", dossierId)
                .query(Long.class).single() > 0);
        awaitAllEqual(linked, limited);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :d AND (state = 'ERROR'"
                + " OR consecutive_failures > 0)").param("d", dossierId).query(Long.class).single()).isZero();
        assertThat(status(linked)).isEqualTo("CONNECTED");
        assertThat(linked.receiver().ofType("sync.failed")).isEmpty();
        assertNoOfficeUserNotified(linked);
    }

    @Test
    void twentyDossiersFailingAtOnceGiveOneFlipAndOneNotificationPerRecipientPerChannel() {
        Linked linked = linkedOffice(20, 3, true, "connection.disconnected");
        // all 20 (and the user's own division) are added and in their first sync when the grant is revoked
        await().atMost(Duration.ofSeconds(20)).until(() -> dossiers(linked).size() == 21);

        jdbc.sql("UPDATE dossier SET next_sync_at = now() WHERE connection_id = :c").param("c", linked.connectionId())
                .update();
        exact.revokeGrants(linked.office().exactUserName());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(linked))
                .isEqualTo("NOT_CONNECTED"));
        // every dossier comes round at least once more (they were all due), and then nothing calls Exact any more
        await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.sql("SELECT count(*) FROM dossier WHERE"
                + " connection_id = :c AND lease_owner IS NOT NULL").param("c", linked.connectionId())
                .query(Long.class).single() == 0);
        long calls = linked.divisions().stream().mapToLong(d -> exact.divisionCalls(d.code())).sum();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(mailsTo(linked.office().superUser())).hasSize(1);
            assertThat(mailsTo(linked.office().accountant())).hasSize(1);
            assertThat(linked.receiver().ofType("connection.disconnected")).hasSize(1);
        });
        assertThat(linked.divisions().stream().mapToLong(d -> exact.divisionCalls(d.code())).sum())
                .as("calls to Exact after the flip").isEqualTo(calls);

        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE subject_id = :c AND action ="
                + " 'connection.disconnected'").param("c", linked.connectionId()).query(Long.class).single()).isOne();
        assertThat(inboxOfType(linked.office().superUser(), "connection.disconnected")).hasSize(1);
        assertThat(inboxOfType(linked.office().accountant(), "connection.disconnected")).hasSize(1);
        assertThat(inbox(linked.office().user()).path("items")).isEmpty();
        assertThat(jdbc.sql("SELECT channel, count(*) AS n FROM outbox WHERE office_id = :o AND event_type ="
                        + " 'connection.disconnected' GROUP BY channel ORDER BY channel")
                .param("o", linked.office().id()).query().listOfRows())
                .containsExactly(Map.of("channel", "EMAIL", "n", 2L), Map.of("channel", "WEBHOOK", "n", 1L));
        assertThat(mailsTo(linked.office().user())).isEmpty();
    }

    private void forceLocalTokenExpiry(Linked linked) {
        jdbc.sql("UPDATE credential SET access_token_expires_at = now() - interval '1 second'"
                + " WHERE connection_id = :c").param("c", linked.connectionId()).update();
    }

    private String reason(Linked linked) {
        return connection(linked.office(), linked.connectionId(), linked.office().user()).json()
                .path("statusReason").asText();
    }

    private String dossierStatus(Linked linked, UUID dossierId) {
        TestApi.Reply reply = api.get(linked.path() + "/dossiers/" + dossierId, linked.office().user().username(),
                PASSWORD);
        return reply.json().path("status").asText();
    }

    /** How many kinds Koppel reads from Exact Online (the others are NOT_SUPPORTED and never fail). */
    private int exactKinds() {
        return catalog.supportedKinds("exact-online").size();
    }
}
