package nl.koppel.systems.exactonline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import nl.koppel.support.KoppelIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * What a sync turn with nothing changed costs at Exact Online, counted by the simulator: {@code sync/Deleted}
 * lists the deletions of relations, GL accounts and projects alike, so a turn reads it once for all three.
 */
class ExactOnlineCallsPerTurnTest extends KoppelIntegrationTest {

    @Test
    void aTurnReadsSyncDeletedOnceForRelationsGlAccountsAndProjects() {
        TestOffice office = provisionOffice();
        int own = ownDivision(office);
        UUID connectionId = addExactOnline(office, office.superUser());
        Instant linked = Instant.now();
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        UUID dossierId = await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT id FROM dossier WHERE connection_id = :c").param("c", connectionId).query(UUID.class)
                .optional().orElse(null), id -> id != null);
        awaitSynced(dossierId, linked);

        String division = "/api/v1/" + own + "/";
        long accounts = exact.apiCalls(division + "sync/CRM/Accounts");
        long glAccounts = exact.apiCalls(division + "sync/Financial/GLAccounts");
        long projects = exact.apiCalls(division + "sync/Project/Projects");
        long deleted = exact.apiCalls(division + "sync/Deleted");
        // a few more turns (the test profile's interval is 3 s), each reading both kinds
        await().atMost(Duration.ofSeconds(60)).until(() -> exact.apiCalls(division + "sync/CRM/Accounts")
                - accounts >= 4);
        long turnsOfRelations = exact.apiCalls(division + "sync/CRM/Accounts") - accounts;
        long turnsOfGlAccounts = exact.apiCalls(division + "sync/Financial/GLAccounts") - glAccounts;
        long turnsOfProjects = exact.apiCalls(division + "sync/Project/Projects") - projects;
        long deletedReads = exact.apiCalls(division + "sync/Deleted") - deleted;

        assertThat(turnsOfGlAccounts).as("GL accounts are read in the same turns").isBetween(turnsOfRelations - 1,
                turnsOfRelations + 1);
        assertThat(turnsOfProjects).as("projects are read in the same turns").isBetween(turnsOfRelations - 1,
                turnsOfRelations + 1);
        assertThat(deletedReads).as("one read of sync/Deleted per turn, not one per kind")
                .isBetween(turnsOfRelations - 1, turnsOfRelations + 1);
    }
}
