package nl.koppel.simulator.exactonline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static nl.koppel.simulator.exactonline.RecordField.bool;
import static nl.koppel.simulator.exactonline.RecordField.date;
import static nl.koppel.simulator.exactonline.RecordField.guid;
import static nl.koppel.simulator.exactonline.RecordField.integer;
import static nl.koppel.simulator.exactonline.RecordField.text;

/**
 * A division (administration, "dossier") as {@code system/Divisions} describes it.
 * {@code status}: 0 inactive, 1 active, 2 archived. {@code divisionMoveDate} is null until the division is moved.
 */
public record SimulatedDivision(
        int code,
        String description,
        int status,
        String chamberOfCommerceNumber,
        String vatNumber,
        UUID customer,
        String customerName,
        boolean isMainDivision,
        Instant modified,
        Instant divisionMoveDate) {

    public static final int INACTIVE = 0;
    public static final int ACTIVE = 1;
    public static final int ARCHIVED = 2;

    /** The properties of {@code system/Divisions}, in order. */
    static final List<RecordField> FIELDS = List.of(
            integer("Code"), text("Description"), integer("Status"), text("ChamberOfCommerceNumber"),
            text("VATNumber"), guid("Customer"), text("CustomerName"), bool("IsMainDivision"),
            date("Modified"), date("DivisionMoveDate"));

    public SimulatedDivision {
        if (code <= 0) {
            throw new IllegalArgumentException("division code must be positive: " + code);
        }
        if (status < INACTIVE || status > ARCHIVED) {
            throw new IllegalArgumentException("division status must be 0, 1 or 2: " + status);
        }
        description = Objects.requireNonNullElse(description, "Administratie " + code);
    }

    /** An active division with just a code and description; the other fields empty, Modified set when added. */
    public static SimulatedDivision of(int code, String description) {
        return new SimulatedDivision(code, description, ACTIVE, null, null, null, null, false, null, null);
    }

    public SimulatedDivision withStatus(int newStatus) {
        return new SimulatedDivision(code, description, newStatus, chamberOfCommerceNumber, vatNumber, customer,
                customerName, isMainDivision, modified, divisionMoveDate);
    }

    public SimulatedDivision withModified(Instant newModified) {
        return new SimulatedDivision(code, description, status, chamberOfCommerceNumber, vatNumber, customer,
                customerName, isMainDivision, newModified, divisionMoveDate);
    }

    public SimulatedDivision withDivisionMoveDate(Instant moveDate) {
        return new SimulatedDivision(code, description, status, chamberOfCommerceNumber, vatNumber, customer,
                customerName, isMainDivision, modified, moveDate);
    }

    /** The values under their Exact property names, typed as {@link RecordField} describes. */
    Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Code", code);
        values.put("Description", description);
        values.put("Status", status);
        values.put("ChamberOfCommerceNumber", chamberOfCommerceNumber);
        values.put("VATNumber", vatNumber);
        values.put("Customer", customer);
        values.put("CustomerName", customerName);
        values.put("IsMainDivision", isMainDivision);
        values.put("Modified", modified);
        values.put("DivisionMoveDate", divisionMoveDate);
        return values;
    }
}
