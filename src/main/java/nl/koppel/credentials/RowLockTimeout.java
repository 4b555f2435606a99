package nl.koppel.credentials;

import java.sql.SQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Tells a row lock that waited out {@code koppel.credentials.lock-timeout} from other database failures: the token
 * stores (credentials, connection keys) then answer TRANSIENT instead of holding callers' connections.
 */
final class RowLockTimeout {

    private RowLockTimeout() {
    }

    /** PostgreSQL's lock_not_available (55P03), however Spring translated it. */
    static boolean causedBy(DataAccessException e) {
        if (e instanceof PessimisticLockingFailureException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
