package nl.koppel.ops;

import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The operators' pause switches for background sync, per connection and Koppel-wide, kept in PostgreSQL so a
 * pause survives restarts and holds on every instance ({@code DossierLeases.claimDue} reads them). A pause stops
 * new turns from being claimed; turns in flight finish. Discovery and link checks go on.
 */
@Repository
public class SyncPauses {

    private final JdbcClient jdbc;

    public SyncPauses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return true when this call changed the flag */
    public boolean setConnectionPaused(UUID connectionId, boolean paused) {
        return jdbc.sql("UPDATE accounting_system_connection SET sync_paused = :paused,"
                        + " sync_paused_at = CASE WHEN :paused THEN now() END"
                        + " WHERE id = :id AND sync_paused <> :paused")
                .param("paused", paused).param("id", connectionId).update() == 1;
    }

    /** @return true when this call changed the flag */
    public boolean setAllPaused(boolean paused) {
        return jdbc.sql("UPDATE koppel_setting SET sync_paused = :paused,"
                        + " sync_paused_at = CASE WHEN :paused THEN now() END WHERE sync_paused <> :paused")
                .param("paused", paused).update() == 1;
    }

    public boolean allPaused() {
        return jdbc.sql("SELECT sync_paused FROM koppel_setting").query(Boolean.class).single();
    }

    /** Since when all background sync is paused; null when it runs. */
    public Instant allPausedSince() {
        java.sql.Timestamp at = jdbc.sql("SELECT sync_paused_at FROM koppel_setting")
                .query((rs, n) -> rs.getTimestamp(1)).list().get(0);
        return at == null ? null : at.toInstant();
    }
}
