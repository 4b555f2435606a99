package nl.koppel.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import nl.koppel.database.EmbeddedPostgresConfiguration.EmbeddedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL as Koppel starts it, on a real server: durable settings, a password nobody else can
 * read and nothing gets in without, an old data directory made with {@code trust} taken over, and a postmaster
 * orphaned by a {@code kill -9} of Koppel (a real child JVM) stopped at the next start, its data kept.
 */
class EmbeddedPostgresTest {

    /**
     * A Koppel stand-in for the child JVM: it starts the embedded PostgreSQL through EmbeddedPostgresConfiguration
     * (reached by reflection: the source launcher loads this class apart from Koppel's package), stores a row, says
     * READY and waits to be killed.
     */
    private static final String KILLED_KOPPEL = """
            import java.lang.reflect.Method;
            import java.nio.file.Path;
            import java.sql.Connection;
            import java.sql.DriverManager;
            import java.sql.Statement;
            import java.util.Properties;

            public class KilledKoppel {
                public static void main(String[] args) throws Exception {
                    Class<?> properties = Class.forName("nl.koppel.database.EmbeddedPostgresProperties");
                    Object settings = properties.getConstructor(String.class, int.class, boolean.class)
                            .newInstance(args[0], 0, false);
                    Method start = Class.forName("nl.koppel.database.EmbeddedPostgresConfiguration")
                            .getDeclaredMethod("start", properties);
                    start.setAccessible(true);
                    Object database = start.invoke(null, settings);
                    Method url = database.getClass().getDeclaredMethod("jdbcUrl");
                    Method password = database.getClass().getDeclaredMethod("password");
                    url.setAccessible(true);
                    password.setAccessible(true);
                    Properties credentials = new Properties();
                    credentials.setProperty("password", (String) password.invoke(database));
                    try (Connection connection = DriverManager.getConnection((String) url.invoke(database), credentials);
                         Statement statement = connection.createStatement()) {
                        statement.execute("CREATE TABLE kept (value text)");
                        statement.execute("INSERT INTO kept VALUES ('" + args[1] + "')");
                    }
                    System.out.println("READY");
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            """;

    @TempDir
    Path temp;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        root().addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        root().detachAppender(logged);
    }

    @Test
    void theServerIsDurableAndAsksForAPasswordOnlyItsOwnerCanRead() throws Exception {
        Path data = temp.resolve("postgres");
        try (EmbeddedDatabase database = EmbeddedPostgresConfiguration.start(properties(data))) {
            try (Connection connection = connect(database, database.password())) {
                assertThat(show(connection, "fsync")).isEqualTo("on");
                assertThat(show(connection, "synchronous_commit")).isEqualTo("on");
                assertThat(show(connection, "full_page_writes")).isEqualTo("on");
                assertThat(show(connection, "password_encryption")).isEqualTo("scram-sha-256");
            }
            assertThatThrownBy(() -> connect(database, null).close()).as("no password")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(database, "wrong").close()).as("a wrong password")
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");

            Path runtime = EmbeddedPostgresConfiguration.runtimeDirectory(data);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.resolve("password"))))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.resolve("binaries"))))
                    .isEqualTo("rwx------");
            try (var unpacked = Files.list(runtime.resolve("binaries"))) {
                assertThat(unpacked.filter(p -> Files.exists(p.resolve("bin/postgres")))).as("programs there")
                        .isNotEmpty();
            }
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust")
                    .contains("scram-sha-256");
            assertThat(database.toString()).doesNotContain(database.password());
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(line -> line.contains(database.password()));
        }
    }

    @Test
    void aDataDirectoryMadeWithTrustStartsAndThenAsksForThePassword() throws Exception {
        Path data = temp.resolve("postgres");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .start(); Connection connection = old.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).contains("trust");
            statement.execute("CREATE TABLE kept (value text)");
            statement.execute("INSERT INTO kept VALUES ('from before')");
        }
        try (EmbeddedDatabase database = EmbeddedPostgresConfiguration.start(properties(data))) {
            try (Connection connection = connect(database, database.password())) {
                assertThat(kept(connection)).containsExactly("from before");
            }
            assertThatThrownBy(() -> connect(database, null).close()).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aPostmasterOrphanedByAKilledKoppelIsStoppedAtTheNextStartAndTheDataIsKept() throws Exception {
        Path data = temp.resolve("postgres");
        // the child is a source file, not a main class here: test-run must find KoppelDemo as the only one
        Path child = Files.writeString(temp.resolve("KilledKoppel.java"), KILLED_KOPPEL);
        Process koppel = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), child.toString(), data.toString(),
                "written before the kill").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(koppel.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("READY"));
            assertThat(line).as("the child started its PostgreSQL").isEqualTo("READY");
            koppel.destroyForcibly(); // SIGKILL: no shutdown hook stops its PostgreSQL
            assertThat(koppel.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long orphan = OrphanedPostmaster.runningPostmaster(data).orElseThrow(() ->
                new AssertionError("the killed JVM's postmaster should still run"));

        try (EmbeddedDatabase database = EmbeddedPostgresConfiguration.start(properties(data))) {
            assertThat(OrphanedPostmaster.runningPostmaster(data)).as("a postmaster of its own").isPresent()
                    .isNotEqualTo(java.util.Optional.of(orphan));
            try (Connection connection = connect(database, database.password())) {
                assertThat(kept(connection)).containsExactly("written before the kill");
            }
        } finally {
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertThat(logged.list).filteredOn(event -> event.getFormattedMessage().contains("orphaned PostgreSQL"))
                .hasSize(1).first().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("pid " + orphan).contains(data.toString());
    }

    private static EmbeddedPostgresProperties properties(Path data) {
        return new EmbeddedPostgresProperties(data.toString(), 0, false);
    }

    private static Connection connect(EmbeddedDatabase database, String password) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", database.user());
        if (password != null) {
            credentials.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + database.server().getPort()
                + "/postgres", credentials);
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    private static List<String> kept(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT value FROM kept")) {
            List<String> values = new java.util.ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
