package nl.koppel.systems.twinfield;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.systems.ConnectorException;
import org.w3c.dom.Element;

/**
 * Twinfield's field mapping: the finder gives code and name (columns {@code Code}, {@code Name}) of each row.
 * <ul>
 *   <li>relations ({@link #relation}, from a read of dimensions): external id {@code DEB:<code>} or
 *       {@code CRD:<code>} (debtor and creditor codes are separate ranges that may overlap); attributes isCustomer
 *       (DEB), isSupplier (CRD), dimensionType.</li>
 *   <li>gl-accounts: external id the code (unique over BAS and PNL); attributes type (BAS/PNL), balanceType
 *       (B for BAS, W for PNL).</li>
 *   <li>cost-centers (KPL), projects (PRJ) and vat-codes: external id the code; no attributes (the finder gives
 *       code and name; further columns, e.g. a status with {@code includehidden}, are kept in the source).</li>
 * </ul>
 * Finder records are active: the finder does not list hidden or deleted dimensions; its source stored is
 * {@code {"type", "dimtype", "code", "name", ...every column}}.
 * <p>
 * Relations come from a ProcessXml {@code read} of dimensions ({@link #relation}): code, name, {@code status}
 * (active unless {@code hidden} or {@code deleted}), and from the default address (else the first): VAT number
 * {@code field4}, KvK number {@code field5} (Twinfield's address fields, as public clients read them), city, country,
 * e-mail. Its source stored is {@code {"type": "DIM", "dimtype", "code", "name", "status", "vatNumber", "kvkNumber",
 * "city", "country", "email"}}.
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
            case GL_ACCOUNTS -> {
                attributes.put("type", dimensionType);
                attributes.put("balanceType", "BAS".equals(dimensionType) ? "B" : "W");
                yield new MasterRecord(code, code, name, true, null, attributes, source.toString());
            }
            case COST_CENTERS, PROJECTS, VAT_CODES -> new MasterRecord(code, code, name, true, null, attributes,
                    source.toString());
            default -> throw new IllegalArgumentException("Twinfield's finder does not read " + kind.path());
        };
    }

    /** A relation from a {@code <dimension>} element of a read of dimensions (see the class comment). */
    static MasterRecord relation(String dimensionType, Element dimension) {
        String code = child(dimension, "code");
        if (code == null || code.isBlank()) {
            throw ConnectorException.transientFailure("Twinfield sent a " + dimensionType
                    + " dimension without code; the page is refused and nothing of it is stored");
        }
        code = code.strip();
        String name = child(dimension, "name");
        String status = dimension.getAttribute("status");
        boolean active = !"hidden".equalsIgnoreCase(status) && !"deleted".equalsIgnoreCase(status);
        Element address = defaultAddress(dimension);
        String vatNumber = blankToNull(address == null ? null : child(address, "field4"));
        ObjectNode source = JsonNodeFactory.instance.objectNode();
        source.put("type", "DIM");
        source.put("dimtype", dimensionType);
        source.put("code", code);
        source.put("name", name);
        source.put("status", status.isEmpty() ? null : status);
        source.put("vatNumber", vatNumber);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("isCustomer", "DEB".equals(dimensionType));
        attributes.put("isSupplier", "CRD".equals(dimensionType));
        attributes.put("dimensionType", dimensionType);
        for (String[] field : new String[][] {{"kvkNumber", "field5"}, {"city", "city"}, {"country", "country"},
            {"email", "email"}}) {
            String value = blankToNull(address == null ? null : child(address, field[1]));
            attributes.put(field[0], value);
            source.put(field[0], value);
        }
        return new MasterRecord(dimensionType + ":" + code, code, name, active, vatNumber, attributes,
                source.toString());
    }

    private static Element defaultAddress(Element dimension) {
        List<Element> containers = TwinfieldSoap.children(dimension, "addresses");
        if (containers.isEmpty()) {
            return null;
        }
        List<Element> addresses = TwinfieldSoap.children(containers.get(0), "address");
        return addresses.stream().filter(a -> "true".equalsIgnoreCase(a.getAttribute("default"))).findFirst()
                .orElse(addresses.isEmpty() ? null : addresses.get(0));
    }

    private static String child(Element parent, String localName) {
        List<Element> found = TwinfieldSoap.children(parent, localName);
        return found.isEmpty() ? null : found.get(0).getTextContent();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
