package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.ConnectionKeyPage;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What is particular to SnelStart, the system linked by connection key: each key adds its administration; a revoked
 * key fails only its dossier (found by the sync itself), with words the office can act on, until a new key is entered;
 * with no working key left the connection is niet verbonden; a refused key stores nothing and too many end the
 * attempt; and no key, token or subscription key ever reaches a log, an API reply or a screen.
 */
class SnelStartConnectorTest extends ConnectorTestSupport {

    private final SnelStartSimulator snelstart = TestSimulators.snelstart();
    private final SnelStartUnderTest system = new SnelStartUnderTest(snelstart);

    @AfterEach
    void clear() {
        snelstart.faults().clear();
    }

    @Test
    void twoKeysTwoDossiersTheSyncFindsARevokedKeyOnlyThatDossierFailsAndANewKeyResumesIt() {
        Instant start = Instant.now();
        Linked linked = link(system, 2, 30);
        String first = linked.account().dossiers().get(0);
        String second = linked.account().dossiers().get(1);
        UUID firstId = awaitDossier(linked, first);
        UUID secondId = awaitDossier(linked, second);
        awaitSynced(system, firstId, start);
        awaitSynced(system, secondId, start);
        assertEqual(system, firstId, first);
        assertEqual(system, secondId, second);

        // the sync (not a check) meets the revoked key: that dossier only, with the reason, once
        system.breakLink(linked.account());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(dossierStatus(linked, secondId)).isEqualTo("INACCESSIBLE"));
        JsonNode dossier = api.get(linked.office().path() + "/dossiers/" + secondId,
                linked.office().user().username(), PASSWORD).json();
        assertThat(dossier.path("statusReason").asText()).isEqualTo("CONNECTION_KEY_REJECTED");
        assertThat(dossierStatus(linked, firstId)).isEqualTo("ACTIVE");
        assertThat(connection(linked.office(), linked.connectionId(), linked.office().user()).json()
                .path("status").asText()).isEqualTo("CONNECTED");

        // the screens say what to do; the sync user was told in-app
        TestApi.Reply page = api.page("/dossiers/" + secondId, linked.office().user().username(), PASSWORD);
        assertThat(page.body()).contains("De koppelsleutel van deze administratie werkt niet meer: voer een nieuwe"
                + " koppelsleutel in").contains("Koppeling maken");
        assertThat(jdbc.sql("SELECT title FROM notification WHERE connection_id = :c AND user_id = :u")
                .param("c", linked.connectionId()).param("u", linked.office().superUser().id())
                .query(String.class).list()).singleElement().satisfies(title ->
                assertThat(title).startsWith("De koppelsleutel van Administratie ").endsWith("-2 werkt niet meer"));

        // nothing calls SnelStart for it any more
        int tokenRequests = snelstart.tokenRequests();
        await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(snelstart.tokenRequests()).as("no token asked with the revoked key").isEqualTo(tokenRequests);

        // a new key for that administration: ACTIVE again, synced from where it stopped
        String newKey = system.newKey(linked.account(), second);
        openStart(api.post(linked.connectionPath() + "/link", linked.office().superUser().username(), PASSWORD, ""),
                linked.office().superUser());
        ConnectionKeyPage.Outcome entered = enterConnectionKey(linked.office().superUser(), newKey);
        assertThat(entered.banner()).contains("gekoppeld met de nieuwe koppelsleutel");
        assertThat(entered.html()).doesNotContain("werkt niet meer");
        Instant resumed = Instant.now();
        awaitSynced(system, secondId, resumed);
        assertEqual(system, secondId, second);
    }

    @Test
    void withNoWorkingKeyLeftTheConnectionIsNietVerbondenAndANewKeyLinksItAgain() {
        Linked linked = link(system, 1, 5);
        String only = linked.account().dossiers().get(0);
        UUID dossierId = awaitDossier(linked, only);

        system.breakLink(linked.account());
        TestApi.Reply check = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("NOT_CONNECTED");
        JsonNode connection = connection(linked.office(), linked.connectionId(), linked.office().user()).json();
        assertThat(connection.path("statusReason").asText()).isEqualTo("CONNECTION_KEYS_REJECTED");
        assertThat(dossierStatus(linked, dossierId)).isEqualTo("INACCESSIBLE");

        String newKey = system.newKey(linked.account(), only);
        openStart(api.post(linked.connectionPath() + "/link", linked.office().superUser().username(), PASSWORD, ""),
                linked.office().superUser());
        enterConnectionKey(linked.office().superUser(), newKey);
        connection = connection(linked.office(), linked.connectionId(), linked.office().user()).json();
        assertThat(connection.path("status").asText()).isEqualTo("CONNECTED");
        assertThat(dossierStatus(linked, dossierId)).isEqualTo("ACTIVE");
    }

    /**
     * A key that now reaches another administration than the one it was entered for (here: the stored key of the
     * first administration replaced by the second's, encrypted as Koppel would) fails the first's dossier only.
     */
    @Test
    void aKeyThatNowReachesAnotherAdministrationFailsItsDossier() {
        Linked linked = link(system, 2, 3);
        String first = linked.account().dossiers().get(0);
        String second = linked.account().dossiers().get(1);
        UUID firstId = awaitDossier(linked, first);
        String secondKey = system.connectionKeys(linked.account()).get(1);
        jdbc.sql("UPDATE connection_key SET key_enc = :key, access_token_enc = NULL WHERE connection_id = :c"
                        + " AND external_id = :e")
                .param("key", cipher.encrypt(secondKey, linked.connectionId(), first))
                .param("c", linked.connectionId()).param("e", first).update();

        TestApi.Reply check = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(check.json().path("result").asText()).as(check.toString()).isEqualTo("OK");
        JsonNode dossier = api.get(linked.office().path() + "/dossiers/" + firstId,
                linked.office().user().username(), PASSWORD).json();
        assertThat(dossier.path("status").asText()).isEqualTo("INACCESSIBLE");
        assertThat(dossier.path("statusReason").asText()).isEqualTo("CONNECTION_KEY_OTHER_ADMINISTRATION");
        assertThat(dossierStatus(linked, awaitDossier(linked, second))).isEqualTo("ACTIVE");
        assertThat(api.page("/dossiers/" + firstId, linked.office().user().username(), PASSWORD).body())
                .contains("geeft nu toegang tot een andere administratie");
    }

    @org.springframework.beans.factory.annotation.Autowired
    private nl.koppel.credentials.TokenCipher cipher;

    @Test
    void aRefusedKeyStoresNothingAndTooManyEndTheAttempt() {
        TestOffice office = provisionOffice();
        TestApi.Reply added = api.post(office.path() + "/accounting-systems", office.superUser().username(), PASSWORD,
                java.util.Map.of("type", "snelstart", "syncUserId", office.superUser().id().toString()));
        UUID connectionId = UUID.fromString(added.json().path("id").asText());
        openStart(api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                office.superUser().username(), PASSWORD, ""), office.superUser());

        ConnectionKeyPage.Outcome refused = enterConnectionKey(office.superUser(), "bm90LWEta2V5Om5vcGU=");
        assertThat(refused.error()).contains("accepteert deze koppelsleutel niet");
        assertThat(refused.banner()).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM connection_key WHERE connection_id = :c").param("c", connectionId)
                .query(Long.class).single()).isZero();
        assertThat(connection(office, connectionId, office.user()).json().path("status").asText())
                .isEqualTo("NOT_CONNECTED");
        for (int i = 2; i <= 4; i++) {
            assertThat(enterConnectionKey(office.superUser(), "wrong-" + i).error()).isNotNull();
        }
        // the fifth refusal uses the attempt up: the page is gone until "Koppeling maken" is started again
        TestApi.Reply pageBefore = api.page(ConnectionKeyPage.PATH, office.superUser().username(), PASSWORD);
        assertThat(pageBefore.status()).isEqualTo(200);
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(pageBefore.body());
        assertThat(csrf.find()).isTrue();
        api.form(ConnectionKeyPage.PATH, office.superUser().username(), PASSWORD,
                java.util.Map.of("_csrf", csrf.group(1), "koppelsleutel", "wrong-5"));
        assertThat(api.page(ConnectionKeyPage.PATH, office.superUser().username(), PASSWORD).status())
                .isEqualTo(400);
        // another user of the office cannot use the sync user's page, and a form without CSRF is refused
        assertThat(api.form(ConnectionKeyPage.PATH, office.superUser().username(), PASSWORD,
                java.util.Map.of("koppelsleutel", "x")).status()).isEqualTo(403);
    }

    @Test
    void noKeyTokenOrSubscriptionKeyReachesALogAnApiReplyOrAScreen() {
        List<String> seen = new ArrayList<>();
        try (CapturedLog log = CapturedLog.attach("nl.koppel", "org.apache.camel")) {
            Instant start = Instant.now();
            Linked linked = link(system, 2, 5);
            UUID first = awaitDossier(linked, linked.account().dossiers().get(0));
            UUID second = awaitDossier(linked, linked.account().dossiers().get(1));
            awaitSynced(system, first, start);
            snelstart.expireTokens(linked.account().dossiers().get(0)); // fetched again with the key
            seen.add(api.post(linked.connectionPath() + "/check", linked.office().user().username(), PASSWORD, "")
                    .body());
            system.breakLink(linked.account());
            seen.add(api.post(linked.connectionPath() + "/check", linked.office().user().username(), PASSWORD, "")
                    .body());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(dossierStatus(linked, second)).isEqualTo("INACCESSIBLE"));
            seen.add(connection(linked.office(), linked.connectionId(), linked.office().user()).body());
            seen.add(api.get(linked.office().path() + "/dossiers", linked.office().user().username(), PASSWORD)
                    .body());
            seen.add(api.page("/instellingen/kantoor/boekhoudsysteem", linked.office().superUser().username(),
                    PASSWORD).body());
            seen.add(api.page("/dossiers/" + second, linked.office().superUser().username(), PASSWORD).body());
            seen.add(api.page("/meldingen", linked.office().superUser().username(), PASSWORD).body());
            openStart(api.post(linked.connectionPath() + "/link", linked.office().superUser().username(), PASSWORD,
                    ""), linked.office().superUser());
            seen.add(enterConnectionKey(linked.office().superUser(), "an-unknown-key").html());
            seen.add(jdbc.sql("SELECT string_agg(details::text, ' ') FROM audit_event WHERE subject_id = :c")
                    .param("c", linked.connectionId()).query(String.class).single());

            List<String> secrets = snelstart.issuedSecrets();
            assertThat(secrets).hasSizeGreaterThan(4);
            assertThat(log.text()).contains("Fetched a token with the connection key");
            for (String secret : secrets) {
                assertThat(log.text()).as("the log").doesNotContain(secret);
                assertThat(seen).as("API replies, screens, audit").noneMatch(s -> s != null && s.contains(secret));
            }
            // at rest only ciphertext
            for (byte[] stored : jdbc.sql("SELECT key_enc FROM connection_key WHERE connection_id = :c")
                    .param("c", linked.connectionId()).query(byte[].class).list()) {
                String raw = new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1);
                secrets.forEach(secret -> assertThat(raw).doesNotContain(secret));
            }
        }
    }
}
