package nl.koppel.ops.jmx;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Koppel's MBeans and the remote JMX connector.
 *
 * @param refreshInterval how often the connection MBeans are matched to the connections in the database
 * @param remote          the RMI connector for jconsole, VisualVM and the like
 */
@ConfigurationProperties("koppel.jmx")
public record JmxProperties(Duration refreshInterval, Remote remote) {

    public JmxProperties {
        refreshInterval = refreshInterval == null ? Duration.ofSeconds(10) : refreshInterval;
        remote = remote == null ? new Remote(false, null, 0) : remote;
    }

    /**
     * @param enabled start the connector
     * @param host    the address it listens on (and the host in its stubs); 127.0.0.1 keeps it on this machine
     * @param port    the port of both the RMI registry and the connector; 0 picks a free one (tests)
     */
    public record Remote(boolean enabled, String host, int port) {
        public Remote {
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
        }
    }
}
