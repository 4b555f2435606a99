package nl.koppel.dossiers;

/**
 * A dossier the linked user can access, as the connector's {@code list-dossiers} reports it.
 *
 * @param moveMarker changes when the accounting system renumbers the dossier's data (Exact: DivisionMoveDate)
 */
public record AccessibleDossier(String externalId, String name, boolean archived, String kvkNumber, String vatNumber,
                                String moveMarker) {
}
