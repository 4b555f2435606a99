package nl.koppel.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import nl.koppel.support.KoppelIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * FailingSyncs does not read every sync state: with 18,000 of them, its query goes through the partial index of
 * failing kinds, and it still finds the failing ones (of active dossiers of connected connections only).
 */
class FailingSyncsTest extends KoppelIntegrationTest {

    @Autowired
    FailingSyncs failingSyncs;

    @Test
    void findsTheFailingKindsThroughThePartialIndexWithoutScanningEverySyncState() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        try {
            jdbc.sql("INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, added_by,"
                            + " next_sync_at) SELECT gen_random_uuid(), :c, :o, 'many-' || n, 'Many ' || n, 'ACTIVE',"
                            + " 'test', now() + interval '1 day' FROM generate_series(1, 3000) n")
                    .param("c", connectionId).param("o", office.id()).update();
            jdbc.sql("INSERT INTO sync_state (dossier_id, kind, state, consecutive_failures) SELECT d.id, k, 'COMPLETE',"
                            + " 0 FROM dossier d CROSS JOIN unnest(ARRAY['RELATIONS', 'GL_ACCOUNTS', 'VAT_CODES',"
                            + " 'JOURNALS', 'COST_CENTERS', 'COST_UNITS']) k WHERE d.connection_id = :c")
                    .param("c", connectionId).update();
            jdbc.sql("UPDATE sync_state SET consecutive_failures = 7, state = 'ERROR', last_error = 'Exact down'"
                            + " WHERE kind = 'RELATIONS' AND dossier_id IN (SELECT id FROM dossier WHERE"
                            + " external_id IN ('many-1', 'many-2'))").update();
            // the link is not "login gelukt": the office's to fix, not listed; once it is, both are
            assertThat(failingSyncs.list()).noneMatch(f -> f.connectionId().equals(connectionId));
            jdbc.sql("UPDATE accounting_system_connection SET status = 'CONNECTED', sync_paused = true WHERE id = :c")
                    .param("c", connectionId).update();
            // the plan with every table's statistics current and the connection connected, so that the planner
            // cannot start from "no connection is connected" (other tests' connections come and go)
            jdbc.sql("ANALYZE sync_state").update();
            jdbc.sql("ANALYZE dossier").update();
            jdbc.sql("ANALYZE accounting_system_connection").update();
            List<String> plan = jdbc.sql("EXPLAIN " + FailingSyncs.QUERY).param("threshold", 3).query(String.class)
                    .list();
            assertThat(String.join("\n", plan)).as(String.join("\n", plan)).contains("sync_state_failing")
                    .doesNotContain("Seq Scan on sync_state");
            assertThat(failingSyncs.list()).filteredOn(f -> f.connectionId().equals(connectionId)).hasSize(2)
                    .allSatisfy(f -> assertThat(f.failuresInARow()).isEqualTo(7));
        } finally {
            jdbc.sql("DELETE FROM dossier WHERE connection_id = :c").param("c", connectionId).update();
            jdbc.sql("UPDATE accounting_system_connection SET status = 'NOT_CONNECTED' WHERE id = :c")
                    .param("c", connectionId).update();
        }
    }
}
