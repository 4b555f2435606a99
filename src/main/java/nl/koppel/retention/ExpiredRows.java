package nl.koppel.retention;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Deletes rows past their retention in batches, each its own short transaction, oldest first, through the
 * age indexes of V13. Outbox rows still PENDING are never removed: their notification has not gone out yet.
 */
@Repository
class ExpiredRows {

    /** The tables and how a batch of their expired rows is chosen (fixed SQL, never user input). */
    enum Table {
        DELIVERY_ATTEMPTS("outbox_attempt", "id", "attempted_at < :cutoff"),
        DELIVERIES("outbox", "id", "status <> 'PENDING' AND created_at < :cutoff"),
        NOTIFICATIONS("notification", "id", "created_at < :cutoff"),
        AUDIT_EVENTS("audit_event", "id", "occurred_at < :cutoff");

        private final String sql;

        Table(String table, String key, String expired) {
            this.sql = "DELETE FROM " + table + " WHERE " + key + " IN (SELECT " + key + " FROM " + table
                    + " WHERE " + expired + " LIMIT :batch)";
        }
    }

    private final JdbcClient jdbc;

    ExpiredRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Removes every row of the table older than the cutoff, {@code batchSize} at a time; returns how many. */
    long remove(Table table, Instant cutoff, int batchSize) {
        long removed = 0;
        int batch;
        do {
            batch = jdbc.sql(table.sql).param("cutoff", Timestamp.from(cutoff)).param("batch", batchSize).update();
            removed += batch;
        } while (batch == batchSize);
        return removed;
    }
}
