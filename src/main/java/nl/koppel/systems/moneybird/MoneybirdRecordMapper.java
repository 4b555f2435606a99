package nl.koppel.systems.moneybird;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.systems.ConnectorException;

/**
 * Moneybird's field mapping onto Koppel's normalised {@link MasterRecord}; the source is the record as Moneybird
 * sent it (with its {@code version}, which the next sync compares).
 * <ul>
 *   <li>relations = contacts: code {@code customer_id}, name {@code company_name} (else first and last name), VAT
 *       number {@code tax_number}; attributes kvkNumber ({@code chamber_of_commerce}), email, city, country.
 *       Moneybird does not tell customers from suppliers: isCustomer and isSupplier are null.</li>
 *   <li>gl-accounts = ledger accounts: code {@code account_id}, name, {@code active} (true when absent: older
 *       replies lack it); attributes type ({@code account_type}),
 *       balanceType (B for balance-sheet types, W for profit and loss), parentId.</li>
 *   <li>vat-codes = tax rates: no code (Moneybird has none), name, active; attributes percentage, type
 *       ({@code tax_rate_type}), country.</li>
 * </ul>
 */
final class MoneybirdRecordMapper {

    /** Moneybird's balance-sheet account types; the others are profit and loss. */
    private static final Set<String> BALANCE_TYPES = Set.of("non_current_assets", "current_assets", "equity",
            "provisions", "non_current_liabilities", "current_liabilities", "temporary");

    private MoneybirdRecordMapper() {
    }

    static MasterRecord map(MasterDataKind kind, JsonNode row) {
        String id = text(row, "id");
        if (id == null || id.isBlank()) {
            throw ConnectorException.transientFailure("Moneybird sent a " + kind.path()
                    + " record without id; the page is refused and nothing of it is stored");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        return switch (kind) {
            case RELATIONS -> {
                attributes.put("isCustomer", null);
                attributes.put("isSupplier", null);
                attributes.put("kvkNumber", text(row, "chamber_of_commerce"));
                attributes.put("email", text(row, "email"));
                attributes.put("city", text(row, "city"));
                attributes.put("country", text(row, "country"));
                yield new MasterRecord(id, text(row, "customer_id"), contactName(row), true, text(row, "tax_number"),
                        attributes, row.toString());
            }
            case GL_ACCOUNTS -> {
                String type = text(row, "account_type");
                attributes.put("type", type);
                attributes.put("balanceType", type == null ? null : BALANCE_TYPES.contains(type) ? "B" : "W");
                attributes.put("parentId", text(row, "parent_id"));
                yield new MasterRecord(id, text(row, "account_id"), text(row, "name"),
                        row.path("active").asBoolean(true), null, attributes, row.toString());
            }
            case VAT_CODES -> {
                String percentage = text(row, "percentage");
                attributes.put("percentage", decimal(percentage));
                attributes.put("type", text(row, "tax_rate_type"));
                attributes.put("country", text(row, "country"));
                yield new MasterRecord(id, null, text(row, "name"), row.path("active").asBoolean(true), null,
                        attributes, row.toString());
            }
            default -> throw new IllegalArgumentException("Moneybird has no " + kind.path());
        };
    }

    private static BigDecimal decimal(String percentage) {
        try {
            return percentage == null ? null : new BigDecimal(percentage);
        } catch (NumberFormatException e) {
            throw ConnectorException.transientFailure("Moneybird sent a tax rate with an unreadable percentage");
        }
    }

    private static String contactName(JsonNode row) {
        String company = text(row, "company_name");
        if (company != null && !company.isBlank()) {
            return company;
        }
        String person = ((text(row, "firstname") == null ? "" : text(row, "firstname")) + " "
                + (text(row, "lastname") == null ? "" : text(row, "lastname"))).strip();
        return person.isEmpty() ? null : person;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
