package nl.koppel.dossiers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DossierRepository {

    private static final String COLUMNS = """
            id, connection_id, office_id, external_id, name, status, status_changed_at, kvk_number, vat_number,
            move_marker, added_at, last_manual_sync_at, last_successful_sync_at, status_reason""";

    private final JdbcClient jdbc;

    public DossierRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Dossier insert(UUID connectionId, UUID officeId, AccessibleDossier source, String addedBy) {
        return jdbc.sql("INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, kvk_number,"
                        + " vat_number, move_marker, added_by) VALUES (:id, :connectionId, :officeId, :externalId,"
                        + " :name, 'ACTIVE', :kvk, :vat, :move, :addedBy) RETURNING " + COLUMNS)
                .param("id", UUID.randomUUID()).param("connectionId", connectionId).param("officeId", officeId)
                .param("externalId", source.externalId()).param("name", source.name())
                .param("kvk", source.kvkNumber()).param("vat", source.vatNumber()).param("move", source.moveMarker())
                .param("addedBy", addedBy)
                .query(DossierRepository::map).single();
    }

    public Optional<Dossier> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dossier WHERE id = :id").param("id", id)
                .query(DossierRepository::map).optional();
    }

    public List<Dossier> findByConnection(UUID connectionId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dossier WHERE connection_id = :id ORDER BY name, id")
                .param("id", connectionId).query(DossierRepository::map).list();
    }

    public List<Dossier> findByOffice(UUID officeId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dossier WHERE office_id = :id ORDER BY name, id")
                .param("id", officeId).query(DossierRepository::map).list();
    }

    /** @return true when the status changed (so exactly one caller reports the change) */
    public boolean changeStatus(UUID id, DossierStatus status) {
        return changeStatus(id, status, null);
    }

    /**
     * Changes the status (and its reason) when the status differs, or when an INACCESSIBLE dossier gets a reason it
     * did not have (a dossier already lost by discovery whose key is then refused): true when it changed.
     */
    public boolean changeStatus(UUID id, DossierStatus status, DossierStatusReason reason) {
        return jdbc.sql("UPDATE dossier SET status = :status, status_changed_at = now(), status_reason = :reason,"
                        + " next_sync_at = CASE WHEN :status = 'ACTIVE' THEN now() ELSE next_sync_at END"
                        + " WHERE id = :id AND (status <> :status"
                        + " OR (:reason::text IS NOT NULL AND status_reason IS DISTINCT FROM :reason::text))")
                .param("status", status.name()).param("reason", reason == null ? null : reason.name())
                .param("id", id).update() == 1;
    }

    public Optional<Dossier> findByExternalId(UUID connectionId, String externalId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dossier WHERE connection_id = :id AND external_id = :externalId")
                .param("id", connectionId).param("externalId", externalId).query(DossierRepository::map).optional();
    }

    public void updateDetails(UUID id, AccessibleDossier source) {
        jdbc.sql("UPDATE dossier SET name = :name, kvk_number = :kvk, vat_number = :vat WHERE id = :id"
                        + " AND (name, kvk_number, vat_number) IS DISTINCT FROM (:name, :kvk, :vat)")
                .param("name", source.name()).param("kvk", source.kvkNumber()).param("vat", source.vatNumber())
                .param("id", id).update();
    }

    public void updateMoveMarker(UUID id, String moveMarker) {
        jdbc.sql("UPDATE dossier SET move_marker = :move, next_sync_at = now(), kinds_due_since = now()"
                        + " WHERE id = :id")
                .param("move", moveMarker).param("id", id).update();
    }

    /** A manual sync: due now, and remembered for the once-per-15-minutes rule. */
    public void requestSync(UUID id, Instant at) {
        jdbc.sql("UPDATE dossier SET next_sync_at = :at, last_manual_sync_at = :at, kinds_due_since = :at"
                        + " WHERE id = :id")
                .param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** Makes every active dossier of the connection due now (e.g. right after the link is made again). */
    public int makeDueNow(UUID connectionId) {
        return jdbc.sql("UPDATE dossier SET next_sync_at = now(), kinds_due_since = now() WHERE connection_id = :id"
                        + " AND status = 'ACTIVE'")
                .param("id", connectionId).update();
    }

    /** Makes one active dossier of the connection due now; unlike {@link #requestSync} no manual-sync limit. */
    public int makeDueNow(UUID connectionId, String externalId) {
        return jdbc.sql("UPDATE dossier SET next_sync_at = now(), kinds_due_since = now() WHERE connection_id = :id"
                        + " AND external_id = :externalId AND status = 'ACTIVE'")
                .param("id", connectionId).param("externalId", externalId).update();
    }

    private static Dossier map(ResultSet rs, int row) throws SQLException {
        return new Dossier(rs.getObject("id", UUID.class), rs.getObject("connection_id", UUID.class),
                rs.getObject("office_id", UUID.class), rs.getString("external_id"), rs.getString("name"),
                DossierStatus.valueOf(rs.getString("status")), instant(rs.getTimestamp("status_changed_at")),
                rs.getString("kvk_number"), rs.getString("vat_number"), rs.getString("move_marker"),
                instant(rs.getTimestamp("added_at")), instant(rs.getTimestamp("last_manual_sync_at")),
                instant(rs.getTimestamp("last_successful_sync_at")),
                rs.getString("status_reason") == null ? null : DossierStatusReason.valueOf(rs.getString("status_reason")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
