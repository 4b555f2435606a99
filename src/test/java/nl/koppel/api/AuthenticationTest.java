package nl.koppel.api;

import static nl.koppel.support.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.koppel.support.DatabaseSnapshot;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.Test;

/** Every call is authenticated; provisioning is for the platform account only. */
class AuthenticationTest extends KoppelIntegrationTest {

    @Test
    void callsWithoutValidCredentialsAnswer401AndChangeNothing() {
        TestOffice office = provisionOffice();
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());
        int offices = officeCount();
        String user = office.superUser().username();
        Map<String, String> add = Map.of("type", "exact-online", "syncUserId", office.superUser().id().toString());

        List<TestApi.Reply> refused = List.of(
                api.get("/api/v1/me", null, null),
                api.get(office.path() + "/accounting-systems", null, null),
                api.post(office.path() + "/accounting-systems", null, null, add),
                api.post("/api/v1/offices", null, null, Map.of("name", "Kantoor zonder login")),
                api.get("/api/v1/me", user, "wrong-password"),
                api.post(office.path() + "/accounting-systems", user, "wrong-password", add),
                api.post("/api/v1/offices", PLATFORM, "wrong-password", Map.of("name", "Kantoor met fout wachtwoord")),
                api.get("/api/v1/me", "nobody-" + office.id(), PASSWORD));
        for (TestApi.Reply reply : refused) {
            assertApiError(reply, 401, "authentication_required");
            assertThat(reply.raw().headers().firstValue("WWW-Authenticate")).as(reply.toString())
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
        }
        db.assertUnchanged();
        assertThat(officeCount()).isEqualTo(offices);
    }

    @Test
    void onlyThePlatformAccountProvisions() {
        TestOffice office = provisionOffice();
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, office.id());
        int offices = officeCount();
        for (User officeUser : List.of(office.superUser(), office.accountant(), office.user())) {
            assertApiError(api.post("/api/v1/offices", officeUser.username(), PASSWORD,
                    Map.of("name", "Eigen kantoor")), 403, "platform_account_required");
            assertApiError(api.post(office.path() + "/users", officeUser.username(), PASSWORD,
                    Map.of("username", "extra-" + office.id(), "name", "Extra", "email", "extra@kantoor.example",
                            "role", "SUPERGEBRUIKER", "language", "nl", "password", PASSWORD)),
                    403, "platform_account_required");
        }
        db.assertUnchanged();
        assertThat(officeCount()).isEqualTo(offices);
    }

    private int officeCount() {
        return jdbc.sql("SELECT count(*) FROM office").query(Integer.class).single();
    }
}
