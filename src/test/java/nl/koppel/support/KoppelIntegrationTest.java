package nl.koppel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import com.icegreen.greenmail.util.GreenMail;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The whole service on a real embedded PostgreSQL and real HTTP to the simulators (Exact Online, Moneybird,
 * Twinfield, SnelStart). Every test class shares one Spring context; each test provisions its own office, so tests never see
 * each other's data. Camel's JMX and the Prometheus registry are on, as in production (camel-test and Spring Boot's
 * test support turn them off unless told otherwise): the operations tests use Camel's MBeans and scrape the metrics.
 */
@CamelSpringBootTest
@DisableJmx(false)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class KoppelIntegrationTest {

    public static final String PLATFORM = "platform";
    public static final String PLATFORM_PASSWORD = "demo";
    public static final String PASSWORD = "pw-of-test-users";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    protected static final ExactOnlineSimulator exact = TestSimulators.exactOnline();
    protected static final GreenMail smtp = TestSimulators.smtp();

    @DynamicPropertySource
    static void simulatorProperties(DynamicPropertyRegistry registry) {
        registry.add("koppel.systems.exact-online.base-url", exact::baseUrl);
        registry.add("koppel.notifications.email.port", () -> smtp.getSmtp().getPort());
        registry.add("koppel.systems.moneybird.base-url", () -> TestSimulators.moneybird().baseUrl());
        registry.add("koppel.systems.twinfield.base-url", () -> TestSimulators.twinfield().baseUrl());
        registry.add("koppel.systems.snelstart.base-url", () -> TestSimulators.snelstart().baseUrl());
        registry.add("koppel.systems.snelstart.auth-url", () -> TestSimulators.snelstart().authUrl());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected TestApi api;

    @BeforeEach
    void api() {
        api = new TestApi("http://localhost:" + port);
    }

    public record User(UUID id, String username) {
    }

    /** An office with a super user (the future sync user), an accountant, a plain user and its Exact user. */
    public record TestOffice(UUID id, User superUser, User accountant, User user, String exactUserName) {
        public String path() {
            return "/api/v1/offices/" + id;
        }
    }

    protected TestOffice provisionOffice() {
        int n = SEQUENCE.incrementAndGet();
        String suffix = n + "-" + UUID.randomUUID().toString().substring(0, 6);
        TestApi.Reply office = api.post("/api/v1/offices", PLATFORM, PLATFORM_PASSWORD,
                Map.of("name", "Kantoor " + suffix));
        assertThat(office.status()).as(office.toString()).isEqualTo(201);
        UUID officeId = UUID.fromString(office.json().path("id").asText());
        User superUser = createUser(officeId, "super-" + suffix, "SUPERGEBRUIKER", "nl");
        User accountant = createUser(officeId, "accountant-" + suffix, "ACCOUNTANT", "en");
        User user = createUser(officeId, "user-" + suffix, "GEBRUIKER", "nl");
        String exactUserName = "CX_Test" + n;
        exact.addUser(exactUserName, "Sync " + n, "sync" + n + "@kantoor.example", 100_000 + n);
        return new TestOffice(officeId, superUser, accountant, user, exactUserName);
    }

    protected User createUser(UUID officeId, String username, String role, String language) {
        TestApi.Reply reply = api.post("/api/v1/offices/" + officeId + "/users", PLATFORM, PLATFORM_PASSWORD,
                Map.of("username", username, "name", "Name of " + username, "email", username + "@kantoor.example",
                        "role", role, "language", language, "password", PASSWORD));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return new User(UUID.fromString(reply.json().path("id").asText()), username);
    }

    /** Gives the office's Exact Online user an empty division of its own ("Eigen administratie"); its code. */
    protected int ownDivision(TestOffice office) {
        int own = exact.users().stream().filter(u -> u.userName().equals(office.exactUserName())).findFirst()
                .orElseThrow().currentDivision();
        exact.putDivision(nl.koppel.simulator.exactonline.SimulatedDivision.of(own, "Eigen administratie"));
        exact.grantDivision(office.exactUserName(), own);
        return own;
    }

    /**
     * A dossier of a new office's Exact Online connection that the scheduler leaves alone (due in a day), for
     * tests that drive the sync's steps themselves. No sync state rows: the caller creates what it needs.
     */
    protected UUID idleDossier(String name) {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        UUID id = UUID.randomUUID();
        jdbc.sql("INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, added_by,"
                        + " next_sync_at) VALUES (:id, :c, :o, :e, :n, 'ACTIVE', 'test', now() + interval '1 day')")
                .param("id", id).param("c", connectionId).param("o", office.id()).param("e", name + "-" + id)
                .param("n", name).update();
        return id;
    }

    /** Adds Exact Online to the office with the given sync user, as the office's super user. */
    protected UUID addExactOnline(TestOffice office, User syncUser) {
        TestApi.Reply reply = api.post(office.path() + "/accounting-systems", office.superUser().username(), PASSWORD,
                Map.of("type", "exact-online", "syncUserId", syncUser.id().toString()));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return UUID.fromString(reply.json().path("id").asText());
    }

    /** The browser's part of "Koppeling maken" up to the redirect back to Koppel: returns code and state. */
    protected Map<String, String> authorizeAtExact(TestOffice office, UUID connectionId, User syncUser) {
        TestApi.Reply start = api.post(office.path() + "/accounting-systems/" + connectionId + "/link",
                syncUser.username(), PASSWORD, "");
        assertThat(start.status()).as(start.toString()).isEqualTo(200);
        exact.approveAs(office.exactUserName());
        TestApi.Reply redirect = api.browse(openStart(start, syncUser));
        assertThat(redirect.status()).as(redirect.toString()).isEqualTo(302);
        URI location = URI.create(redirect.raw().headers().firstValue("Location").orElseThrow());
        var query = UriComponentsBuilder.fromUri(location).build().getQueryParams();
        return Map.of("code", query.getFirst("code"), "state", query.getFirst("state"));
    }

    /**
     * The sync user's browser opens the start URL that {@code POST .../link} answered (signed in, here with HTTP
     * Basic): Koppel binds the link to this client's cookie jar and answers the accounting system's authorize URL.
     */
    protected String openStart(TestApi.Reply linkStart, User syncUser) {
        assertThat(linkStart.status()).as(linkStart.toString()).isEqualTo(200);
        TestApi.Reply bound = api.browseAs(linkStart.json().path("authorizeUrl").asText(), syncUser.username(),
                PASSWORD);
        assertThat(bound.status()).as(bound.toString()).isEqualTo(302);
        assertThat(bound.raw().headers().allValues("Set-Cookie")).as("the browser binding")
                .anySatisfy(cookie -> assertThat(cookie).startsWith("koppel_link=").contains("HttpOnly")
                        .contains("SameSite=Lax"));
        return bound.raw().headers().firstValue("Location").orElseThrow();
    }

    /** Systems linked by key: the sync user enters a connection key on Koppel's key page (after openStart). */
    protected ConnectionKeyPage.Outcome enterConnectionKey(User syncUser, String key) {
        return new ConnectionKeyPage(api).enter(syncUser.username(), PASSWORD, key);
    }

    /** Koppel's callback with the still URL-encoded code and state, exactly as the browser sends them. */
    protected TestApi.Reply callback(String encodedCode, String encodedState) {
        return api.get("/api/v1/oauth/callback?code=" + encodedCode + "&state=" + encodedState, null, null);
    }

    /** The whole link: start, log in at Exact, come back. Returns the callback's reply. */
    protected TestApi.Reply link(TestOffice office, UUID connectionId, User syncUser) {
        Map<String, String> redirect = authorizeAtExact(office, connectionId, syncUser);
        return callback(redirect.get("code"), redirect.get("state"));
    }

    protected TestApi.Reply connection(TestOffice office, UUID connectionId, User as) {
        return api.get(office.path() + "/accounting-systems/" + connectionId, as.username(), PASSWORD);
    }

    /** Waits until every kind of the dossier completed a run that started after {@code after}. */
    protected void awaitSynced(UUID dossierId, java.time.Instant after) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(250)).untilAsserted(() -> {
                    java.util.List<Map<String, Object>> states = jdbc.sql("SELECT kind, state, last_success_at"
                            + " FROM sync_state WHERE dossier_id = :id").param("id", dossierId).query().listOfRows();
                    // every kind has a state; the ones the system does not offer are NOT_SUPPORTED and never read
                    assertThat(states).hasSize(nl.koppel.masterdata.MasterDataKind.values().length);
                    assertThat(states).filteredOn(s -> !"NOT_SUPPORTED".equals(s.get("state"))).isNotEmpty()
                            .allSatisfy(s -> {
                        assertThat(s.get("state")).as("state of " + s.get("kind")).isEqualTo("COMPLETE");
                        assertThat(((java.sql.Timestamp) s.get("last_success_at")).toInstant()).isAfter(after);
                    });
                });
    }
}
