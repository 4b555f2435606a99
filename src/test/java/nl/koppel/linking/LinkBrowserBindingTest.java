package nl.koppel.linking;

import static nl.koppel.support.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import nl.koppel.support.TestSimulators;
import org.junit.jupiter.api.Test;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Issue 10, item 4: "Koppeling maken" is bound to the browser that started it. The API's authorize URL is Koppel's
 * start URL, which only the signed-in sync user can open; it sets an HttpOnly, SameSite=Lax cookie (Secure over
 * https) that the callback checks, so a sign-in URL sent to someone else cannot link the office to their
 * administrations. PKCE (S256) goes to Twinfield; a relink as another accounting-system user is audited and
 * announced to the super users.
 */
class LinkBrowserBindingTest extends KoppelIntegrationTest {

    @Test
    void aCallbackFromAnotherBrowserIsRefusedAndTheSyncUsersBrowserCanStillFinish() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        Map<String, String> redirect = authorizeAtExact(office, connectionId, office.superUser());

        // the accounting system's redirect opened in another browser (no cookie): refused, nothing used up
        TestApi otherBrowser = new TestApi("http://localhost:" + port);
        long exchanges = exact.tokenCalls("authorization_code");
        TestApi.Reply refused = otherBrowser.get("/api/v1/oauth/callback?code=" + redirect.get("code") + "&state="
                + redirect.get("state"), null, null);
        assertApiError(refused, 403, "oauth_other_browser");
        assertThat(exact.tokenCalls("authorization_code")).as("the code is not exchanged").isEqualTo(exchanges);
        assertThat(connection(office, connectionId, office.superUser()).json().path("status").asText())
                .isEqualTo("NOT_CONNECTED");

        // the sync user's own browser finishes the same link
        TestApi.Reply linked = callback(redirect.get("code"), redirect.get("state"));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().path("statusLabel").asText()).isEqualTo("login gelukt");
        assertThat(linked.raw().headers().allValues("Set-Cookie")).as("the binding cookie is cleared")
                .anySatisfy(cookie -> assertThat(cookie).startsWith("koppel_link=;").contains("Max-Age=0"));
    }

    @Test
    void aBrowserIsSentBackToTheTabWithABannerAndAnApiClientGetsJson() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        Map<String, String> redirect = authorizeAtExact(office, connectionId, office.superUser());
        String callback = "http://localhost:" + port + "/api/v1/oauth/callback?code=" + redirect.get("code")
                + "&state=" + redirect.get("state");
        String html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

        // another browser: back to the tab with what went wrong, for this accounting system
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(callback))
                .header("Accept", html).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(303);
        assertThat(elsewhere.headers().firstValue("Location").orElseThrow()).isEqualTo(
                "/instellingen/kantoor/boekhoudsysteem?koppelfout=oauth_other_browser&systeem=" + connectionId);

        // the sync user's browser (its cookie): back to the tab, linked
        String cookie = linkCookie();
        HttpResponse<String> linked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(callback))
                .header("Accept", html).header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(linked.statusCode()).isEqualTo(303);
        assertThat(linked.headers().firstValue("Location").orElseThrow())
                .isEqualTo("/instellingen/kantoor/boekhoudsysteem?gekoppeld=" + connectionId);
        assertThat(connection(office, connectionId, office.superUser()).json().path("statusLabel").asText())
                .isEqualTo("login gelukt");
        // an API client (JSON, or curl's */*) still gets JSON
        assertApiError(api.get("/api/v1/oauth/callback?code=" + redirect.get("code") + "&state="
                + redirect.get("state"), null, null), 400, "oauth_state_used");
    }

    @Test
    void theStartUrlOpensOnlyOnceAndOnlyForTheSignedInSyncUser() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        TestApi.Reply start = api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                office.superUser().username(), PASSWORD, "");
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        String startUrl = start.json().path("authorizeUrl").asText();
        assertThat(startUrl).startsWith("http://localhost:" + port + "/koppeling/start?state=");

        // not signed in: a script is asked for credentials, a browser is sent to the sign-in page; neither gets a
        // cookie or the accounting system's URL
        TestApi.Reply anonymous = new TestApi("http://localhost:" + port).browse(startUrl);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("koppel_link"));
        HttpResponse<String> browser = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(startUrl))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(browser.statusCode()).isEqualTo(302);
        assertThat(browser.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(browser.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("koppel_link"));
        // another user of the office, signed in
        assertApiError(new TestApi("http://localhost:" + port).browseAs(startUrl, office.accountant().username(),
                PASSWORD), 403, "only_sync_user_can_link");

        // the sync user: bound, with the cookie's attributes
        TestApi.Reply bound = api.browseAs(startUrl, office.superUser().username(), PASSWORD);
        assertThat(bound.status()).isEqualTo(302);
        assertThat(bound.raw().headers().firstValue("Location").orElseThrow())
                .startsWith(exact.baseUrl() + "/api/oauth2/auth?");
        String cookie = bound.raw().headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("koppel_link=").contains("Path=/api/v1/oauth/callback").contains("HttpOnly")
                .contains("SameSite=Lax").contains("Max-Age=").doesNotContain("Secure");

        // a second browser (or the same one again) cannot open it any more
        assertApiError(new TestApi("http://localhost:" + port).browseAs(startUrl, office.superUser().username(),
                PASSWORD), 400, "oauth_link_already_opened");
    }

    @Test
    void behindAnHttpsProxyTheCookieIsSecure() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        String startUrl = api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                office.superUser().username(), PASSWORD, "").json().path("authorizeUrl").asText();
        HttpResponse<String> bound = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(startUrl))
                .header("X-Forwarded-Proto", "https")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (office.superUser().username() + ":" + PASSWORD).getBytes()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(302);
        assertThat(bound.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly");
    }

    @Test
    void twinfieldGetsPkceAndExactOnlineDoesNot() {
        TestOffice office = provisionOffice();
        TwinfieldSimulator twinfield = TestSimulators.twinfield();
        String login = twinfield.addUser(addTwinfieldOrganisation(twinfield), "PKCE" + office.id().toString()
                .substring(0, 6));
        TestApi.Reply added = api.post(office.path() + "/accounting-systems", office.superUser().username(), PASSWORD,
                Map.of("type", "twinfield", "syncUserId", office.superUser().id().toString()));
        UUID connectionId = UUID.fromString(added.json().path("id").asText());
        TestApi.Reply start = api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                office.superUser().username(), PASSWORD, "");
        twinfield.approveAs(login);
        String authorize = openStart(start, office.superUser());
        MultiValueMap<String, String> query = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams();
        assertThat(query.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(query.getFirst("code_challenge")).matches("[A-Za-z0-9_-]{43}");

        // the simulator refuses the code without the verifier (as an OpenID Connect server does); Koppel sends it
        TestApi.Reply back = api.browse(authorize);
        URI location = URI.create(back.raw().headers().firstValue("Location").orElseThrow());
        TestApi.Reply linked = api.get("/api/v1/oauth/callback?" + location.getRawQuery(), null, null);
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().path("statusLabel").asText()).isEqualTo("login gelukt");

        UUID exactId = addExactOnline(office, office.superUser());
        String exactAuthorize = openStart(api.post(office.path() + "/accounting-systems/" + exactId + "/link",
                office.superUser().username(), PASSWORD, ""), office.superUser());
        assertThat(exactAuthorize).doesNotContain("code_challenge");
    }

    @Test
    void aRelinkAsAnotherAccountingSystemUserIsAuditedAndAnnouncedToTheSuperUsers() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.accountant());
        TestApi.Reply first = linkAs(office, connectionId, office.accountant(), office.exactUserName());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        // the same user again: nothing to announce
        assertThat(linkAs(office, connectionId, office.accountant(), office.exactUserName()).status()).isEqualTo(200);
        assertThat(auditLines(connectionId)).isEmpty();

        String other = "CX_Other" + office.id().toString().substring(0, 6);
        exact.addUser(other, "Iemand Anders", other + "@elders.example", 1);
        TestApi.Reply relinked = linkAs(office, connectionId, office.accountant(), other);
        assertThat(relinked.status()).as(relinked.toString()).isEqualTo(200);
        assertThat(relinked.json().path("accountingSystemUser").path("username").asText()).isEqualTo(other);

        assertThat(auditLines(connectionId)).singleElement().satisfies(details ->
                assertThat(details).contains("\"from\": \"" + office.exactUserName() + "\"")
                        .contains("\"to\": \"" + other + "\""));
        TestApi.Reply inbox = api.get("/api/v1/me/notifications", office.superUser().username(), PASSWORD);
        assertThat(inbox.json().path("items").findValuesAsText("title"))
                .contains("Exact Online is nu gekoppeld als " + other);
        assertThat(inbox.json().path("items").findValuesAsText("type")).contains("connection.linked_user_changed");
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE event_type = 'connection.linked_user_changed'"
                        + " AND office_id = :office").param("office", office.id()).query(Long.class).single())
                .as("e-mails queued in the outbox").isPositive();
    }

    private TestApi.Reply linkAs(TestOffice office, UUID connectionId, User syncUser, String exactUser) {
        TestApi.Reply start = api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                syncUser.username(), PASSWORD, "");
        exact.approveAs(exactUser);
        TestApi.Reply redirect = api.browse(openStart(start, syncUser));
        URI location = URI.create(redirect.raw().headers().firstValue("Location").orElseThrow());
        return api.get("/api/v1/oauth/callback?" + location.getRawQuery(), null, null);
    }

    /** The binding cookie the start URL gave this test's client, as a Cookie header. */
    private String linkCookie() {
        return api.cookies().stream().filter(c -> c.getName().equals("koppel_link")).findFirst()
                .map(c -> c.getName() + "=" + c.getValue()).orElseThrow();
    }

    private List<String> auditLines(UUID connectionId) {
        return jdbc.sql("SELECT details::text FROM audit_event WHERE subject_id = :id"
                        + " AND action = 'connection.linked_user_changed'")
                .param("id", connectionId).query(String.class).list();
    }

    private static String addTwinfieldOrganisation(TwinfieldSimulator twinfield) {
        String organisation = "PKCEORG" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        twinfield.addOrganisation(organisation, TwinfieldSimulator.CLUSTER_1);
        return organisation;
    }
}
