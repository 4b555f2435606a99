package nl.koppel.ops.jmx;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The remote JMX connector (RMI) for jconsole, VisualVM and the like, at
 * {@code service:jmx:rmi:///jndi/rmi://<host>:<port>/jmxrmi}: the RMI registry and the connector share one port
 * on one address; every client signs in as an operator and every call passes {@link JmxAccessControl}.
 */
@Component
@ConditionalOnProperty(name = "koppel.jmx.remote.enabled", havingValue = "true")
public class RemoteJmxServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RemoteJmxServer.class);

    /**
     * Classes a signed-in client may send: JMX's own types (names, attributes, queries, notification filters, open
     * data), the JDK's plain values and collections, and the MarshalledObject they travel in. Anything else, e.g. a
     * gadget class of a library on the class path, is refused before it is read.
     */
    static final String CONNECTION_FILTER = "maxdepth=20;maxrefs=10000;maxarray=100000;maxbytes=10000000;"
            + "java.rmi.MarshalledObject;java.lang.*;java.math.*;java.util.*;javax.management.*;"
            + "javax.management.openmbean.*;!*";

    private final JmxProperties.Remote settings;
    private final JmxOperatorAuthenticator authenticator;
    private Registry registry;
    private JMXConnectorServer server;
    private JMXServiceURL url;

    public RemoteJmxServer(JmxProperties properties, JmxOperatorAuthenticator authenticator) {
        this.settings = properties.remote();
        this.authenticator = authenticator;
    }

    @Override
    public synchronized void start() {
        try {
            String host = settings.host();
            int port = settings.port() == 0 ? freePort(host) : settings.port();
            // RMI stubs carry this host name; clients connect to it, so it must be the address we listen on
            if (System.getProperty("java.rmi.server.hostname") == null) {
                System.setProperty("java.rmi.server.hostname", host);
            }
            LoopbackServerSocketFactory sockets = new LoopbackServerSocketFactory(host);
            registry = LocateRegistry.createRegistry(port, null, sockets);
            Map<String, Object> environment = new HashMap<>();
            environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            environment.put(JMXConnectorServer.AUTHENTICATOR, authenticator);
            // the credentials a client sends are deserialised before sign-in: accept nothing but strings
            environment.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, "java.lang.String;!*");
            // and whatever a signed-in client sends (arguments, attributes, queries) is JMX's own types only
            environment.put(RMIConnectorServer.SERIAL_FILTER_PATTERN, CONNECTION_FILTER);
            url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port
                    + "/jmxrmi");
            server = JMXConnectorServerFactory.newJMXConnectorServer(url, environment,
                    ManagementFactory.getPlatformMBeanServer());
            server.setMBeanServerForwarder(JmxAccessControl.forwarder());
            server.start();
            log.info("Remote JMX listening at service:jmx:rmi:///jndi/rmi://{}:{}/jmxrmi (operators sign in)", host,
                    port);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the remote JMX connector on " + settings.host() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (IOException e) {
            log.warn("Stopping the remote JMX connector: {}", e.getMessage());
        }
        try {
            if (registry != null) {
                UnicastRemoteObject.unexportObject(registry, true);
            }
        } catch (NoSuchObjectException ignored) {
            // already gone
        }
        server = null;
        registry = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isActive();
    }

    /** The address clients use, e.g. {@code service:jmx:rmi://127.0.0.1:9010/jndi/rmi://127.0.0.1:9010/jmxrmi}. */
    public synchronized JMXServiceURL serviceUrl() {
        return url;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }
}
