package nl.koppel.simulator.exactonline;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static nl.koppel.simulator.exactonline.RecordField.bool;
import static nl.koppel.simulator.exactonline.RecordField.date;
import static nl.koppel.simulator.exactonline.RecordField.decimal;
import static nl.koppel.simulator.exactonline.RecordField.guid;
import static nl.koppel.simulator.exactonline.RecordField.int64;
import static nl.koppel.simulator.exactonline.RecordField.integer;
import static nl.koppel.simulator.exactonline.RecordField.text;

/**
 * The kinds of master data the simulator serves, with their Exact endpoints and properties.
 * {@link #fields()} lists what the regular endpoint returns; the sync endpoint adds {@link #TIMESTAMP}.
 * {@code ID}, {@code Modified} and {@code Timestamp} are kept by the simulator, never set by a caller.
 */
public enum Kind {

    ACCOUNTS("accounts", "crm/Accounts", "sync/CRM/Accounts", 2, "Exact.Web.Api.Models.Account", List.of(
            guid("ID"), text("Code"), text("Name"), bool("IsSupplier"), bool("IsSales"), text("Status"),
            bool("Blocked"), text("VATNumber"), text("ChamberOfCommerce"), text("Email"), text("City"),
            text("Country"), text("PurchaseVATCode"), text("SalesVATCode"), text("PaymentConditionPurchase"),
            date("Modified"))),
    GL_ACCOUNTS("gl-accounts", "financial/GLAccounts", "sync/Financial/GLAccounts", 7, "Exact.Web.Api.Models.GLAccount", List.of(
            guid("ID"), text("Code"), text("Description"), integer("Type"), text("BalanceSide"), text("BalanceType"),
            bool("IsBlocked"), text("VATCode"), text("Costcenter"), text("Costunit"), date("Modified"))),
    VAT_CODES("vat-codes", "vat/VATCodes", null, 0, "Exact.Web.Api.Models.VATCode", List.of(
            guid("ID"), text("Code"), text("Description"), decimal("Percentage"), text("Type"),
            text("VATTransactionType"), bool("IsBlocked"), guid("GLToClaim"), guid("GLToPay"), date("Modified"))),
    JOURNALS("journals", "financial/Journals", null, 0, "Exact.Web.Api.Models.Journal", List.of(
            guid("ID"), text("Code"), text("Description"), integer("Type"), guid("GLAccount"), text("Currency"),
            date("Modified"))),
    COST_CENTERS("cost-centers", "hrm/Costcenters", null, 0, "Exact.Web.Api.Models.Costcenter", List.of(
            guid("ID"), text("Code"), text("Description"), bool("Active"), date("Modified"))),
    COST_UNITS("cost-units", "hrm/Costunits", null, 0, "Exact.Web.Api.Models.Costunit", List.of(
            guid("ID"), text("Code"), text("Description"), date("Modified"))),
    /** Type: 1 campaign, 2 fixed price, 3 time and material, 4 non billable, 5 prepaid; PaymentCondition a code. */
    PROJECTS("projects", "project/Projects", "sync/Project/Projects", 21, "Exact.Web.Api.Models.Project", List.of(
            guid("ID"), text("Code"), text("Description"), integer("Type"), guid("Account"), text("AccountCode"),
            text("AccountName"), text("PaymentCondition"), date("StartDate"), date("EndDate"), date("Modified"))),
    /** No sync endpoint and no EntityType in sync/Deleted: read in full ({@code sync/Cashflow/PaymentTerms} is another entity). */
    PAYMENT_CONDITIONS("payment-conditions", "cashflow/PaymentConditions", null, 0, "Exact.Web.Api.Models.PaymentCondition",
            List.of(guid("ID"), text("Code"), text("Description"), integer("PaymentDays"), integer("PaymentEndOfMonths"),
                    decimal("DiscountPercentage"), integer("DiscountPaymentDays"), text("PaymentMethod"), date("Modified")));

    public static final RecordField ID = guid("ID");
    public static final RecordField MODIFIED = date("Modified");
    public static final RecordField TIMESTAMP = int64("Timestamp");

    private final String slug;
    private final String endpointPath;
    private final String syncPath;
    private final int deletedEntityType;
    private final String odataType;
    private final List<RecordField> fields;
    private final List<RecordField> syncFields;

    Kind(String slug, String endpointPath, String syncPath, int deletedEntityType, String odataType, List<RecordField> fields) {
        this.slug = slug;
        this.endpointPath = endpointPath;
        this.syncPath = syncPath;
        this.deletedEntityType = deletedEntityType;
        this.odataType = odataType;
        this.fields = fields;
        this.syncFields = Stream.concat(fields.stream(), Stream.of(int64("Timestamp"))).toList();
    }

    /** The name in the control API and in Koppel's REST API, e.g. {@code gl-accounts}. */
    public String slug() { return slug; }

    /** E.g. {@code crm/Accounts}: after {@code /api/v1/{division}/}. */
    public String endpointPath() { return endpointPath; }

    public boolean hasSyncEndpoint() { return syncPath != null; }

    /** E.g. {@code sync/CRM/Accounts}; empty for kinds Exact has no sync endpoint for. */
    public Optional<String> syncPath() { return Optional.ofNullable(syncPath); }

    /** The {@code EntityType} of this kind's deletions in {@code sync/Deleted}; empty: deletions do not appear there. */
    public OptionalInt deletedEntityType() {
        return deletedEntityType == 0 ? OptionalInt.empty() : OptionalInt.of(deletedEntityType);
    }

    /** E.g. {@code Exact.Web.Api.Models.Account}, for {@code __metadata.type}. */
    public String odataType() { return odataType; }

    /** The properties of the regular endpoint, in Exact's order; {@code ID} first, {@code Modified} last. */
    public List<RecordField> fields() { return fields; }

    /** The properties of the sync endpoint: {@link #fields()} plus {@code Timestamp}. */
    public List<RecordField> syncFields() { return syncFields; }

    /** The caller-settable properties: all but ID, Modified and Timestamp. */
    List<RecordField> contentFields() {
        return fields.subList(1, fields.size() - 1);
    }

    Optional<RecordField> field(String name) {
        return syncFields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /** By slug ({@code gl-accounts}) or enum name ({@code GL_ACCOUNTS}), case-insensitive. */
    public static Kind fromName(String name) {
        String normalised = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Kind kind : values()) {
            if (kind.slug.equals(normalised)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no such kind: " + name + " (one of accounts, gl-accounts, vat-codes, "
                + "journals, cost-centers, cost-units, projects, payment-conditions)");
    }
}
