package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.support.ConnectionKeyPage;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.AfterEach;

/** What the contract suite and the connector-specific tests share: link through the REST API, await the sync. */
abstract class ConnectorTestSupport extends KoppelIntegrationTest {

    private static final AtomicInteger SEED = new AtomicInteger(9100);

    /** The connections this test linked; see {@link #stopBackgroundWork()}. */
    private final List<UUID> linkedConnections = new ArrayList<>();

    /**
     * Every test class shares one Spring context, and a linked connection's dossiers would keep syncing (every 3 s
     * in the test profile) and its link keep being checked for the rest of the test JVM, slowing the tests that come
     * later. After each test its connections are set to niet verbonden, which ends all their background work.
     */
    @AfterEach
    void stopBackgroundWork() {
        for (UUID connectionId : linkedConnections) {
            jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED',"
                    + " status_reason = 'SYNC_USER_CHANGED', status_changed_at = now() WHERE id = :id")
                    .param("id", connectionId).update();
        }
        linkedConnections.clear();
    }

    /** An office whose super user linked the system as a new user with generated dossiers. */
    protected record Linked(ConnectorUnderTest system, TestOffice office, UUID connectionId,
                            ConnectorUnderTest.Account account) {
        String connectionPath() {
            return office.path() + "/accounting-systems/" + connectionId;
        }
    }

    /** A new office links the system as a new user of the simulator with generated dossiers. */
    protected Linked link(ConnectorUnderTest system, int dossiers, int relations) {
        ConnectorUnderTest.Account account = system.newAccount(SEED.incrementAndGet(), dossiers, relations);
        return link(system, provisionOffice(), account);
    }

    /** The office's super user adds the system and links it as {@code account}. */
    protected Linked link(ConnectorUnderTest system, TestOffice office, ConnectorUnderTest.Account account) {
        TestApi.Reply added = api.post(office.path() + "/accounting-systems", office.superUser().username(),
                PASSWORD, Map.of("type", system.type(), "syncUserId", office.superUser().id().toString()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        UUID connectionId = UUID.fromString(added.json().path("id").asText());

        TestApi.Reply start = api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                office.superUser().username(), PASSWORD, "");
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        if (system.linksByKey()) {
            // no login elsewhere: the start URL leads to Koppel's key page, where each dossier's key is entered
            assertThat(openStart(start, office.superUser())).isEqualTo(ConnectionKeyPage.PATH);
            for (String key : system.connectionKeys(account)) {
                assertThat(enterConnectionKey(office.superUser(), key).banner()).startsWith("Administratie ");
            }
            linkedConnections.add(connectionId);
            return new Linked(system, office, connectionId, account);
        }
        system.approveAs(account);
        TestApi.Reply login = api.browse(openStart(start, office.superUser()));
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        URI back = URI.create(login.raw().headers().firstValue("Location").orElseThrow());
        TestApi.Reply callback = api.get("/api/v1/oauth/callback?" + back.getRawQuery(), null, null);
        assertThat(callback.status()).as(callback.toString()).isEqualTo(200);
        assertThat(callback.json().path("statusLabel").asText()).isEqualTo("login gelukt");
        linkedConnections.add(connectionId);
        return new Linked(system, office, connectionId, account);
    }

    protected UUID awaitDossier(Linked linked, String externalId) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode dossier : api.get(linked.office().path() + "/dossiers", linked.office().user().username(),
                    PASSWORD).json()) {
                if (dossier.path("externalId").asText().equals(externalId)) {
                    return UUID.fromString(dossier.path("id").asText());
                }
            }
            return null;
        }, Objects::nonNull);
    }

    /** Every supported kind completed a run that started after {@code after}; the others are NOT_SUPPORTED. */
    protected void awaitSynced(ConnectorUnderTest system, UUID dossierId, Instant after) {
        // long enough for a spent rate-limit budget (Exact Online's simulator: 60 calls a minute per division)
        await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Map<String, Object>> states = jdbc.sql("SELECT kind, state, last_success_at FROM sync_state"
                    + " WHERE dossier_id = :id").param("id", dossierId).query().listOfRows();
            assertThat(states).hasSize(MasterDataKind.values().length).allSatisfy(s -> {
                MasterDataKind kind = MasterDataKind.valueOf((String) s.get("kind"));
                if (system.supportedKinds().contains(kind)) {
                    assertThat(s.get("state")).as("state of " + kind).isEqualTo("COMPLETE");
                    assertThat(((Timestamp) s.get("last_success_at")).toInstant()).as(kind + " synced").isAfter(after);
                } else {
                    assertThat(s.get("state")).as("state of " + kind).isEqualTo("NOT_SUPPORTED");
                }
            });
        });
    }

    protected void assertEqual(ConnectorUnderTest system, UUID dossierId, String dossier) {
        for (MasterDataKind kind : system.supportedKinds()) {
            Map<String, MasterDataComparison.Normalised> expected = system.expected(dossier, kind);
            assertThat(MasterDataComparison.koppel(jdbc, dossierId, kind)).as("%s of %s %s", kind, system, dossier)
                    .isEqualTo(expected);
        }
        for (MasterDataKind kind : MasterDataKind.values()) {
            if (!system.supportedKinds().contains(kind)) {
                assertThat(MasterDataComparison.koppel(jdbc, dossierId, kind)).as(kind + " (not supported)").isEmpty();
            }
        }
    }

    /** The last dossier: a generated one with data (Exact Online's first is the user's own, empty division). */
    protected static String last(List<String> dossiers) {
        return dossiers.get(dossiers.size() - 1);
    }

    protected String dossierStatus(Linked linked, UUID dossierId) {
        return api.get(linked.office().path() + "/dossiers/" + dossierId, linked.office().user().username(), PASSWORD)
                .json().path("status").asText();
    }

    protected long storedRecords(UUID dossierId) {
        return jdbc.sql("SELECT count(*) FROM master_record WHERE dossier_id = :d").param("d", dossierId)
                .query(Long.class).single();
    }
}
