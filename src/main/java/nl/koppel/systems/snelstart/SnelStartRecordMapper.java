package nl.koppel.systems.snelstart;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.systems.ConnectorException;

/**
 * SnelStart's field mapping onto Koppel's normalised {@link MasterRecord}; the source is the record as SnelStart sent
 * it. Every kind has {@code nonactief}: active is its negation (SnelStart keeps inactive items; they are not deleted).
 * <ul>
 *   <li>relations = {@code relaties}: id {@code id}, code {@code relatiecode}, name {@code naam}, VAT number
 *       {@code btwNummer}; attributes kvkNumber ({@code kvkNummer}), email, iban, isCustomer / isSupplier
 *       ({@code relatiesoort} contains Klant / Leverancier), paymentTermDays ({@code krediettermijn}).</li>
 *   <li>gl-accounts = {@code grootboeken}: id, code {@code nummer}, name {@code omschrijving}; attributes type
 *       ({@code rekeningCode}: Balans / WinstEnVerlies), balanceType (B / W), function ({@code grootboekfunctie}),
 *       vatRateCode.</li>
 *   <li>journals = {@code dagboeken}: id, code {@code nummer}, name {@code omschrijving}; attribute type
 *       ({@code soort}).</li>
 *   <li>cost-centers = {@code kostenplaatsen}: id, code {@code nummer}, name {@code omschrijving}.</li>
 *   <li>vat-codes = {@code btwtarieven}: a history of rates without an id of their own. One row per
 *       {@code btwSoort} and start date: externalId {@code <btwSoort>:<datumVanaf as yyyy-MM-dd>} (e.g.
 *       {@code Hoog:2019-01-01}), code {@code btwSoort}, name {@code "<btwSoort> <btwPercentage>%"}, active while
 *       {@code datumTotEnMet} is absent or not before today; attributes percentage, validFrom, validUntil.</li>
 * </ul>
 */
final class SnelStartRecordMapper {

    private SnelStartRecordMapper() {
    }

    static MasterRecord map(MasterDataKind kind, JsonNode row, LocalDate today) {
        if (!row.isObject()) {
            throw ConnectorException.transientFailure("SnelStart sent a " + kind.path()
                    + " entry that is not an object; the page is refused and nothing of it is stored");
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        boolean active = !row.path("nonactief").asBoolean(false);
        return switch (kind) {
            case RELATIONS -> {
                JsonNode sorts = row.path("relatiesoort");
                attributes.put("isCustomer", sorts.isArray() ? contains(sorts, "Klant") : null);
                attributes.put("isSupplier", sorts.isArray() ? contains(sorts, "Leverancier") : null);
                attributes.put("kvkNumber", text(row, "kvkNummer"));
                attributes.put("email", text(row, "email"));
                attributes.put("iban", text(row, "iban"));
                JsonNode term = row.path("krediettermijn");
                attributes.put("paymentTermDays", term.canConvertToInt() ? term.asInt() : null);
                yield new MasterRecord(id(kind, row), text(row, "relatiecode"), text(row, "naam"), active,
                        text(row, "btwNummer"), attributes, row.toString());
            }
            case GL_ACCOUNTS -> {
                String type = text(row, "rekeningCode");
                attributes.put("type", type);
                attributes.put("balanceType", type == null ? null : "Balans".equals(type) ? "B" : "W");
                attributes.put("function", text(row, "grootboekfunctie"));
                attributes.put("vatRateCode", text(row, "vatRateCode"));
                yield new MasterRecord(id(kind, row), text(row, "nummer"), text(row, "omschrijving"), active, null,
                        attributes, row.toString());
            }
            case JOURNALS -> {
                attributes.put("type", text(row, "soort"));
                yield new MasterRecord(id(kind, row), text(row, "nummer"), text(row, "omschrijving"), active, null,
                        attributes, row.toString());
            }
            case COST_CENTERS -> new MasterRecord(id(kind, row), text(row, "nummer"), text(row, "omschrijving"),
                    active, null, attributes, row.toString());
            case VAT_CODES -> vatRate(row, today);
            default -> throw new IllegalArgumentException("SnelStart has no " + kind.path());
        };
    }

    /** A VAT rate's id: SnelStart's rate history has none, so its kind and start date make one (stable, unique). */
    static String vatRateId(String sort, LocalDate from) {
        return sort + ":" + from;
    }

    private static MasterRecord vatRate(JsonNode row, LocalDate today) {
        String sort = text(row, "btwSoort");
        LocalDate from = date(row, "datumVanaf");
        if (sort == null || sort.isBlank() || from == null) {
            throw ConnectorException.transientFailure("SnelStart sent a VAT rate without btwSoort or datumVanaf;"
                    + " the page is refused and nothing of it is stored");
        }
        LocalDate until = date(row, "datumTotEnMet");
        JsonNode percentageNode = row.path("btwPercentage");
        BigDecimal percentage = percentageNode.isNumber() ? percentageNode.decimalValue()
                : percentageNode.isTextual() ? decimal(percentageNode.asText()) : null;
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("percentage", percentage);
        attributes.put("validFrom", from.toString());
        attributes.put("validUntil", until == null ? null : until.toString());
        String name = percentage == null ? sort : sort + " " + percentage.stripTrailingZeros().toPlainString() + "%";
        return new MasterRecord(vatRateId(sort, from), sort, name, until == null || !until.isBefore(today), null,
                attributes, row.toString());
    }

    private static String id(MasterDataKind kind, JsonNode row) {
        String id = text(row, "id");
        if (id == null || id.isBlank()) {
            throw ConnectorException.transientFailure("SnelStart sent a " + kind.path()
                    + " record without id; the page is refused and nothing of it is stored");
        }
        return id;
    }

    private static boolean contains(JsonNode values, String wanted) {
        for (JsonNode value : values) {
            if (wanted.equalsIgnoreCase(value.asText())) {
                return true;
            }
        }
        return false;
    }

    /** SnelStart's dates are local date-times ({@code 2019-01-01T00:00:00}); the date part is what counts. */
    private static LocalDate date(JsonNode row, String field) {
        String value = text(row, field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw ConnectorException.transientFailure("SnelStart sent an unreadable " + field
                    + "; the page is refused and nothing of it is stored");
        }
    }

    private static BigDecimal decimal(String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw ConnectorException.transientFailure("SnelStart sent a VAT rate with an unreadable btwPercentage");
        }
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
