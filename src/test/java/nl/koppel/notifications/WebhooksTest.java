package nl.koppel.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.TestApi;
import nl.koppel.support.WebhookReceiver;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Webhooks per office: registered by a super user or accountant with a secret shown once, signed the Standard
 * Webhooks way, retried with the same webhook-id after the receiver failed or timed out, given up into the dead
 * letter after the last retry, and never sent twice across a restart mid-delivery.
 */
class WebhooksTest extends NotificationScenarios {

    private static final String TICK = "notification-delivery-tick";

    @Autowired
    private CamelContext camel;

    @Test
    void onlyManagersRegisterHttpWebhooksAndTheSecretIsShownOnce() {
        TestOffice office = tracked(provisionOffice());
        TestOffice other = provisionOffice();
        String hooks = office.path() + "/webhooks";
        Map<String, Object> valid = Map.of("url", "https://hooks.example.com/koppel", "events",
                List.of("connection.disconnected", "dossier.added"));

        assertThat(api.post(hooks, office.user().username(), PASSWORD, valid).status()).isEqualTo(403);
        assertThat(api.get(hooks, office.user().username(), PASSWORD).status()).isEqualTo(403);
        assertThat(api.post(hooks, other.superUser().username(), PASSWORD, valid).status()).isEqualTo(404);
        for (String url : List.of("ftp://hooks.example.com/x", "javascript:alert(1)", "file:///etc/passwd",
                "https:///no-host", "https://user:pw@hooks.example.com/x", "hooks.example.com/x")) {
            TestApi.Reply refused = api.post(hooks, office.superUser().username(), PASSWORD,
                    Map.of("url", url, "events", List.of("dossier.added")));
            assertThat(refused.status()).as(url + " -> " + refused).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("webhook_url_invalid");
        }
        TestApi.Reply unknownEvent = api.post(hooks, office.superUser().username(), PASSWORD,
                Map.of("url", "https://hooks.example.com/koppel", "events", List.of("connection.exploded")));
        assertThat(unknownEvent.status()).isEqualTo(422);
        assertThat(unknownEvent.code()).isEqualTo("webhook_events_invalid");

        TestApi.Reply created = api.post(hooks, office.accountant().username(), PASSWORD, valid);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().path("secret").asText();
        assertThat(secret).startsWith("whsec_");
        String id = created.json().path("id").asText();

        TestApi.Reply list = api.get(hooks, office.superUser().username(), PASSWORD);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("secret");
        assertThat(api.get(hooks + "/" + id, office.superUser().username(), PASSWORD).body()).doesNotContain(secret);
        // stored encrypted, not as text
        byte[] stored = jdbc.sql("SELECT secret_enc FROM webhook WHERE id = :id").param("id", UUID.fromString(id))
                .query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));

        assertThat(api.get(other.path() + "/webhooks/" + id, other.superUser().username(), PASSWORD).status())
                .isEqualTo(404);
        assertThat(api.delete(hooks + "/" + id, office.superUser().username(), PASSWORD).status()).isEqualTo(204);
        assertThat(api.get(hooks, office.superUser().username(), PASSWORD).json()).isEmpty();
    }

    @Test
    void deliveriesAreSignedRetriedWithTheSameIdAndGivenUpAfterTheLastRetry() {
        try (CapturedLog log = CapturedLog.attach("nl.koppel", "org.apache.camel")) {
            String secret = signedRetriedAndGivenUp();
            // the secret never reaches a log line, not even at DEBUG
            assertThat(log.text()).contains("Delivered WEBHOOK dossier.added").doesNotContain(secret)
                    .doesNotContain(secret.substring("whsec_".length()));
        }
    }

    private String signedRetriedAndGivenUp() {
        // the receiver times out once (1.5 s in the test profile), then answers 500, then accepts
        WebhookReceiver flaky = WebhookReceiver.start();
        receivers.add(flaky);
        flaky.thenAnswerAfter(Duration.ofMillis(2500)).thenAnswer(500);
        // another receiver of the same office is down for good
        WebhookReceiver down = WebhookReceiver.start();
        receivers.add(down);
        down.alwaysAnswer(503);

        TestOffice office = tracked(provisionOffice());
        String secret = register(office, flaky, "dossier.added");
        String downId = api.post(office.path() + "/webhooks", office.superUser().username(), PASSWORD,
                Map.of("url", down.url("/down"), "events", List.of("dossier.added"))).json().path("id").asText();
        UUID connectionId = addExactOnline(office, office.superUser());
        grantOwnDivision(office);
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);

        // discovery adds the user's own division: dossier.added
        await().atMost(Duration.ofSeconds(20)).until(() -> flaky.received().size() == 3);
        List<WebhookReceiver.Received> attempts = flaky.received();
        assertThat(attempts).extracting(WebhookReceiver.Received::answeredWith).containsExactly(204, 500, 204);
        assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(attempts.get(0).header("webhook-id"));
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo("dossier.added");
            assertThat(r.signatureVerifies(secret)).as("signature").isTrue();
            assertThat(r.header("content-type")).startsWith("application/json");
            assertThat(Math.abs(Long.parseLong(r.header("webhook-timestamp")) - r.at().getEpochSecond())).isLessThan(5);
        });
        JsonNode data = attempts.get(0).json().path("data");
        assertThat(data.path("officeId").asText()).isEqualTo(office.id().toString());
        assertThat(data.path("dossier").path("externalId").asText()).isNotBlank();

        // the delivery log: the timeout, the 500, the success
        String flakyId = webhookIds(office).get(0);
        JsonNode log = await().atMost(Duration.ofSeconds(5)).until(() -> deliveries(office, flakyId),
                d -> "SENT".equals(d.path("items").path(0).path("status").asText()));
        JsonNode delivery = log.path("items").get(0);
        assertThat(delivery.path("webhookId").asText()).isEqualTo(attempts.get(0).header("webhook-id"));
        assertThat(delivery.path("event").asText()).isEqualTo("dossier.added");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("log")).hasSize(3);
        assertThat(delivery.path("log").get(0).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(delivery.path("log").get(0).path("error").asText()).contains("did not answer in time");
        assertThat(delivery.path("log").get(1).path("httpStatus").asInt()).isEqualTo(500);
        assertThat(delivery.path("log").get(2).path("outcome").asText()).isEqualTo("SENT");
        assertThat(log.toString()).doesNotContain(flaky.url(""));

        // the receiver that is down: 1 + 3 retries (retry-delays 1s,1s,1s in the test profile), then the dead letter
        JsonNode dead = await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(office, downId),
                d -> "DEAD".equals(d.path("items").path(0).path("status").asText())).path("items").get(0);
        assertThat(dead.path("attempts").asInt()).isEqualTo(4);
        assertThat(dead.path("log")).extracting(a -> a.path("outcome").asText())
                .containsExactly("FAILED", "FAILED", "FAILED", "GAVE_UP");
        assertThat(dead.path("lastError").asText()).contains("503");
        assertThat(down.received()).hasSize(4);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE office_id = :o AND action ="
                + " 'notification.dead_letter'").param("o", office.id()).query(Long.class).single()).isOne();
        return secret;
    }

    @Test
    void aDeliveryClaimedByAnInstanceThatDiedIsSentOnceWithTheSameIdAndNeverAgain() throws Exception {
        WebhookReceiver receiver = WebhookReceiver.start();
        receivers.add(receiver);
        TestOffice office = tracked(provisionOffice());
        String secret = register(office, receiver, "dossier.added");
        UUID connectionId = addExactOnline(office, office.superUser());
        grantOwnDivision(office);

        camel.getRouteController().stopRoute(TICK);
        UUID outboxId;
        try {
            assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
            outboxId = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT id FROM outbox WHERE"
                    + " office_id = :o").param("o", office.id()).query(UUID.class).optional().orElse(null),
                    java.util.Objects::nonNull);
            // another instance claimed it and died before it sent (or before it finished): its lease runs out soon
            jdbc.sql("UPDATE outbox SET lease_owner = 'crashed-instance', lease_expires_at = now() + interval"
                    + " '2 seconds', attempts = 1 WHERE id = :id").param("id", outboxId).update();
        } finally {
            camel.getRouteController().startRoute(TICK);
        }
        // not before the lease ends
        Thread.sleep(1000);
        assertThat(receiver.received()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);

        // the route stops and starts again (a restart): nothing is sent twice
        camel.getRouteController().stopRoute(TICK);
        camel.getRouteController().startRoute(TICK);
        Thread.sleep(2500);
        assertThat(receiver.received()).hasSize(1);
        WebhookReceiver.Received once = receiver.received().get(0);
        assertThat(once.header("webhook-id")).isEqualTo("msg_" + outboxId.toString().replace("-", ""));
        assertThat(once.signatureVerifies(secret)).isTrue();
        assertThat(jdbc.sql("SELECT status || ' ' || attempts FROM outbox WHERE id = :id").param("id", outboxId)
                .query(String.class).single()).isEqualTo("SENT 2");
    }

    private String register(TestOffice office, WebhookReceiver receiver, String... events) {
        TestApi.Reply created = api.post(office.path() + "/webhooks", office.superUser().username(), PASSWORD,
                Map.of("url", receiver.url("/koppel/events"), "events", List.of(events)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("secret").asText();
    }

    private void grantOwnDivision(TestOffice office) {
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(nl.koppel.simulator.exactonline.SimulatedDivision.of(own, "Eigen administratie"));
        exact.grantDivision(office.exactUserName(), own);
    }

    private List<String> webhookIds(TestOffice office) {
        return api.get(office.path() + "/webhooks", office.superUser().username(), PASSWORD).json()
                .findValuesAsText("id");
    }

    private JsonNode deliveries(TestOffice office, String webhookId) {
        TestApi.Reply reply = api.get(office.path() + "/webhooks/" + webhookId + "/deliveries",
                office.superUser().username(), PASSWORD);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }
}
