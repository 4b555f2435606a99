package nl.koppel.connections;

import static nl.koppel.support.ApiErrors.assertApiError;
import static nl.koppel.support.ApiErrors.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.support.DatabaseSnapshot;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.Test;

/** The sync user's rules (sync-user.md, rules 1, 2 and 6): who may be it, who may name it, who may link. */
class SyncUserRulesTest extends KoppelIntegrationTest {

    @Test
    void theSyncUserMustBeAUserOfTheSameOffice() {
        TestOffice office = provisionOffice();
        TestOffice other = provisionOffice();
        UUID platformId = UUID.fromString(api.get("/api/v1/me", PLATFORM, PLATFORM_PASSWORD).json().path("id").asText());
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id(), other.id());

        for (UUID outsider : List.of(other.superUser().id(), platformId)) {
            JsonNode refused = assertApiError(addAsSuperUser(office, outsider), 422,
                    "synchronization_user_not_allowed_to_office");
            assertThat(fields(refused)).containsExactly("syncUserId");
        }
        db.assertUnchanged();
        assertThat(db.rows("accounting_system_connection")).isEmpty();

        UUID connectionId = addExactOnline(office, office.superUser());
        DatabaseSnapshot added = DatabaseSnapshot.of(jdbc, office.id(), other.id());
        JsonNode refused = assertApiError(changeSyncUser(office, connectionId, office.superUser(), other.accountant().id()),
                422, "synchronization_user_not_allowed_to_office");
        assertThat(fields(refused)).containsExactly("userId");
        added.assertUnchanged();
    }

    @Test
    void anUnknownSyncUserIsRefused() {
        TestOffice office = provisionOffice();
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());
        JsonNode refused = assertApiError(addAsSuperUser(office, UUID.randomUUID()), 422,
                "synchronization_user_not_found");
        assertThat(fields(refused)).containsExactly("syncUserId");
        db.assertUnchanged();

        UUID connectionId = addExactOnline(office, office.superUser());
        DatabaseSnapshot added = DatabaseSnapshot.of(jdbc, office.id());
        refused = assertApiError(changeSyncUser(office, connectionId, office.superUser(), UUID.randomUUID()), 422,
                "synchronization_user_not_found");
        assertThat(fields(refused)).containsExactly("userId");
        added.assertUnchanged();
    }

    @Test
    void aPlainUserMayNeitherAddASystemNorChangeItsSyncUser() {
        TestOffice office = provisionOffice();
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());
        assertApiError(api.post(office.path() + "/accounting-systems", office.user().username(), PASSWORD,
                        Map.of("type", "exact-online", "syncUserId", office.user().id().toString())),
                403, "role_not_allowed");
        db.assertUnchanged();

        UUID connectionId = addExactOnline(office, office.superUser());
        DatabaseSnapshot added = DatabaseSnapshot.of(jdbc, office.id());
        assertApiError(changeSyncUser(office, connectionId, office.user(), office.user().id()), 403,
                "role_not_allowed");
        added.assertUnchanged();
    }

    @Test
    void anAccountantMayAddASystemAndChangeItsSyncUser() {
        TestOffice office = provisionOffice();
        TestApi.Reply added = api.post(office.path() + "/accounting-systems", office.accountant().username(), PASSWORD,
                Map.of("type", "exact-online", "syncUserId", office.superUser().id().toString()));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        UUID connectionId = UUID.fromString(added.json().path("id").asText());
        assertThat(added.json().path("syncUser").path("id").asText()).isEqualTo(office.superUser().id().toString());

        TestApi.Reply changed = changeSyncUser(office, connectionId, office.accountant(), office.user().id());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("id").asText()).isEqualTo(connectionId.toString());
        assertThat(changed.json().path("syncUser").path("id").asText()).isEqualTo(office.user().id().toString());
        assertThat(changed.json().path("syncUser").path("role").asText()).isEqualTo("GEBRUIKER");
        assertThat(auditActions(connectionId)).containsExactly("connection.added", "connection.sync_user_changed");
    }

    @Test
    void namingTheCurrentSyncUserAgainChangesNothing() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        DatabaseSnapshot linked = DatabaseSnapshot.of(jdbc, office.id());

        TestApi.Reply same = changeSyncUser(office, connectionId, office.superUser(), office.superUser().id());
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
        assertThat(same.json().path("status").asText()).isEqualTo("CONNECTED");
        linked.assertUnchanged();
    }

    @Test
    void onlyTheSyncUserCanMakeTheLink() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());
        for (User notTheSyncUser : List.of(office.accountant(), office.user())) {
            assertApiError(api.post(linkPath(office, connectionId), notTheSyncUser.username(), PASSWORD, ""), 403,
                    "only_sync_user_can_link");
        }
        assertThat(linkAttempts(connectionId)).isZero();

        // the browser comes back signed in as someone else than the sync user who started the link
        Map<String, String> redirect = authorizeAtExact(office, connectionId, office.superUser());
        assertApiError(api.get("/api/v1/oauth/callback?code=" + redirect.get("code") + "&state=" + redirect.get("state"),
                office.accountant().username(), PASSWORD), 403, "only_sync_user_can_link");
        db.assertUnchanged();
        assertThat(connection(office, connectionId, office.user()).json().path("statusReason").asText())
                .isEqualTo("NEVER_LINKED");
    }

    @Test
    void changingTheSyncUserDropsTheLinkUntilTheNewSyncUserLinksTheSameConnection() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        assertThat(credentialRows(connectionId)).isOne();
        DatabaseSnapshot linked = DatabaseSnapshot.of(jdbc, office.id());
        assertThat(linked.rows("app_user")).hasSize(3);
        assertThat(linked.rows("credential")).hasSize(1);

        TestApi.Reply changed = changeSyncUser(office, connectionId, office.superUser(), office.accountant().id());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        for (JsonNode view : List.of(changed.json(), connection(office, connectionId, office.user()).json())) {
            assertThat(view.path("id").asText()).isEqualTo(connectionId.toString());
            assertThat(view.path("status").asText()).isEqualTo("NOT_CONNECTED");
            assertThat(view.path("statusReason").asText()).isEqualTo("SYNC_USER_CHANGED");
            assertThat(view.path("accountingSystemUser").isNull()).as(view.toString()).isTrue();
            assertThat(view.path("syncUser").path("id").asText()).isEqualTo(office.accountant().id().toString());
        }
        assertThat(connection(office, connectionId, office.user()).json().path("statusLabel").asText())
                .isEqualTo("niet verbonden");
        assertThat(credentialRows(connectionId)).isZero();
        // the snapshot sees a real change (so "unchanged" elsewhere in these tests means something)
        assertThatThrownBy(linked::assertUnchanged).isInstanceOf(AssertionError.class)
                .hasMessageContaining("sync_user_id");
        assertThat(auditActions(connectionId)).containsExactly("connection.added", "connection.linked",
                "connection.sync_user_changed");

        // the old sync user may no longer link; the new one links the same connection
        DatabaseSnapshot dropped = DatabaseSnapshot.of(jdbc, office.id());
        assertApiError(api.post(linkPath(office, connectionId), office.superUser().username(), PASSWORD, ""), 403,
                "only_sync_user_can_link");
        dropped.assertUnchanged();

        TestApi.Reply relinked = link(office, connectionId, office.accountant());
        assertThat(relinked.status()).as(relinked.toString()).isEqualTo(200);
        assertThat(relinked.json().path("id").asText()).isEqualTo(connectionId.toString());
        assertThat(relinked.json().path("status").asText()).isEqualTo("CONNECTED");
        assertThat(relinked.json().path("statusReason").asText()).isEqualTo("LINKED");
        assertThat(relinked.json().path("accountingSystemUser").path("username").asText())
                .isEqualTo(office.exactUserName());
        assertThat(credentialRows(connectionId)).isOne();
        JsonNode all = api.get(office.path() + "/accounting-systems", office.user().username(), PASSWORD).json();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).path("id").asText()).isEqualTo(connectionId.toString());
    }

    @Test
    void aLinkStartedByTheOldSyncUserCannotBeCompletedAfterTheChange() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        Map<String, String> redirect = authorizeAtExact(office, connectionId, office.superUser());
        assertThat(changeSyncUser(office, connectionId, office.superUser(), office.accountant().id()).status())
                .isEqualTo(200);
        DatabaseSnapshot changed = DatabaseSnapshot.of(jdbc, office.id());
        long codeExchanges = exact.tokenCalls("authorization_code");

        assertApiError(callback(redirect.get("code"), redirect.get("state")), 409, "sync_user_changed");
        changed.assertUnchanged();
        assertThat(exact.tokenCalls("authorization_code")).as("the code is not even exchanged")
                .isEqualTo(codeExchanges);
        JsonNode view = connection(office, connectionId, office.user()).json();
        assertThat(view.path("status").asText()).isEqualTo("NOT_CONNECTED");
        assertThat(view.path("syncUser").path("id").asText()).isEqualTo(office.accountant().id().toString());
    }

    @Test
    void anOfficeHasOneExactOnlineOnly() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());
        assertApiError(addAsSuperUser(office, office.accountant().id()), 409, "accounting_system_already_added");
        db.assertUnchanged();
        assertThat(db.rows("accounting_system_connection")).singleElement()
                .satisfies(row -> assertThat(row.get("id")).isEqualTo(connectionId.toString()));
    }

    private TestApi.Reply addAsSuperUser(TestOffice office, UUID syncUserId) {
        return api.post(office.path() + "/accounting-systems", office.superUser().username(), PASSWORD,
                Map.of("type", "exact-online", "syncUserId", syncUserId.toString()));
    }

    private TestApi.Reply changeSyncUser(TestOffice office, UUID connectionId, User as, UUID userId) {
        return api.put(office.path() + "/accounting-systems/" + connectionId + "/sync-user", as.username(), PASSWORD,
                Map.of("userId", userId.toString()));
    }

    private static String linkPath(TestOffice office, UUID connectionId) {
        return office.path() + "/accounting-systems/" + connectionId + "/link";
    }

    private int credentialRows(UUID connectionId) {
        return jdbc.sql("SELECT count(*) FROM credential WHERE connection_id = :id").param("id", connectionId)
                .query(Integer.class).single();
    }

    private int linkAttempts(UUID connectionId) {
        return jdbc.sql("SELECT count(*) FROM link_attempt WHERE connection_id = :id").param("id", connectionId)
                .query(Integer.class).single();
    }

    private List<String> auditActions(UUID connectionId) {
        return jdbc.sql("SELECT action FROM audit_event WHERE subject_id = :id ORDER BY id")
                .param("id", connectionId).query(String.class).list();
    }
}
