package nl.koppel.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.systems.ConnectorGateway;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Single-flight refresh across Koppel instances: a second CredentialStore with its own connection pool (as
 * another instance would have) and this instance's store refresh the same expired token from many threads at
 * once; exactly one refresh reaches Exact Online and every caller gets a working token.
 */
class RefreshAcrossInstancesTest extends KoppelIntegrationTest {

    @Autowired
    CredentialStore thisInstance;
    @Autowired
    DataSource dataSource;
    @Autowired
    TokenCipher cipher;
    @Autowired
    ConnectorGateway connectors;
    @Autowired
    CredentialProperties properties;
    @Autowired
    CamelContext camel;

    @AfterEach
    void restoreSimulator() {
        exact.settings().accessTokenLifetime(Duration.ofSeconds(600)).minRefreshInterval(Duration.ofSeconds(570));
    }

    @Test
    void twoInstancesRefreshOnceBetweenThem() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        exact.settings().accessTokenLifetime(Duration.ofSeconds(2)).minRefreshInterval(Duration.ofSeconds(1));
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        restoreSimulator();
        // no scheduled check may refresh first: this test wants the race
        camel.getRouteController().stopRoute("link-check-tick");
        try (HikariDataSource otherPool = new HikariDataSource()) {
            otherPool.setJdbcUrl(((HikariDataSource) dataSource).getJdbcUrl());
            otherPool.setUsername(((HikariDataSource) dataSource).getUsername());
            otherPool.setPassword(((HikariDataSource) dataSource).getPassword());
            otherPool.setMaximumPoolSize(8);
            JdbcClient otherJdbc = JdbcClient.create(otherPool);
            CredentialStore otherInstance = new CredentialStore(new CredentialRepository(otherJdbc),
                    new ConnectionRepository(otherJdbc), cipher, connectors,
                    new TransactionTemplate(new DataSourceTransactionManager(otherPool)), properties);

            await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql("SELECT access_token_expires_at FROM"
                    + " credential WHERE connection_id = :id").param("id", connectionId)
                    .query(java.sql.Timestamp.class).single().toInstant().isBefore(Instant.now()));
            long refreshesBefore = exact.tokenCalls("refresh_token");

            ExecutorService pool = Executors.newFixedThreadPool(12);
            try {
                List<Callable<String>> callers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    CredentialStore store = i % 2 == 0 ? thisInstance : otherInstance;
                    callers.add(() -> store.accessToken(connectionId));
                }
                List<String> tokens = new ArrayList<>();
                for (Future<String> token : pool.invokeAll(callers)) {
                    tokens.add(token.get());
                }
                assertThat(exact.tokenCalls("refresh_token") - refreshesBefore).isEqualTo(1);
                assertThat(new HashSet<>(tokens)).as("every caller got the one fresh token").hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            camel.getRouteController().startRoute("link-check-tick");
        }
        {
            var check = api.post(office.path() + "/accounting-systems/" + connectionId + "/check",
                    office.user().username(), PASSWORD, "");
            assertThat(check.json().path("result").asText()).isEqualTo("OK");
        }
    }

    @Test
    void aTokenRefusedAsExpiredIsRenewedOnceHoweverManyCallersSawIt() throws Exception {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        exact.settings().minRefreshInterval(Duration.ZERO);
        assertThat(link(office, connectionId, office.superUser()).status()).isEqualTo(200);
        camel.getRouteController().stopRoute("link-check-tick");
        try {
            // the system refused this token before the expiry Koppel was told (Twinfield's 354): every caller that
            // saw the refusal asks for a renewal; one refresh serves them all
            String rejected = thisInstance.accessToken(connectionId);
            long refreshesBefore = exact.tokenCalls("refresh_token");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<String>> callers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    callers.add(() -> thisInstance.renewRejected(connectionId, rejected));
                }
                List<String> tokens = new ArrayList<>();
                for (Future<String> token : pool.invokeAll(callers)) {
                    tokens.add(token.get());
                }
                assertThat(exact.tokenCalls("refresh_token") - refreshesBefore).isEqualTo(1);
                assertThat(new HashSet<>(tokens)).hasSize(1).doesNotContain(rejected);
                assertThat(thisInstance.accessToken(connectionId)).isEqualTo(tokens.get(0));
            } finally {
                pool.shutdownNow();
            }
        } finally {
            camel.getRouteController().startRoute("link-check-tick");
        }
    }
}
