package nl.koppel.dossiers;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the linked user could access at the last discovery. */
@Repository
public class AccessibleDossierRepository {

    private final JdbcClient jdbc;

    public AccessibleDossierRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void replaceAll(UUID connectionId, List<AccessibleDossier> accessible) {
        jdbc.sql("DELETE FROM accessible_dossier WHERE connection_id = :id").param("id", connectionId).update();
        for (AccessibleDossier d : accessible) {
            jdbc.sql("INSERT INTO accessible_dossier (connection_id, external_id, name, archived, kvk_number,"
                            + " vat_number, move_marker, seen_at) VALUES (:id, :externalId, :name, :archived, :kvk,"
                            + " :vat, :move, now()) ON CONFLICT DO NOTHING")
                    .param("id", connectionId).param("externalId", d.externalId()).param("name", d.name())
                    .param("archived", d.archived()).param("kvk", d.kvkNumber()).param("vat", d.vatNumber())
                    .param("move", d.moveMarker()).update();
        }
    }

    /** Accessible and not yet added as a dossier. */
    public List<AccessibleDossier> connectable(UUID connectionId) {
        return jdbc.sql("""
                SELECT a.external_id, a.name, a.archived, a.kvk_number, a.vat_number, a.move_marker
                FROM accessible_dossier a
                LEFT JOIN dossier d ON d.connection_id = a.connection_id AND d.external_id = a.external_id
                WHERE a.connection_id = :id AND d.id IS NULL
                ORDER BY a.name, a.external_id""")
                .param("id", connectionId)
                .query((rs, n) -> new AccessibleDossier(rs.getString("external_id"), rs.getString("name"),
                        rs.getBoolean("archived"), rs.getString("kvk_number"), rs.getString("vat_number"),
                        rs.getString("move_marker")))
                .list();
    }
}
