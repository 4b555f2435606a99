package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What is particular to Twinfield, beyond the contract: clusters, one refresh token per user, SOAP fault codes (an
 * expired token refreshed and retried once, 101 not a revocation), relation details, one action per organisation.
 */
class TwinfieldConnectorTest extends ConnectorTestSupport {

    private final TwinfieldSimulator twinfield = TestSimulators.twinfield();
    private final TwinfieldUnderTest system = new TwinfieldUnderTest(twinfield);

    @AfterEach
    void restore() {
        twinfield.accessTokenLifetime(Duration.ofHours(1));
        twinfield.expiredTokenFault("354");
        twinfield.faults().clear();
    }

    @ParameterizedTest(name = "expired token answered with fault {0}")
    @CsvSource({"354", "103"})
    void anExpiredAccessTokenIsRefreshedAndTheCallRetriedOnceAndTheLinkStays(String code) {
        Synced synced = linkedAndSynced(12);

        // Twinfield says the token expired before Koppel expected it (the sync knows the token's cluster already,
        // so its next SOAP call gets the fault; the link check's validation gets 400)
        twinfield.expiredTokenFault(code);
        long refreshes = twinfield.calls("/auth/authentication/connect/token#refresh_token");
        twinfield.expireAccessTokens(synced.linked().account().login());
        twinfield.put(synced.office(), "KPL", "K777", "Na het verlopen token");
        Instant expired = Instant.now();
        awaitSynced(system, synced.dossierId(), expired);
        assertEqual(system, synced.dossierId(), synced.office());
        assertThat(twinfield.calls("/auth/authentication/connect/token#refresh_token")).isGreaterThan(refreshes);
        assertThat(jdbc.sql("SELECT count(*) FROM sync_state WHERE dossier_id = :d AND consecutive_failures > 0")
                .param("d", synced.dossierId()).query(Long.class).single()).as("no failed run").isZero();

        twinfield.expireAccessTokens(synced.linked().account().login());
        assertThat(check(synced.linked())).isEqualTo("OK");
        assertThat(connectionStatus(synced.linked())).isEqualTo("CONNECTED");
    }

    @Test
    void fault101IsKoppelsOwnMistakeAnErrorOfTheRunNotARevokedLink() {
        Synced synced = linkedAndSynced(3);

        twinfield.faults().respond("/clusters/", "<CompanyCode>" + synced.office() + "</CompanyCode>", 500,
                "text/xml; charset=utf-8", faultEnvelope("101", "Access token or company missing"), Map.of(),
                SimFaults.EVERY_CALL);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(jdbc.sql("SELECT last_error FROM"
                + " sync_state WHERE dossier_id = :d AND last_error IS NOT NULL").param("d", synced.dossierId())
                .query(String.class).list()).anyMatch(e -> e.contains("101")));
        assertThat(connectionStatus(synced.linked())).isEqualTo("CONNECTED");
        assertThat(dossierStatus(synced.linked(), synced.dossierId())).isEqualTo("ACTIVE");
    }

    @Test
    void relationsCarryVatAndKvkNumbersFromOneReadOfDimensionsPerType() {
        Synced synced = linkedAndSynced(30);
        Map<String, String> kvk = new TreeMap<>();
        twinfield.rows(synced.office(), "DEB").forEach(r -> kvk.put("DEB:" + r.code(), r.kvkNumber()));
        twinfield.rows(synced.office(), "CRD").forEach(r -> kvk.put("CRD:" + r.code(), r.kvkNumber()));
        Map<String, String> stored = new TreeMap<>();
        jdbc.sql("SELECT external_id, attributes->>'kvkNumber' AS kvk FROM master_record WHERE dossier_id = :d"
                + " AND kind = 'RELATIONS'").param("d", synced.dossierId())
                .query((rs, n) -> stored.put(rs.getString(1), rs.getString(2))).list();
        assertThat(stored).isEqualTo(kvk);
        assertThat(kvk.values()).anyMatch(v -> v != null);
        assertEqual(system, synced.dossierId(), synced.office()); // VAT numbers, cities and e-mail addresses too
    }

    @Test
    void projectsAreReadIncrementallyWithModifiedSinceAndPaymentConditionsAreNotSupported() {
        Synced synced = linkedAndSynced(12);
        String dossier = synced.linked().office().path() + "/dossiers/" + synced.dossierId();
        String user = synced.linked().office().user().username();
        JsonNode kinds = api.get(dossier + "/sync-status", user, PASSWORD).json().path("kinds");
        assertThat(kindState(kinds, "projects")).isEqualTo("COMPLETE");
        assertThat(kindState(kinds, "payment-conditions")).isEqualTo("NOT_SUPPORTED");
        TestApi.Reply conditions = api.get(dossier + "/master-data/payment-conditions", user, PASSWORD);
        assertThat(conditions.status()).as(conditions.toString()).isEqualTo(422);
        assertThat(conditions.code()).isEqualTo("master_data_kind_not_supported");

        // after the first (full) read, projects are asked with modifiedsince, like cost centres; a change arrives
        long incremental = twinfield.calls("finder#DIM:PRJ:modifiedsince");
        String project = twinfield.rows(synced.office(), "PRJ").get(0).code();
        twinfield.put(synced.office(), "PRJ", project, "Project Nieuwbouw");
        Instant changed = Instant.now();
        awaitSynced(system, synced.dossierId(), changed);
        assertThat(twinfield.calls("finder#DIM:PRJ:modifiedsince")).isGreaterThan(incremental);
        assertThat(jdbc.sql("SELECT name FROM master_record WHERE dossier_id = :d AND kind = 'PROJECTS'"
                + " AND external_id = :id").param("d", synced.dossierId()).param("id", project).query(String.class)
                .single()).isEqualTo("Project Nieuwbouw");
        assertEqual(system, synced.dossierId(), synced.office());
    }

    private static String kindState(JsonNode kinds, String kind) {
        for (JsonNode k : kinds) {
            if (kind.equals(k.path("kind").asText())) {
                return k.path("state").asText();
            }
        }
        throw new AssertionError("no " + kind + " in " + kinds);
    }

    @Test
    void oneConcurrentActionPerOrganisation() {
        Linked linked = link(system, 3, 40);
        String organisation = linked.account().login().substring(linked.account().login().indexOf('@') + 1);
        // each office call takes a while, so offices synced side by side would overlap
        twinfield.faults().delayNext("/clusters/", Duration.ofMillis(150), SimFaults.EVERY_CALL);
        Instant start = Instant.now();
        for (String office : linked.account().dossiers()) {
            awaitSynced(system, awaitDossier(linked, office), start);
        }
        assertThat(twinfield.mostConcurrentRequests(organisation)).isEqualTo(1);
    }

    @Test
    void anOrganisationMovedToAnotherClusterIsFollowed() {
        Synced synced = linkedAndSynced(30);
        Linked linked = synced.linked();
        String office = synced.office();
        UUID dossierId = synced.dossierId();
        String organisation = linked.account().login().substring(linked.account().login().indexOf('@') + 1);
        String to = twinfield.clusterOf(organisation).equals(TwinfieldSimulator.CLUSTER_1)
                ? TwinfieldSimulator.CLUSTER_2 : TwinfieldSimulator.CLUSTER_1;

        twinfield.moveOrganisation(organisation, to);
        twinfield.put(office, "DEB", "1500", "Na de verhuizing B.V.");
        long callsOnNewCluster = twinfield.calls("/clusters/" + to + "/");
        Instant moved = Instant.now();
        awaitSynced(system, dossierId, moved);
        assertThat(twinfield.calls("/clusters/" + to + "/")).isGreaterThan(callsOnNewCluster);
        assertEqual(system, dossierId, office);
        assertThat(connection(linked.office(), linked.connectionId(), linked.office().user()).json().path("status")
                .asText()).isEqualTo("CONNECTED");
    }

    @Test
    void aNewLoginOfTheSameUserReplacesTheRefreshTokenOfTheFirstLink() {
        twinfield.accessTokenLifetime(Duration.ofSeconds(3));
        ConnectorUnderTest.Account account = system.newAccount(9901, 1, 3);
        Linked first = link(system, provisionOffice(), account);
        Linked second = link(system, provisionOffice(), account);
        // the first link's access token runs out; its refresh token was replaced by the second login
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode connection = connection(first.office(), first.connectionId(), first.office().user()).json();
            assertThat(connection.path("status").asText()).isEqualTo("NOT_CONNECTED");
            assertThat(connection.path("statusReason").asText()).isEqualTo("REFRESH_TOKEN_INVALID");
        });
        assertThat(check(second)).isEqualTo("OK");
    }

    @ParameterizedTest(name = "fault {0}: {1}")
    @CsvSource({"103, CREDENTIALS_REVOKED", "104, USER_DISABLED", "106, USER_DISABLED"})
    void soapFaultsOfTheLinkCheckBreakTheLinkWithTheirReason(String code, String reason) {
        Linked linked = link(system, 1, 1);
        String login = linked.account().login();
        BiConsumer<TwinfieldSimulator, String> breakIt = switch (code) {
            case "103" -> TwinfieldSimulator::invalidateCredentials;
            case "104" -> TwinfieldSimulator::deleteUser;
            default -> (simulator, user) -> simulator.deactivateOrganisation(user.substring(user.indexOf('@') + 1));
        };
        breakIt.accept(twinfield, login);
        assertThat(check(linked)).isEqualTo("NOT_CONNECTED");
        JsonNode connection = connection(linked.office(), linked.connectionId(), linked.office().user()).json();
        assertThat(connection.path("statusReason").asText()).isEqualTo(reason);
    }

    private record Synced(Linked linked, String office, UUID dossierId) {
    }

    /** A new link with one office of about {@code relations} relations, after its first complete sync. */
    private Synced linkedAndSynced(int relations) {
        Instant start = Instant.now();
        Linked linked = link(system, 1, relations);
        String office = linked.account().dossiers().get(0);
        UUID dossierId = awaitDossier(linked, office);
        awaitSynced(system, dossierId, start);
        return new Synced(linked, office, dossierId);
    }

    private String connectionStatus(Linked linked) {
        return connection(linked.office(), linked.connectionId(), linked.office().user()).json().path("status")
                .asText();
    }

    private static String faultEnvelope(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/"
                + "envelope/\"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>" + message
                + "</faultstring><detail><message>" + message + "</message><code>" + code + "</code><source>Twinfield"
                + "</source></detail></soap:Fault></soap:Body></soap:Envelope>";
    }

    private String check(Linked linked) {
        TestApi.Reply reply = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("result").asText();
    }
}
