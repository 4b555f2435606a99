package nl.koppel.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A Koppel stand-in for {@link EmbeddedPostgresTest}: started as a child JVM, it starts the embedded PostgreSQL on
 * the given data directory, stores a row, says READY and waits to be killed.
 */
public final class OrphanedPostmasterChild {

    private OrphanedPostmasterChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresConfiguration.EmbeddedDatabase database = EmbeddedPostgresConfiguration.start(
                new EmbeddedPostgresProperties(Path.of(args[0]).toString(), 0, false));
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(database.jdbcUrl());
        source.setPassword(database.password());
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (value text)");
            statement.execute("INSERT INTO kept VALUES ('" + args[1] + "')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
