package nl.koppel.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no datasource URL configured, Koppel runs its own PostgreSQL 17 (a real server from a Maven artifact)
 * with its data in a folder of the working directory, so a restart keeps everything. Unlike zonky's test
 * defaults it is durable (fsync, synchronous commit, full page writes), asks for a password, keeps its programs
 * where only Koppel's user can change them, and takes over from a postmaster orphaned by a killed Koppel.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", matchIfMissing = true, havingValue = "embedded")
public class EmbeddedPostgresConfiguration {

    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        return start(properties);
    }

    static EmbeddedDatabase start(EmbeddedPostgresProperties properties) throws IOException {
        Path dataDirectory = Path.of(properties.dataDirectory()).toAbsolutePath().normalize();
        Files.createDirectories(dataDirectory);
        Path runtime = runtimeDirectory(dataDirectory);
        PasswordFile.ownerOnlyDirectory(runtime);
        String password = PasswordFile.readOrCreate(runtime.resolve("password"));
        Path binaries = runtime.resolve("binaries");
        PasswordFile.ownerOnlyDirectory(binaries);
        PostgresBinaries programs = new PostgresBinaries(binaries);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPgBinaryResolver(programs)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(properties.cleanOnStart())
                .setPort(properties.port())
                .setServerConfig("max_connections", "200")
                // zonky's test settings trade durability for speed; Koppel's data must survive a power cut
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("listen_addresses", "localhost")
                .setConnectConfig("password", password)
                // runs after initdb, before the server starts: the moment to take over and to require the password
                .setDataDirectoryCustomizer(directory -> {
                    ownerOnly(binaries); // zonky made its working directory writable for everyone
                    OrphanedPostmaster.stopIfRunning(programs, directory.toPath());
                    PasswordAuthentication.require(programs, directory.toPath(), SUPERUSER, password);
                })
                .start();
        log.info("Embedded PostgreSQL 17 started on port {} with data in {}", postgres.getPort(), dataDirectory);
        return new EmbeddedDatabase(postgres, SUPERUSER, password);
    }

    private static void ownerOnly(Path directory) {
        try {
            PasswordFile.ownerOnlyDirectory(directory);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make " + directory + " owner-only: " + e.getMessage(), e);
        }
    }

    /** {@code <data directory>-runtime}: the password file and the programs, beside the data, owner-only. */
    static Path runtimeDirectory(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + "-runtime");
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariConfig embeddedHikariConfig() {
        return new HikariConfig();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedDatabase database, HikariConfig embeddedHikariConfig) {
        embeddedHikariConfig.setJdbcUrl(database.jdbcUrl());
        embeddedHikariConfig.setUsername(database.user());
        embeddedHikariConfig.setPassword(database.password());
        return new HikariDataSource(embeddedHikariConfig);
    }

    /** The running embedded server and how to sign in to it. */
    record EmbeddedDatabase(EmbeddedPostgres server, String user, String password) implements AutoCloseable {

        String jdbcUrl() {
            return server.getJdbcUrl(user, "postgres");
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        @Override
        public String toString() {
            return "EmbeddedDatabase[port=" + server.getPort() + ", user=" + user + "]"; // never the password
        }
    }
}
