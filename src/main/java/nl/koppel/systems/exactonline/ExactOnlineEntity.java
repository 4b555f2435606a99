package nl.koppel.systems.exactonline;

import java.util.List;
import nl.koppel.masterdata.MasterDataKind;

/** Where each master-data kind lives in Exact Online's API, and which fields Koppel selects. */
enum ExactOnlineEntity {
    RELATIONS(MasterDataKind.RELATIONS, "crm/Accounts", "sync/CRM/Accounts", 2,
            List.of("ID", "Code", "Name", "IsSupplier", "IsSales", "Status", "Blocked", "VATNumber",
                    "ChamberOfCommerce", "Email", "City", "Country", "PurchaseVATCode", "SalesVATCode", "Modified")),
    GL_ACCOUNTS(MasterDataKind.GL_ACCOUNTS, "financial/GLAccounts", "sync/Financial/GLAccounts", 7,
            List.of("ID", "Code", "Description", "Type", "BalanceSide", "BalanceType", "IsBlocked", "VATCode",
                    "Costcenter", "Costunit", "Modified")),
    VAT_CODES(MasterDataKind.VAT_CODES, "vat/VATCodes", null, 0,
            List.of("ID", "Code", "Description", "Percentage", "Type", "VATTransactionType", "IsBlocked",
                    "GLToClaim", "GLToPay", "Modified")),
    JOURNALS(MasterDataKind.JOURNALS, "financial/Journals", null, 0,
            List.of("ID", "Code", "Description", "Type", "GLAccount", "Currency", "Modified")),
    COST_CENTERS(MasterDataKind.COST_CENTERS, "hrm/Costcenters", null, 0,
            List.of("ID", "Code", "Description", "Active", "Modified")),
    COST_UNITS(MasterDataKind.COST_UNITS, "hrm/Costunits", null, 0,
            List.of("ID", "Code", "Description", "Modified"));

    final MasterDataKind kind;
    final String regularPath;
    /** Row-versioned sync endpoint; null when Exact has none (then every read is a full read). */
    final String syncPath;
    /** EntityType of the kind's rows in sync/Deleted. */
    final int deletedEntityType;
    final List<String> fields;

    ExactOnlineEntity(MasterDataKind kind, String regularPath, String syncPath, int deletedEntityType,
                      List<String> fields) {
        this.kind = kind;
        this.regularPath = regularPath;
        this.syncPath = syncPath;
        this.deletedEntityType = deletedEntityType;
        this.fields = fields;
    }

    boolean hasSyncEndpoint() {
        return syncPath != null;
    }

    static ExactOnlineEntity of(MasterDataKind kind) {
        for (ExactOnlineEntity entity : values()) {
            if (entity.kind == kind) {
                return entity;
            }
        }
        throw new IllegalArgumentException("no Exact Online entity for " + kind);
    }
}
