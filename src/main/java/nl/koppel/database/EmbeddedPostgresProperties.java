package nl.koppel.database;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded PostgreSQL keeps its data. Used only when no {@code spring.datasource.url} is set.
 *
 * @param dataDirectory folder (relative to the working directory) that survives restarts
 * @param port          TCP port on localhost; 0 picks a free one
 * @param cleanOnStart  wipe the folder at start (tests), never in production
 */
@ConfigurationProperties("koppel.embedded-postgres")
public record EmbeddedPostgresProperties(String dataDirectory, int port, boolean cleanOnStart) {
    public EmbeddedPostgresProperties {
        if (dataDirectory == null || dataDirectory.isBlank()) {
            dataDirectory = "data/postgres";
        }
    }
}
