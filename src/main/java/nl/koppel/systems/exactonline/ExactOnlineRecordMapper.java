package nl.koppel.systems.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.systems.ConnectorException;

/** Exact Online's field mapping: one OData record to Koppel's normalised {@link MasterRecord}. */
final class ExactOnlineRecordMapper {

    private ExactOnlineRecordMapper() {
    }

    static MasterRecord map(MasterDataKind kind, JsonNode row) {
        String id = text(row, "ID");
        if (id == null || id.isBlank()) {
            throw ConnectorException.transientFailure("Exact Online sent a " + kind.path()
                    + " record without ID; the page is refused and nothing of it is stored");
        }
        // the page's tree is ours: drop OData's per-record metadata (it holds the host's URL) in place
        JsonNode source = row instanceof ObjectNode object ? object.without("__metadata") : row;
        Map<String, Object> attributes = new LinkedHashMap<>();
        return switch (kind) {
            case RELATIONS -> {
                attributes.put("isCustomer", row.path("IsSales").asBoolean(false));
                attributes.put("isSupplier", row.path("IsSupplier").asBoolean(false));
                attributes.put("relationStatus", text(row, "Status"));
                attributes.put("kvkNumber", text(row, "ChamberOfCommerce"));
                attributes.put("email", text(row, "Email"));
                attributes.put("city", text(row, "City"));
                attributes.put("country", text(row, "Country"));
                attributes.put("purchaseVatCode", trimmed(row, "PurchaseVATCode"));
                attributes.put("salesVatCode", trimmed(row, "SalesVATCode"));
                // Status (A/S/P/C) is the customer status, not activity: a relation is inactive when blocked
                yield new MasterRecord(id, trimmed(row, "Code"), text(row, "Name"), !row.path("Blocked").asBoolean(false),
                        text(row, "VATNumber"), attributes, source.toString());
            }
            case GL_ACCOUNTS -> {
                attributes.put("type", row.path("Type").isMissingNode() ? null : row.path("Type").asText());
                attributes.put("balanceSide", text(row, "BalanceSide"));
                attributes.put("balanceType", text(row, "BalanceType"));
                attributes.put("vatCode", trimmed(row, "VATCode"));
                attributes.put("costCenter", text(row, "Costcenter"));
                attributes.put("costUnit", text(row, "Costunit"));
                yield new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"),
                        !row.path("IsBlocked").asBoolean(false), null, attributes, source.toString());
            }
            case VAT_CODES -> {
                attributes.put("percentage", row.path("Percentage").isNumber() ? row.path("Percentage").decimalValue()
                        : null);
                attributes.put("type", text(row, "Type"));
                attributes.put("vatTransactionType", text(row, "VATTransactionType"));
                attributes.put("glToClaim", text(row, "GLToClaim"));
                attributes.put("glToPay", text(row, "GLToPay"));
                yield new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"),
                        !row.path("IsBlocked").asBoolean(false), null, attributes, source.toString());
            }
            case JOURNALS -> {
                attributes.put("type", row.path("Type").isMissingNode() ? null : row.path("Type").asText());
                attributes.put("glAccount", text(row, "GLAccount"));
                attributes.put("currency", text(row, "Currency"));
                yield new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"), true, null, attributes,
                        source.toString());
            }
            case COST_CENTERS -> new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"),
                    row.path("Active").asBoolean(true), null, attributes, source.toString());
            case COST_UNITS -> new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"), true, null,
                    attributes, source.toString());
            case PROJECTS -> {
                attributes.put("type", row.path("Type").isMissingNode() ? null : row.path("Type").asText());
                attributes.put("account", text(row, "Account"));
                attributes.put("accountCode", trimmed(row, "AccountCode"));
                attributes.put("accountName", text(row, "AccountName"));
                attributes.put("paymentCondition", trimmed(row, "PaymentCondition"));
                attributes.put("startDate", text(row, "StartDate"));
                attributes.put("endDate", text(row, "EndDate"));
                yield new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"), true, null, attributes,
                        source.toString());
            }
            case PAYMENT_CONDITIONS -> {
                attributes.put("paymentDays", row.path("PaymentDays").isNumber() ? row.path("PaymentDays").asInt()
                        : null);
                attributes.put("paymentEndOfMonths", row.path("PaymentEndOfMonths").isNumber()
                        ? row.path("PaymentEndOfMonths").asInt() : null);
                attributes.put("discountPercentage", row.path("DiscountPercentage").isNumber()
                        ? row.path("DiscountPercentage").decimalValue() : null);
                attributes.put("discountPaymentDays", row.path("DiscountPaymentDays").isNumber()
                        ? row.path("DiscountPaymentDays").asInt() : null);
                attributes.put("paymentMethod", text(row, "PaymentMethod"));
                yield new MasterRecord(id, trimmed(row, "Code"), text(row, "Description"), true, null, attributes,
                        source.toString());
            }
        };
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Exact left-pads codes with spaces (relations: to 18 characters). */
    private static String trimmed(JsonNode row, String field) {
        String value = text(row, field);
        return value == null ? null : value.strip();
    }
}
