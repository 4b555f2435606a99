package nl.koppel.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;
import nl.koppel.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

/**
 * The grant is revoked at Exact Online: one flip to niet verbonden, the sync user and the super users told in
 * their language on every channel, other users' work that needs the link refused with a 409 naming the sync user,
 * reading what was synced still possible; the link made again: login gelukt, one "restored" notification per
 * recipient per channel, and the catch-up from the saved cursors.
 */
class LinkBrokenAndRestoredTest extends NotificationScenarios {

    @Test
    void aRevokedGrantIsAnnouncedOnceOnEveryChannelAndTheRelinkRestoresAndCatchesUp() {
        Instant start = Instant.now();
        // the accountant (en) is the sync user; the super user (nl) is told too; the plain user is not
        Linked linked = linkedOffice(2, 30, true, "connection.disconnected", "connection.reconnected");
        awaitAllEqual(linked, start);
        User syncUser = linked.office().accountant();
        User superUser = linked.office().superUser();
        User plainUser = linked.office().user();
        int code = linked.divisions().get(0).code();
        UUID dossierId = dossierId(linked, code);
        assertNoOfficeUserNotified(linked);

        exact.revokeGrants(linked.office().exactUserName());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(status(linked))
                .isEqualTo("NOT_CONNECTED"));
        assertThat(connection(linked.office(), linked.connectionId(), plainUser).json().path("statusReason").asText())
                .isEqualTo("CREDENTIALS_REVOKED");

        // in-app, in each recipient's language: which system, since when, why, what to do
        JsonNode forSuperUser = await().atMost(Duration.ofSeconds(5)).until(
                () -> inboxOfType(superUser, "connection.disconnected"), l -> !l.isEmpty()).get(0);
        assertThat(forSuperUser.path("title").asText()).isEqualTo("Exact Online is niet verbonden");
        assertThat(forSuperUser.path("language").asText()).isEqualTo("nl");
        assertThat(forSuperUser.path("body").asText())
                .contains("is sinds ").contains("Europe/Amsterdam").contains("niet verbonden")
                .contains("Waarom: Exact Online accepteert de toegang van Koppel niet meer")
                .contains("Alleen de synchronisatiegebruiker, Name of " + syncUser.username())
                .contains("Instellingen > Kantoor > Boekhoudsysteem");
        JsonNode forSyncUser = inboxOfType(syncUser, "connection.disconnected").get(0);
        assertThat(forSyncUser.path("title").asText()).isEqualTo("Exact Online is disconnected");
        assertThat(forSyncUser.path("body").asText()).contains("has been disconnected since")
                .contains("Why: Exact Online no longer accepts Koppel's access")
                .contains("You are the sync user").contains("Instellingen > Kantoor > Boekhoudsysteem")
                .contains("\"Koppeling maken\"");
        assertThat(inbox(superUser).path("unread").asInt()).isEqualTo(1);
        assertThat(inbox(plainUser).path("items")).isEmpty();

        // e-mail, really delivered to the SMTP server, in the recipient's language
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(mailsTo(superUser)).hasSize(1);
            assertThat(mailsTo(syncUser)).hasSize(1);
        });
        MimeMessage dutch = mailsTo(superUser).get(0);
        assertThat(subject(dutch)).isEqualTo("Exact Online is niet verbonden");
        assertThat(text(dutch)).contains("Waarom:").contains("Vraag Name of " + syncUser.username());
        MimeMessage english = mailsTo(syncUser).get(0);
        assertThat(subject(english)).isEqualTo("Exact Online is disconnected");
        assertThat(text(english)).contains("What to do: You are the sync user");
        assertThat(mailsTo(plainUser)).isEmpty();

        // the webhook, signed
        WebhookReceiver receiver = linked.receiver();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.ofType("connection.disconnected").size() == 1);
        WebhookReceiver.Received hook = receiver.ofType("connection.disconnected").get(0);
        assertThat(hook.signatureVerifies(linked.secret())).isTrue();
        assertThat(hook.header("webhook-id")).startsWith("msg_");
        assertThat(hook.json().path("data").path("statusReason").asText()).isEqualTo("CREDENTIALS_REVOKED");
        assertThat(hook.json().path("data").path("syncUser").path("id").asText()).isEqualTo(syncUser.id().toString());

        // other users' work that needs the link: 409 naming the sync user; reading what was synced still works
        String system = linked.path() + "/accounting-systems/" + linked.connectionId();
        List<TestApi.Reply> refused = List.of(
                api.get(system + "/connectable-dossiers", superUser.username(), PASSWORD),
                api.post(system + "/dossiers", superUser.username(), PASSWORD, Map.of("externalIds", List.of("1"))),
                api.post(linked.path() + "/dossiers/" + dossierId + "/sync", superUser.username(), PASSWORD, ""));
        assertThat(refused).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
            assertThat(reply.code()).isEqualTo("accounting_system_not_connected");
            assertThat(reply.json().path("message").asText()).contains("Name of " + syncUser.username());
        });
        assertThat(api.get(linked.path() + "/dossiers", plainUser.username(), PASSWORD).status()).isEqualTo(200);
        TestApi.Reply relations = api.get(linked.path() + "/dossiers/" + dossierId + "/master-data/relations",
                plainUser.username(), PASSWORD);
        assertThat(relations.status()).isEqualTo(200);
        assertThat(relations.json().path("_metadata").path("total").asLong())
                .isEqualTo(exact.recordCount(code, Kind.ACCOUNTS));
        assertThat(api.get(linked.path() + "/dossiers/" + dossierId + "/sync-status", plainUser.username(),
                PASSWORD).status()).isEqualTo(200);

        // a change at Exact while niet verbonden; the cursors saved so far
        exact.updateRecord(code, Kind.ACCOUNTS, exact.records(code, Kind.ACCOUNTS).get(0).id(),
                Map.of("Name", "Gewijzigd tijdens de storing B.V."));
        String cursorBefore = (String) syncState(dossierId, "RELATIONS").get("cursor");
        assertThat(cursorBefore).isNotBlank();

        // the sync user makes the link again
        Instant relinked = Instant.now();
        TestApi.Reply again = link(linked.office(), linked.connectionId(), syncUser);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("statusLabel").asText()).isEqualTo("Login success");
        assertThat(connection(linked.office(), linked.connectionId(), superUser).json().path("statusLabel").asText())
                .isEqualTo("login gelukt");

        // the catch-up: from the saved cursor (only the change is read), not a full resync
        awaitSynced(dossierId, relinked);
        MasterDataComparison.assertEqual(jdbc, exact, dossierId, code);
        Map<String, Object> relationsState = syncState(dossierId, "RELATIONS");
        assertThat(((Number) relationsState.get("last_updated")).intValue()).isEqualTo(1);
        assertThat(((Number) relationsState.get("last_inserted")).intValue()).isZero();
        awaitAllEqual(linked, relinked);

        // one "restored" per recipient per channel
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(mailsTo(superUser)).hasSize(2);
            assertThat(mailsTo(syncUser)).hasSize(2);
            assertThat(receiver.ofType("connection.reconnected")).hasSize(1);
        });
        assertThat(inboxOfType(superUser, "connection.reconnected")).singleElement()
                .satisfies(n -> assertThat(n.path("title").asText()).isEqualTo("Exact Online is weer verbonden"));
        assertThat(inboxOfType(syncUser, "connection.reconnected")).singleElement()
                .satisfies(n -> assertThat(n.path("title").asText()).isEqualTo("Exact Online is connected again"));
        assertThat(subject(mailsTo(superUser).get(1))).isEqualTo("Exact Online is weer verbonden");
        assertThat(receiver.ofType("connection.reconnected").get(0).signatureVerifies(linked.secret())).isTrue();
        assertThat(inbox(plainUser).path("items")).isEmpty();

        // the inbox: newest first, unread count, mark one read, then all
        JsonNode inbox = inbox(superUser);
        assertThat(inbox.path("unread").asInt()).isEqualTo(2);
        assertThat(inbox.path("_metadata").path("total").asInt()).isEqualTo(2);
        assertThat(inbox.path("items").get(0).path("type").asText()).isEqualTo("connection.reconnected");
        assertThat(inbox.path("items").get(1).path("type").asText()).isEqualTo("connection.disconnected");
        String newest = inbox.path("items").get(0).path("id").asText();
        // nobody else can mark it
        assertThat(api.post("/api/v1/me/notifications/" + newest + "/read", syncUser.username(), PASSWORD, "")
                .status()).isEqualTo(404);
        TestApi.Reply read = api.post("/api/v1/me/notifications/" + newest + "/read", superUser.username(), PASSWORD,
                "");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("readAt").asText()).isNotBlank();
        assertThat(inbox(superUser).path("unread").asInt()).isEqualTo(1);
        TestApi.Reply all = api.post("/api/v1/me/notifications/read-all", superUser.username(), PASSWORD, "");
        assertThat(all.json().path("marked").asInt()).isEqualTo(1);
        assertThat(inbox(superUser).path("unread").asInt()).isZero();

        // exactly one flip and one restore in the audit trail
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE subject_id = :id AND action IN"
                        + " ('connection.disconnected', 'connection.linked') ORDER BY id")
                .param("id", linked.connectionId()).query(String.class).list())
                .containsExactly("connection.linked", "connection.disconnected", "connection.linked");
    }
}
