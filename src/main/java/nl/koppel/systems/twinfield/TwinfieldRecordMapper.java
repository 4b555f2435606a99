package nl.koppel.systems.twinfield;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.systems.ConnectorException;

/**
 * Twinfield's field mapping: the finder gives code and name (columns {@code Code}, {@code Name}) of each row.
 * <ul>
 *   <li>relations: external id {@code DEB:<code>} or {@code CRD:<code>} (debtor and creditor codes are separate
 *       ranges that may overlap); attributes isCustomer (DEB), isSupplier (CRD), dimensionType.</li>
 *   <li>gl-accounts: external id the code (unique over BAS and PNL); attributes type (BAS/PNL), balanceType
 *       (B for BAS, W for PNL).</li>
 *   <li>cost-centers (KPL) and vat-codes: external id the code.</li>
 * </ul>
 * Every record is active: the finder does not list hidden or deleted dimensions. VAT numbers, KvK numbers and
 * addresses are not in the finder; they would take a {@code read dimensions} call per record (3 credits each).
 * The source stored is {@code {"type", "dimtype", "code", "name", ...every column}}.
 */
final class TwinfieldRecordMapper {

    private TwinfieldRecordMapper() {
    }

    static MasterRecord map(MasterDataKind kind, String finderType, String dimensionType, List<String> columns,
                            List<String> row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size() && i < row.size(); i++) {
            values.put(columns.get(i), row.get(i));
        }
        String code = values.getOrDefault("Code", row.isEmpty() ? null : row.get(0));
        String name = values.getOrDefault("Name", row.size() > 1 ? row.get(1) : null);
        if (code == null || code.isBlank()) {
            throw ConnectorException.transientFailure("Twinfield sent a " + kind.path()
                    + " row without code; the page is refused and nothing of it is stored");
        }
        code = code.strip();
        ObjectNode source = JsonNodeFactory.instance.objectNode();
        source.put("type", finderType);
        if (dimensionType != null) {
            source.put("dimtype", dimensionType);
        }
        source.put("code", code);
        source.put("name", name);
        values.forEach((column, value) -> {
            if (!"Code".equals(column) && !"Name".equals(column)) {
                source.put(column, value);
            }
        });
        Map<String, Object> attributes = new LinkedHashMap<>();
        return switch (kind) {
            case RELATIONS -> {
                attributes.put("isCustomer", "DEB".equals(dimensionType));
                attributes.put("isSupplier", "CRD".equals(dimensionType));
                attributes.put("dimensionType", dimensionType);
                yield new MasterRecord(dimensionType + ":" + code, code, name, true, null, attributes,
                        source.toString());
            }
            case GL_ACCOUNTS -> {
                attributes.put("type", dimensionType);
                attributes.put("balanceType", "BAS".equals(dimensionType) ? "B" : "W");
                yield new MasterRecord(code, code, name, true, null, attributes, source.toString());
            }
            case COST_CENTERS, VAT_CODES -> new MasterRecord(code, code, name, true, null, attributes,
                    source.toString());
            default -> throw new IllegalArgumentException("Twinfield's finder has no " + kind.path());
        };
    }
}
