package nl.koppel.api;

import static nl.koppel.support.ApiErrors.assertApiError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import nl.koppel.support.DatabaseSnapshot;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.Test;

/**
 * A user sees only their own office: every office-scoped endpoint answers 404 for another office's id, and for
 * another office's connection under the caller's own office, and changes nothing in either office.
 */
class OfficeIsolationTest extends KoppelIntegrationTest {

    @Test
    void anotherOfficesResourcesAnswer404AndStayUntouched() {
        TestOffice mine = provisionOffice();
        TestOffice theirs = provisionOffice();
        UUID myConnection = addExactOnline(mine, mine.superUser());
        UUID theirConnection = addExactOnline(theirs, theirs.superUser());
        // linked, so that a check or link that slipped through would show in the credentials or the audit trail
        assertThat(link(theirs, theirConnection, theirs.superUser()).status()).isEqualTo(200);
        DatabaseSnapshot db = DatabaseSnapshot.of(jdbc, mine.id(), theirs.id());
        assertThat(db.rows("credential")).hasSize(1);

        // the caller is the super user and sync user of their own office: only the office may stop them
        String me = mine.superUser().username();
        String theirBase = theirs.path() + "/accounting-systems";
        String theirOne = theirBase + "/" + theirConnection;
        String theirOneUnderMine = mine.path() + "/accounting-systems/" + theirConnection;
        Map<String, Supplier<TestApi.Reply>> calls = new LinkedHashMap<>();
        calls.put("GET their list", () -> api.get(theirBase, me, PASSWORD));
        calls.put("GET their connection", () -> api.get(theirOne, me, PASSWORD));
        calls.put("POST add to their office", () -> api.post(theirBase, me, PASSWORD,
                Map.of("type", "twinfield", "syncUserId", mine.superUser().id().toString())));
        calls.put("PUT their sync user", () -> api.put(theirOne + "/sync-user", me, PASSWORD,
                Map.of("userId", mine.superUser().id().toString())));
        calls.put("POST link theirs", () -> api.post(theirOne + "/link", me, PASSWORD, ""));
        calls.put("POST check theirs", () -> api.post(theirOne + "/check", me, PASSWORD, ""));
        calls.put("GET their connection under my office", () -> api.get(theirOneUnderMine, me, PASSWORD));
        calls.put("PUT sync user of their connection under my office", () -> api.put(theirOneUnderMine + "/sync-user",
                me, PASSWORD, Map.of("userId", mine.accountant().id().toString())));
        calls.put("POST link their connection under my office",
                () -> api.post(theirOneUnderMine + "/link", me, PASSWORD, ""));
        calls.put("POST check their connection under my office",
                () -> api.post(theirOneUnderMine + "/check", me, PASSWORD, ""));
        calls.put("GET my connection under their office",
                () -> api.get(theirBase + "/" + myConnection, me, PASSWORD));
        // the platform account provisions offices but belongs to none
        calls.put("platform GET an office's list", () -> api.get(theirBase, PLATFORM, PLATFORM_PASSWORD));

        calls.forEach((what, call) -> {
            TestApi.Reply reply = call.get();
            String code = reply.code();
            assertApiError(reply, 404, code);
            assertThat(code).as(what).isIn("office_not_found", "accounting_system_not_found");
            assertThat(reply.body()).as(what + " reveals nothing of the other office")
                    .doesNotContain(theirs.superUser().username()).doesNotContain(theirs.exactUserName());
        });
        db.assertUnchanged();
        assertThat(jdbc.sql("SELECT count(*) FROM link_attempt WHERE connection_id = :id")
                .param("id", theirConnection).query(Integer.class).single()).as("no link started").isOne();
    }
}
