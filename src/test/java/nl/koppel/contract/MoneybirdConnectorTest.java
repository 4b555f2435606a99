package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.moneybird.MoneybirdKind;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import nl.koppel.sync.SyncStateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What is particular to Moneybird, beyond the contract: the version comparison, token lifetimes, the limit. */
class MoneybirdConnectorTest extends ConnectorTestSupport {

    private final MoneybirdSimulator moneybird = TestSimulators.moneybird();
    private final MoneybirdUnderTest system = new MoneybirdUnderTest(moneybird);

    @Autowired
    private SyncStateRepository syncStates;

    @AfterEach
    void restore() {
        moneybird.accessTokenLifetime(null);
        moneybird.refreshTokensIssued(true);
        moneybird.rateLimit(150, Duration.ofMinutes(5));
        moneybird.faults().clear();
    }

    @Test
    void onlyContactsWhoseVersionChangedAreFetchedAndAFullReadFetchesThemAll() {
        Instant start = Instant.now();
        Linked linked = link(system, 1, 250);
        String administration = linked.account().dossiers().get(0);
        UUID dossierId = awaitDossier(linked, administration);
        String posts = "POST /api/v2/" + administration + "/contacts/synchronization.json";
        awaitSynced(system, dossierId, start);
        assertThat(moneybird.calls(posts)).as("250 new contacts, 100 a request").isEqualTo(3);
        assertEqual(system, dossierId, administration);

        // nothing changed: the list of ids and versions, and no fetch at all
        Instant idle = Instant.now();
        awaitSynced(system, dossierId, idle);
        assertThat(moneybird.calls(posts)).isEqualTo(3);

        List<ObjectNode> contacts = moneybird.records(administration, MoneybirdKind.CONTACTS);
        moneybird.update(administration, MoneybirdKind.CONTACTS, contacts.get(10).path("id").asText(),
                Map.of("company_name", "Versie Twee B.V."));
        moneybird.update(administration, MoneybirdKind.CONTACTS, contacts.get(20).path("id").asText(),
                Map.of("tax_number", "NL000099998B01"));
        moneybird.delete(administration, MoneybirdKind.CONTACTS, contacts.get(30).path("id").asText());
        Instant changed = Instant.now();
        awaitSynced(system, dossierId, changed);
        assertEqual(system, dossierId, administration);
        assertThat(moneybird.calls(posts)).as("one fetch of the two changed contacts").isEqualTo(4);
        assertThat(jdbc.sql("SELECT last_inserted + last_updated + last_deleted FROM sync_state WHERE dossier_id = :d"
                + " AND kind = 'RELATIONS' AND last_success_at > :t").param("d", dossierId)
                .param("t", Timestamp.from(changed)).query(Integer.class).list()).contains(3);

        // a full read (reconciliation, or a changed mapping) fetches every contact again
        syncStates.requireFullSync(dossierId, false);
        Instant full = Instant.now();
        awaitSynced(system, dossierId, full);
        assertThat(moneybird.calls(posts)).isEqualTo(4 + 3);
        assertEqual(system, dossierId, administration);
    }

    @Test
    void projectsAndPaymentConditionsAreNotSupportedInTheSyncStatusAndTheApi() {
        // Moneybird's API documents neither (../shared/reference/other-systems.md)
        Instant start = Instant.now();
        Linked linked = link(system, 1, 5);
        UUID dossierId = awaitDossier(linked, linked.account().dossiers().get(0));
        awaitSynced(system, dossierId, start);
        String dossier = linked.office().path() + "/dossiers/" + dossierId;
        String user = linked.office().user().username();
        JsonNode kinds = api.get(dossier + "/sync-status", user, PASSWORD).json().path("kinds");
        for (String kind : List.of("projects", "payment-conditions")) {
            assertThat(kinds.findParents("kind").stream().filter(k -> kind.equals(k.path("kind").asText()))
                    .map(k -> k.path("state").asText()).toList()).as(kind).containsExactly("NOT_SUPPORTED");
            TestApi.Reply page = api.get(dossier + "/master-data/" + kind, user, PASSWORD);
            assertThat(page.status()).as(page.toString()).isEqualTo(422);
            assertThat(page.code()).isEqualTo("master_data_kind_not_supported");
        }
    }

    @Test
    void accessTokensWithoutExpiryWithExpiryAndExpiredEarly() {
        // Moneybird's default here: no expires_in, with a refresh token: Koppel refreshes after an hour anyway
        Linked unknown = link(system, 1, 1);
        assertThat(expiresAt(unknown)).isBetween(Instant.now().plus(Duration.ofMinutes(55)),
                Instant.now().plus(Duration.ofMinutes(61)));

        // no expires_in and no refresh token: nothing to refresh with, kept until Moneybird refuses it
        moneybird.refreshTokensIssued(false);
        Linked forever = link(system, 1, 1);
        assertThat(expiresAt(forever)).isAfter(Instant.now().plus(Duration.ofDays(3000)));
        moneybird.refreshTokensIssued(true);

        // tokens that expire: refreshed in time, the link stays
        moneybird.accessTokenLifetime(Duration.ofSeconds(2));
        Linked expiring = link(system, 1, 1);
        long refreshes = moneybird.calls("/oauth/token#refresh_token");
        await().atMost(Duration.ofSeconds(15)).until(() -> moneybird.calls("/oauth/token#refresh_token") > refreshes);
        assertThat(check(expiring)).isEqualTo("OK");
        moneybird.accessTokenLifetime(null);

        // Moneybird says the token expired before Koppel expected it: trouble that passes, not a broken link
        moneybird.expireAccessTokens(unknown.account().login());
        assertThat(check(unknown)).isEqualTo("UNAVAILABLE");
        assertThat(connection(unknown.office(), unknown.connectionId(), unknown.office().user()).json()
                .path("status").asText()).isEqualTo("CONNECTED");
    }

    @Test
    void aSmallRateLimitSlowsTheSyncButItCompletesWithoutErrors() {
        moneybird.rateLimit(8, Duration.ofSeconds(3));
        Instant start = Instant.now();
        Linked linked = link(system, 1, 450);
        String administration = linked.account().dossiers().get(0);
        UUID dossierId = awaitDossier(linked, administration);
        awaitSynced(system, dossierId, start);
        assertEqual(system, dossierId, administration);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :d AND (state = 'ERROR'"
                + " OR consecutive_failures > 0)").param("d", dossierId).query(Long.class).single()).isZero();
    }

    @Test
    void theLimitIsBudgetedPerLinkedUserAndTheirAdministrationsRunOneAtATime() {
        Instant start = Instant.now();
        Linked linked = link(system, 3, 30);
        // each call takes a while, so administrations synced side by side would overlap
        moneybird.faults().delayNext("/api/v2/", Duration.ofMillis(100), SimFaults.EVERY_CALL);
        List<UUID> dossiers = linked.account().dossiers().stream().map(a -> awaitDossier(linked, a)).toList();
        dossiers.forEach(d -> awaitSynced(system, d, start));
        assertThat(moneybird.mostConcurrentRequests(linked.account().login())).isEqualTo(1);

        // a 429 for one administration pauses the user's budget, which every administration of the link shares
        moneybird.faults().clear();
        String first = linked.account().dossiers().get(0);
        moneybird.tooManyRequestsNext("/api/v2/" + first + "/contacts/", Duration.ofSeconds(2), 1);
        // the simulator counts the 429 as sent before Koppel has read it: wait for Koppel's record of it
        await().atMost(Duration.ofSeconds(20)).until(() -> moneybird.faults().active().isEmpty()
                && blockedScopes().contains("link:" + linked.connectionId()));
        assertThat(blockedScopes()).doesNotContainAnyElementsOf(linked.account().dossiers());
        Instant limited = Instant.now();
        dossiers.forEach(d -> awaitSynced(system, d, limited));
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id IN (:d) AND (state = 'ERROR'"
                + " OR consecutive_failures > 0)").param("d", dossiers).query(Long.class).single()).isZero();
    }

    private List<String> blockedScopes() {
        return jdbc.sql("SELECT scope FROM rate_limit_budget WHERE system_type = 'moneybird'"
                + " AND blocked_until IS NOT NULL").query(String.class).list();
    }

    private Instant expiresAt(Linked linked) {
        return jdbc.sql("SELECT access_token_expires_at FROM credential WHERE connection_id = :id")
                .param("id", linked.connectionId()).query(Timestamp.class).single().toInstant();
    }

    private String check(Linked linked) {
        TestApi.Reply reply = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("result").asText();
    }
}
