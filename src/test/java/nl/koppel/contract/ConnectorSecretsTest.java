package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.CapturedLog;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * As SecretsStayOutOfLogsTest does for Exact Online: a Moneybird and a Twinfield link, refreshes, a sync and failing
 * checks, captured from every logger (Koppel's and Camel's at DEBUG): no code, token or client secret of either
 * simulator reaches the log or an API reply. Twinfield's token validation carries the token in its URL.
 */
class ConnectorSecretsTest extends ConnectorTestSupport {

    private final MoneybirdSimulator moneybird = TestSimulators.moneybird();
    private final TwinfieldSimulator twinfield = TestSimulators.twinfield();

    @AfterEach
    void restore() {
        moneybird.accessTokenLifetime(null);
        twinfield.accessTokenLifetime(Duration.ofHours(1));
        moneybird.faults().clear();
        twinfield.faults().clear();
    }

    @Test
    void noSecretOfMoneybirdOrTwinfieldReachesTheLogOrTheApi() {
        List<String> replies = new ArrayList<>();
        try (CapturedLog log = CapturedLog.attach("nl.koppel", "org.apache.camel")) {
            moneybird.accessTokenLifetime(Duration.ofSeconds(2));
            twinfield.accessTokenLifetime(Duration.ofSeconds(2));
            for (ConnectorUnderTest system : List.of(new MoneybirdUnderTest(moneybird), new TwinfieldUnderTest(twinfield))) {
                Instant start = Instant.now();
                Linked linked = link(system, 1, 5);
                UUID dossierId = awaitDossier(linked, linked.account().dossiers().get(0));
                awaitSynced(system, dossierId, start);
                // past the access token's life: refreshed, and validated again (Twinfield)
                await().pollDelay(Duration.ofMillis(2200)).atMost(Duration.ofSeconds(5)).until(() -> true);
                replies.add(check(linked));
                system.whoamiServerErrors();
                replies.add(check(linked));
                system.clearFaults();
                if (system instanceof MoneybirdUnderTest) {
                    moneybird.faults().garbageNext("/api/v2/administrations.json", SimFaults.EVERY_CALL);
                } else {
                    twinfield.faults().garbageNext("/clusters/", 1);
                }
                replies.add(check(linked));
                system.clearFaults();
                system.breakLink(linked.account());
                replies.add(check(linked));
                replies.add(connection(linked.office(), linked.connectionId(), linked.office().user()).body());
            }
            assertThat(log.text()).contains("Refreshed the access token");
            List<String> secrets = new ArrayList<>();
            secrets.addAll(moneybird.issuedSecrets());
            secrets.addAll(twinfield.issuedSecrets());
            assertThat(secrets).hasSizeGreaterThan(6);
            secrets.add(TestSimulators.MONEYBIRD_CLIENT_SECRET);
            secrets.add(TestSimulators.TWINFIELD_CLIENT_SECRET);
            secrets.add(java.util.Base64.getEncoder().encodeToString((TestSimulators.TWINFIELD_CLIENT_ID + ":"
                    + TestSimulators.TWINFIELD_CLIENT_SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            String logText = log.text();
            for (String secret : secrets) {
                assertThat(logText).as("the log").doesNotContain(secret);
                assertThat(replies).as("API replies").noneMatch(body -> body != null && body.contains(secret));
            }
        }
    }

    private String check(Linked linked) {
        TestApi.Reply reply = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        return reply.body();
    }
}
