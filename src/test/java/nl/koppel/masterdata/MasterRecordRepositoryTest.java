package nl.koppel.masterdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.koppel.support.KoppelIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How a page of records is written: the first load COPYs straight in and falls back to the merge when a record
 * is there already; the merge skips unchanged rows; a full read's set difference deletes the rest.
 */
class MasterRecordRepositoryTest extends KoppelIntegrationTest {

    @Autowired
    MasterRecordRepository records;
    @Autowired
    TransactionTemplate transaction;

    private UUID dossier;

    @BeforeEach
    void dossier() {
        dossier = idleDossier("pages");
    }

    private static MasterRecord relation(String id, String name) {
        return new MasterRecord(id, "C" + id, name, true, "NL001\tB01", Map.of("city", "Ede\\Wageningen"),
                "{\"ID\": \"" + id + "\", \"Name\": \"" + name + "\"}");
    }

    private int[] write(List<MasterRecord> page, boolean firstLoad) {
        return transaction.execute(tx -> records.upsert(dossier, MasterDataKind.RELATIONS, page, firstLoad));
    }

    private Map<String, Object> stored(String id) {
        return jdbc.sql("SELECT name, vat_number, attributes ->> 'city' AS city, source ->> 'Name' AS source_name,"
                        + " synced_at FROM master_record WHERE dossier_id = :d AND kind = 'RELATIONS'"
                        + " AND external_id = :id")
                .param("d", dossier).param("id", id).query().singleRow();
    }

    @Test
    void aFirstLoadCopiesStraightInAndMergesWhenARecordIsThereAlready() {
        assertThat(write(List.of(relation("a", "Alfa"), relation("b", "Beta")), true)).containsExactly(2, 0, 0);
        assertThat(stored("a")).containsEntry("name", "Alfa").containsEntry("vat_number", "NL001\tB01")
                .containsEntry("city", "Ede\\Wageningen").containsEntry("source_name", "Alfa");
        assertThat(stored("a").get("synced_at")).isNotNull();

        // b changed while being paged and comes again on the next page: the copy gives way to the merge
        assertThat(write(List.of(relation("b", "Beta 2"), relation("c", "Gamma")), true)).containsExactly(1, 1, 0);
        assertThat(stored("b")).containsEntry("name", "Beta 2").containsEntry("source_name", "Beta 2");
        assertThat(stored("c")).containsEntry("name", "Gamma");
        assertThat(records.count(dossier, MasterDataKind.RELATIONS)).isEqualTo(3);

        // the same again: nothing written
        Object syncedAt = stored("c").get("synced_at");
        assertThat(write(List.of(relation("c", "Gamma")), true)).containsExactly(0, 0, 0);
        assertThat(stored("c").get("synced_at")).isEqualTo(syncedAt);
    }

    @Test
    void anotherFailureOfTheCopyIsNotMistakenForARecordThatIsThereAlready() {
        UUID unknownDossier = UUID.randomUUID();
        assertThatThrownBy(() -> transaction.execute(tx -> records.upsert(unknownDossier, MasterDataKind.RELATIONS,
                List.of(relation("x", "X")), true))).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(records.count(unknownDossier, MasterDataKind.RELATIONS)).isZero();
    }

    @Test
    void theMergeSkipsUnchangedRowsAndAFullReadDeletesWhatItDidNotSee() {
        assertThat(write(List.of(relation("a", "Alfa"), relation("b", "Beta"), relation("c", "Gamma")), false))
                .containsExactly(3, 0, 0);
        assertThat(write(List.of(relation("a", "Alfa"), relation("b", "Beta 2")), false)).containsExactly(0, 1, 0);

        int deleted = transaction.execute(tx -> records.deleteAllExcept(dossier, MasterDataKind.RELATIONS,
                Set.of("a", "b")));
        assertThat(deleted).isEqualTo(1);
        assertThat(records.page(dossier, MasterDataKind.RELATIONS, 10, 0))
                .extracting(MasterRecordRepository.StoredRecord::externalId).containsExactly("a", "b");
    }
}
