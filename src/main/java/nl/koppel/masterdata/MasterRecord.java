package nl.koppel.masterdata;

import java.util.Map;

/**
 * One master-data record as a connector maps it: the common fields normalised, kind-specific ones in
 * {@code attributes}, and the source record as the accounting system sent it (JSON text).
 */
public record MasterRecord(String externalId, String code, String name, boolean active, String vatNumber,
                           Map<String, Object> attributes, String source) {
}
