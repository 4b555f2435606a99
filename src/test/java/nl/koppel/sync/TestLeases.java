package nl.koppel.sync;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Claims a test's idle dossier for the test itself, as a worker's claim would, for tests that drive the steps. */
final class TestLeases {

    private TestLeases() {
    }

    static DossierLease hold(JdbcClient jdbc, UUID dossierId) {
        UUID token = UUID.randomUUID();
        jdbc.sql("UPDATE dossier SET lease_owner = 'test', lease_token = :token,"
                        + " lease_expires_at = now() + interval '1 day' WHERE id = :id")
                .param("token", token).param("id", dossierId).update();
        return new DossierLease(dossierId, token);
    }
}
