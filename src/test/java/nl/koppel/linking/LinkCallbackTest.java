package nl.koppel.linking;

import static nl.koppel.support.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import nl.koppel.support.DatabaseSnapshot;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The OAuth callback refuses a missing, unknown, expired or reused state, a reused code and a refused login,
 * each with its own 400, and changes nothing: the connection stays linked with the same credentials and no
 * audit line is added. One office, linked once, serves every test here (link state TTL: 10 s in the test profile).
 */
class LinkCallbackTest extends KoppelIntegrationTest {

    private static TestOffice office;
    private static UUID connectionId;
    private static Map<String, String> firstLink;

    private DatabaseSnapshot db;

    @BeforeEach
    void linkedOffice() {
        if (office == null) {
            office = provisionOffice();
            connectionId = addExactOnline(office, office.superUser());
            firstLink = authorizeAtExact(office, connectionId, office.superUser());
            TestApi.Reply linked = callback(firstLink.get("code"), firstLink.get("state"));
            assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        }
        db = DatabaseSnapshot.of(jdbc, office.id());
        assertThat(db.rows("credential")).hasSize(1);
        assertThat(db.rows("accounting_system_connection")).singleElement()
                .satisfies(row -> assertThat(row.get("status")).isEqualTo("CONNECTED"));
    }

    @AfterEach
    void nothingChanged() {
        exact.approveAs(office.exactUserName());
        db.assertUnchanged();
    }

    @Test
    void aMissingState() {
        assertApiError(api.get("/api/v1/oauth/callback?code=some-code", null, null), 400, "oauth_state_missing");
        assertApiError(callback("some-code", ""), 400, "oauth_state_missing");
        assertApiError(api.get("/api/v1/oauth/callback", null, null), 400, "oauth_state_missing");
    }

    @Test
    void aMissingCode() {
        Authorization started = startAndAuthorize();
        assertApiError(api.get("/api/v1/oauth/callback?state=" + started.state(), null, null), 400,
                "oauth_code_missing");
        assertApiError(callback("", started.state()), 400, "oauth_code_missing");
    }

    @Test
    void anUnknownState() {
        Authorization started = startAndAuthorize();
        long exchanges = exact.tokenCalls("authorization_code");
        assertApiError(callback(started.code(), "made-up-state"), 400, "oauth_state_invalid");
        assertApiError(callback(started.code(), started.state() + "x"), 400, "oauth_state_invalid");
        assertThat(exact.tokenCalls("authorization_code")).as("the code is not exchanged").isEqualTo(exchanges);
    }

    @Test
    void anExpiredState() throws InterruptedException {
        Authorization started = startAndAuthorize();
        long exchanges = exact.tokenCalls("authorization_code");
        // the only sleep: past the state's TTL (10 s in the test profile)
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), started.expiresAt()).toMillis()) + 300);
        assertApiError(callback(started.code(), started.state()), 400, "oauth_state_expired");
        assertThat(exact.tokenCalls("authorization_code")).as("the code is not exchanged").isEqualTo(exchanges);
    }

    @Test
    void aReusedState() {
        long exchanges = exact.tokenCalls("authorization_code");
        assertApiError(callback(firstLink.get("code"), firstLink.get("state")), 400, "oauth_state_used");
        Authorization started = startAndAuthorize();
        assertApiError(callback("some-code", started.state()), 400, "oauth_code_rejected");
        assertApiError(callback(started.code(), started.state()), 400, "oauth_state_used");
        assertThat(exact.tokenCalls("authorization_code") - exchanges).as("only the refused code reached Exact")
                .isOne();
    }

    @Test
    void aReusedCode() {
        Authorization started = startAndAuthorize();
        long exchanges = exact.tokenCalls("authorization_code");
        assertApiError(callback(firstLink.get("code"), started.state()), 400, "oauth_code_rejected");
        assertThat(exact.tokenCalls("authorization_code") - exchanges).as("Exact refused the used code").isOne();
    }

    @Test
    void aLoginRefusedAtExact() {
        TestApi.Reply start = api.post(linkPath(), office.superUser().username(), PASSWORD, "");
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        exact.approveAs(null);
        MultiValueMap<String, String> redirect = redirectQuery(api.browse(openStart(start, office.superUser())));
        assertThat(redirect.getFirst("error")).isEqualTo("access_denied");
        assertThat(redirect.getFirst("code")).isNull();

        TestApi.Reply denied = api.get("/api/v1/oauth/callback?error=access_denied&state=" + redirect.getFirst("state"),
                null, null);
        assertApiError(denied, 400, "oauth_authorization_denied");
        // the state is spent: the sync user must start again
        assertApiError(api.get("/api/v1/oauth/callback?error=access_denied&state=" + redirect.getFirst("state"),
                null, null), 400, "oauth_state_used");
    }

    private record Authorization(String code, String state, Instant expiresAt) {
    }

    /** Starts "koppeling maken" as the sync user and logs in at Exact; returns the (URL-encoded) code and state. */
    private Authorization startAndAuthorize() {
        TestApi.Reply start = api.post(linkPath(), office.superUser().username(), PASSWORD, "");
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        exact.approveAs(office.exactUserName());
        MultiValueMap<String, String> redirect = redirectQuery(api.browse(openStart(start, office.superUser())));
        return new Authorization(redirect.getFirst("code"), redirect.getFirst("state"),
                Instant.parse(start.json().path("expiresAt").asText()));
    }

    private static MultiValueMap<String, String> redirectQuery(TestApi.Reply redirect) {
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
        URI location = URI.create(redirect.raw().headers().firstValue("Location").orElseThrow());
        return UriComponentsBuilder.fromUri(location).build().getQueryParams();
    }

    private String linkPath() {
        return office.path() + "/accounting-systems/" + connectionId + "/link";
    }
}
