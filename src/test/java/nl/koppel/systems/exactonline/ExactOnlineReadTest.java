package nl.koppel.systems.exactonline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import nl.koppel.masterdata.MasterDataKind;
import org.junit.jupiter.api.Test;

/** A kind's read as the routes file's parameters give it: parsed, and refused with a clear reason when wrong. */
class ExactOnlineReadTest {

    private static final String FILTER = "Timestamp gt {cursor}";

    @Test
    void theTemplatesLiteralParametersBecomeOneRead() {
        ExactOnlineRead read = ExactOnlineRead.of("projects", "project/Projects", "sync/Project/Projects",
                "ID, Code,Description ,Modified", "", FILTER, "21");
        assertThat(read).isEqualTo(new ExactOnlineRead(MasterDataKind.PROJECTS, "project/Projects",
                "sync/Project/Projects", List.of("ID", "Code", "Description", "Modified"), null, FILTER, 21));
        assertThat(read.incremental()).isTrue();
        assertThat(read.selectOn(true)).isEqualTo("ID,Code,Description,Modified,Timestamp");
        assertThat(read.selectOn(false)).isEqualTo("ID,Code,Description,Modified");
        assertThat(read.filterFrom(4711)).isEqualTo("Timestamp gt 4711");
    }

    @Test
    void aKindWithoutSyncEndpointIsAFullRead() {
        ExactOnlineRead read = ExactOnlineRead.of("payment-conditions", "cashflow/PaymentConditions", "",
                "ID,Code,Description,PaymentDays", "", FILTER, "");
        assertThat(read.incremental()).isFalse();
        assertThat(read.syncEndpoint()).isNull();
        assertThat(read.deletedEntityType()).isNull();
        assertThat(read.top()).isNull();
    }

    @Test
    void aPageSizeIsTopOfASyncRead() {
        assertThat(ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "ID,Name", "250", FILTER, "2")
                .top()).isEqualTo(250);
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "ID,Name",
                "5000", FILTER, "2")).hasMessageContaining("pageSize must be between 1 and 1000")
                .hasMessageContaining("relations");
        // on a regular endpoint $top caps the whole read: a complete set cut short would delete the rest
        assertThatThrownBy(() -> ExactOnlineRead.of("vat-codes", "vat/VATCodes", "", "ID,Code", "30", FILTER, ""))
                .hasMessageContaining("pageSize needs a syncEndpoint");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "ID,Name",
                "sixty", FILTER, "2")).hasMessageContaining("pageSize must be a number, not 'sixty'");
    }

    @Test
    void whatCannotBeReadIsRefusedNamingTheParameter() {
        assertThatThrownBy(() -> ExactOnlineRead.of("relation", "crm/Accounts", "", "ID", "", FILTER, ""))
                .hasMessageContaining("kind 'relation' is not a master-data kind");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "ID,*", "",
                FILTER, "2")).hasMessageContaining("select may only name fields, not '*'");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "Code,Name",
                "", FILTER, "2")).hasMessageContaining("select must contain ID");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "", "",
                FILTER, "2")).hasMessageContaining("select must name the fields");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "ID", "",
                "Timestamp gt 1", "2")).hasMessageContaining("filter must contain {cursor}");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "sync/CRM/Accounts", "ID", "",
                FILTER, "")).hasMessageContaining("deletedEntityType is needed");
        assertThatThrownBy(() -> ExactOnlineRead.of("journals", "financial/Journals", "", "ID", "", FILTER, "9"))
                .hasMessageContaining("deletedEntityType needs a syncEndpoint");
        assertThatThrownBy(() -> ExactOnlineRead.of("journals", "/api/v1/1/financial/Journals?x=1", "", "ID", "",
                FILTER, "")).hasMessageContaining("endpoint must be a path such as crm/Accounts");
        assertThatThrownBy(() -> ExactOnlineRead.of("relations", "crm/Accounts", "https://elsewhere/x", "ID", "",
                FILTER, "2")).hasMessageContaining("syncEndpoint must be a path");
    }
}
