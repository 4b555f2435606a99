package nl.koppel.notifications;

import nl.koppel.support.TestSimulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.TestApi;
import nl.koppel.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;

/**
 * Scenarios of a linked office whose dossiers synced, with a webhook receiver, an SMTP server (GreenMail) and the
 * inboxes of its users: the super user (nl), the accountant (en) and a plain user (nl).
 */
abstract class NotificationScenarios extends KoppelIntegrationTest {


    protected final List<WebhookReceiver> receivers = new ArrayList<>();
    private final List<UUID> offices = new ArrayList<>();

    @AfterEach
    void clearSimulatorAndReceivers() {
        exact.faults().clear();
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
        receivers.forEach(WebhookReceiver::close);
        receivers.clear();
        // Park this test's offices: the whole JVM shares one context and four sync slots, and offices left linked
        // would keep syncing every few seconds, taking capacity from the tests that follow. Test cleanup only:
        // straight in the database, so it announces nothing.
        for (UUID office : offices) {
            jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED',"
                    + " status_reason = 'SYNC_USER_CHANGED', status_changed_at = now() WHERE office_id = :o")
                    .param("o", office).update();
        }
        offices.clear();
    }

    /** An office of this test, parked after it (see above). */
    protected TestOffice tracked(TestOffice office) {
        offices.add(office.id());
        return office;
    }

    /** A linked office; its webhook (if events are given) was registered before the link. */
    record Linked(TestOffice office, UUID connectionId, User syncUser, List<SimulatedDivision> divisions,
                  WebhookReceiver receiver, String secret) {
        String path() {
            return office.path();
        }

        /** Everyone in the office: super user, accountant, plain user. */
        List<User> everyone() {
            return List.of(office.superUser(), office.accountant(), office.user());
        }
    }

    protected Linked linkedOffice(int divisions, int relations, boolean accountantIsSyncUser, String... events) {
        TestOffice office = tracked(provisionOffice());
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + office.exactUserName()));
        exact.grantDivision(office.exactUserName(), own);
        List<SimulatedDivision> generated = divisions == 0 ? List.of()
                : TestSimulators.generate(seed -> GenerationPlan.of(seed, office.exactUserName(), divisions, relations)
                        .withCounts(6, 3, 2, 3, 2));
        WebhookReceiver receiver = null;
        String secret = null;
        if (events.length > 0) {
            receiver = WebhookReceiver.start();
            receivers.add(receiver);
            TestApi.Reply created = api.post(office.path() + "/webhooks", office.superUser().username(), PASSWORD,
                    Map.of("url", receiver.url("/hooks/koppel?tenant=" + office.id()), "events", List.of(events)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            secret = created.json().path("secret").asText();
        }
        User syncUser = accountantIsSyncUser ? office.accountant() : office.superUser();
        UUID connectionId = addExactOnline(office, syncUser);
        TestApi.Reply linked = link(office, connectionId, syncUser);
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        return new Linked(office, connectionId, syncUser, generated, receiver, secret);
    }

    protected JsonNode dossiers(Linked linked) {
        return api.get(linked.path() + "/dossiers", linked.office().user().username(), PASSWORD).json();
    }

    protected UUID dossierId(Linked linked, int division) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode dossier : dossiers(linked)) {
                if (dossier.path("externalId").asText().equals(Integer.toString(division))) {
                    return UUID.fromString(dossier.path("id").asText());
                }
            }
            return null;
        }, Objects::nonNull);
    }

    /** Every generated division's dossier synced after {@code after} and equals the simulator's master data. */
    protected void awaitAllEqual(Linked linked, Instant after) {
        for (SimulatedDivision division : linked.divisions()) {
            UUID dossierId = dossierId(linked, division.code());
            awaitSynced(dossierId, after);
            MasterDataComparison.assertEqual(jdbc, exact, dossierId, division.code());
        }
    }

    protected Map<String, Object> syncState(UUID dossierId, String kind) {
        return jdbc.sql("SELECT * FROM sync_state WHERE dossier_id = :d AND kind = :k").param("d", dossierId)
                .param("k", kind).query().singleRow();
    }

    protected String status(Linked linked) {
        return connection(linked.office(), linked.connectionId(), linked.office().user()).json().path("status")
                .asText();
    }

    protected JsonNode inbox(User user) {
        TestApi.Reply reply = api.get("/api/v1/me/notifications", user.username(), PASSWORD);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    protected List<JsonNode> inboxOfType(User user, String type) {
        List<JsonNode> items = new ArrayList<>();
        inbox(user).path("items").forEach(item -> {
            if (type.equals(item.path("type").asText())) {
                items.add(item);
            }
        });
        return items;
    }

    /** The e-mails GreenMail accepted for this user. */
    protected static List<MimeMessage> mailsTo(User user) {
        String address = user.username() + "@kantoor.example";
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                Address[] to = m.getAllRecipients();
                return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(address));
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    protected static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    protected static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (MessagingException | IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Nothing reached an office user: no in-app notification, no e-mail, no connection event at the webhook. */
    protected void assertNoOfficeUserNotified(Linked linked) {
        for (User user : linked.everyone()) {
            assertThat(inbox(user).path("items")).as("inbox of " + user.username()).isEmpty();
            assertThat(mailsTo(user)).as("e-mails to " + user.username()).isEmpty();
        }
        if (linked.receiver() != null) {
            assertThat(linked.receiver().ofType("connection.disconnected")).isEmpty();
            assertThat(linked.receiver().ofType("connection.reconnected")).isEmpty();
        }
    }
}
