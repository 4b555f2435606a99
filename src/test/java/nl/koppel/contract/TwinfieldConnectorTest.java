package nl.koppel.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is particular to Twinfield, beyond the contract: clusters, one refresh token per user, SOAP fault codes. */
class TwinfieldConnectorTest extends ConnectorTestSupport {

    private final TwinfieldSimulator twinfield = TestSimulators.twinfield();
    private final TwinfieldUnderTest system = new TwinfieldUnderTest(twinfield);

    @AfterEach
    void restore() {
        twinfield.accessTokenLifetime(Duration.ofHours(1));
        twinfield.faults().clear();
    }

    @Test
    void anOrganisationMovedToAnotherClusterIsFollowed() {
        Instant start = Instant.now();
        Linked linked = link(system, 1, 30);
        String office = linked.account().dossiers().get(0);
        UUID dossierId = awaitDossier(linked, office);
        awaitSynced(system, dossierId, start);
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

    private String check(Linked linked) {
        TestApi.Reply reply = api.post(linked.connectionPath() + "/check", linked.office().user().username(),
                PASSWORD, "");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("result").asText();
    }
}
