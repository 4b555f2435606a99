package nl.koppel.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import nl.koppel.support.TestApi;
import nl.koppel.support.WebhookReceiver;
import org.junit.jupiter.api.Test;

/**
 * Naming another sync user is announced (issue 10, item 11): the new sync user is told in their language, in-app
 * and by e-mail, to make the link and where; the super users and the webhooks hear {@code niet verbonden} with
 * reason SYNC_USER_CHANGED; the new sync user's link announces {@code connection.reconnected}.
 */
class SyncUserChangeAnnouncedTest extends NotificationScenarios {

    @Test
    void theNewSyncUserIsToldToLinkTheOthersHearNietVerbondenAndTheRelinkIsAnnounced() {
        // the super user (nl) is the sync user; the accountant (en) becomes it
        Linked linked = linkedOffice(0, 0, false, "connection.disconnected", "connection.reconnected");
        User superUser = linked.office().superUser();
        User accountant = linked.office().accountant();
        User plainUser = linked.office().user();
        assertNoOfficeUserNotified(linked);

        TestApi.Reply changed = changeSyncUser(linked, superUser, accountant.id());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("statusReason").asText()).isEqualTo("SYNC_USER_CHANGED");

        // the new sync user, in English: make the link, and where
        JsonNode named = inboxOfType(accountant, "connection.disconnected").get(0);
        assertThat(named.path("title").asText()).isEqualTo("Make the link with Exact Online");
        assertThat(named.path("body").asText()).contains("Name of " + superUser.username() + " made you the sync user")
                .contains("Instellingen > Kantoor > Boekhoudsysteem").contains("\"Koppeling maken\"");
        // the super user, in Dutch: niet verbonden, why, and who must act
        JsonNode told = inboxOfType(superUser, "connection.disconnected").get(0);
        assertThat(told.path("title").asText()).isEqualTo("Exact Online is niet verbonden");
        assertThat(told.path("body").asText()).contains("Waarom: er is een andere synchronisatiegebruiker gekozen")
                .contains("Alleen de synchronisatiegebruiker, Name of " + accountant.username());
        assertThat(inbox(plainUser).path("items")).isEmpty();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(mailsTo(accountant)).hasSize(1);
            assertThat(mailsTo(superUser)).hasSize(1);
        });
        assertThat(subject(mailsTo(accountant).get(0))).isEqualTo("Make the link with Exact Online");
        assertThat(text(mailsTo(accountant).get(0))).contains("Koppeling maken");
        assertThat(subject(mailsTo(superUser).get(0))).isEqualTo("Exact Online is niet verbonden");
        assertThat(mailsTo(plainUser)).isEmpty();

        WebhookReceiver receiver = linked.receiver();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.ofType("connection.disconnected").size() == 1);
        JsonNode data = receiver.ofType("connection.disconnected").get(0).json().path("data");
        assertThat(data.path("status").asText()).isEqualTo("NOT_CONNECTED");
        assertThat(data.path("statusReason").asText()).isEqualTo("SYNC_USER_CHANGED");
        assertThat(data.path("syncUser").path("id").asText()).isEqualTo(accountant.id().toString());
        assertThat(receiver.ofType("connection.disconnected").get(0).signatureVerifies(linked.secret())).isTrue();

        // the new sync user links: login gelukt, announced once per recipient per channel
        TestApi.Reply relinked = link(linked.office(), linked.connectionId(), accountant);
        assertThat(relinked.status()).as(relinked.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(receiver.ofType("connection.reconnected")).hasSize(1);
            assertThat(mailsTo(accountant)).hasSize(2);
            assertThat(mailsTo(superUser)).hasSize(2);
        });
        assertThat(inboxOfType(superUser, "connection.reconnected")).singleElement()
                .satisfies(n -> assertThat(n.path("title").asText()).isEqualTo("Exact Online is weer verbonden"));
        assertThat(inboxOfType(accountant, "connection.reconnected")).hasSize(1);
        assertThat(receiver.ofType("connection.disconnected")).hasSize(1);
        assertThat(inbox(plainUser).path("items")).isEmpty();
    }

    @Test
    void beforeAFirstLinkOnlyTheNewSyncUserIsTold() {
        TestOffice office = tracked(provisionOffice());
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        assertThat(api.post(office.path() + "/webhooks", office.superUser().username(), PASSWORD,
                Map.of("url", receiver.url("/hooks"), "events", java.util.List.of("connection.disconnected")))
                .status()).isEqualTo(201);
        UUID connectionId = addExactOnline(office, office.superUser());
        TestApi.Reply changed = api.put(office.path() + "/accounting-systems/" + connectionId + "/sync-user",
                office.superUser().username(), PASSWORD, Map.of("userId", office.user().id().toString()));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("statusReason").asText()).isEqualTo("NEVER_LINKED");

        assertThat(inboxOfType(office.user(), "connection.disconnected")).singleElement().satisfies(n -> {
            assertThat(n.path("title").asText()).isEqualTo("Maak de koppeling met Exact Online");
            assertThat(n.path("body").asText()).contains("Instellingen > Kantoor > Boekhoudsysteem")
                    .contains("\"Koppeling maken\"");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(office.user()).size() == 1);
        assertThat(inbox(office.superUser()).path("items")).isEmpty();
        assertThat(inbox(office.accountant()).path("items")).isEmpty();
        assertThat(receiver.ofType("connection.disconnected")).isEmpty();
    }

    private TestApi.Reply changeSyncUser(Linked linked, User as, UUID userId) {
        return api.put(linked.path() + "/accounting-systems/" + linked.connectionId() + "/sync-user", as.username(),
                PASSWORD, Map.of("userId", userId.toString()));
    }
}
