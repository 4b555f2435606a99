package nl.koppel.ops.jmx;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import nl.koppel.ops.OperatorActions;
import nl.koppel.ops.OutboxOperations;
import nl.koppel.ops.OpsQueries;
import nl.koppel.ops.SyncPauses;
import nl.koppel.sync.SyncProperties;
import nl.koppel.sync.SyncWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Registers Koppel's MBeans in the platform MBeanServer (where Camel's are too): the scheduler, and one per
 * connection, matched to the database every {@code koppel.jmx.refresh-interval} because connections can be added
 * on any instance. Connections are few, so a periodic full match is cheap and needs no hooks in the API.
 */
@Component
public class KoppelMBeans implements SmartLifecycle {

    public static final String DOMAIN = "nl.koppel";

    private static final Logger log = LoggerFactory.getLogger(KoppelMBeans.class);

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final OpsQueries queries;
    private final OperatorActions actions;
    private final SyncPauses pauses;
    private final SyncWork work;
    private final SyncProperties syncProperties;
    private final JmxProperties properties;
    private final OutboxOperations outbox;
    private final Map<UUID, ObjectName> registered = new HashMap<>();
    private ScheduledExecutorService refresher;
    private volatile boolean running;

    public KoppelMBeans(OpsQueries queries, OperatorActions actions, SyncPauses pauses, SyncWork work,
                        SyncProperties syncProperties, JmxProperties properties, OutboxOperations outbox) {
        this.queries = queries;
        this.outbox = outbox;
        this.actions = actions;
        this.pauses = pauses;
        this.work = work;
        this.syncProperties = syncProperties;
        this.properties = properties;
    }

    public static ObjectName schedulerName() {
        return name("type=Scheduler");
    }

    public static ObjectName notificationsName() {
        return name("type=Notifications");
    }

    /** {@code nl.koppel:type=Connection,office=<office name>,system=<type>}; quoted only when the name needs it. */
    public static ObjectName connectionName(String office, String system) {
        return name("type=Connection,office=" + value(office) + ",system=" + value(system));
    }

    @Override
    public synchronized void start() {
        register(schedulerName(), new SchedulerManagement(pauses, work, syncProperties, queries, actions));
        register(notificationsName(), new NotificationsManagement(outbox));
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "koppel-mbeans");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        registered.values().forEach(this::unregister);
        registered.clear();
        unregister(schedulerName());
        unregister(notificationsName());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Matches the connection MBeans to the connections in the database. */
    public synchronized void refresh() {
        try {
            List<OpsQueries.ConnectionEntry> connections = queries.connections();
            // office names need not be unique: offices that share one are told apart by their id
            Map<String, Long> perName = connections.stream()
                    .collect(Collectors.groupingBy(c -> c.officeName() + "\u0000" + c.systemType(),
                            Collectors.counting()));
            Map<UUID, ObjectName> wanted = connections.stream().collect(Collectors.toMap(
                    OpsQueries.ConnectionEntry::connectionId,
                    c -> connectionName(perName.get(c.officeName() + "\u0000" + c.systemType()) > 1
                            ? c.officeName() + " (" + c.officeId() + ")" : c.officeName(), c.systemType())));
            for (UUID gone : Set.copyOf(registered.keySet())) {
                if (!registered.get(gone).equals(wanted.get(gone))) {
                    unregister(registered.remove(gone));
                }
            }
            wanted.forEach((id, name) -> {
                if (!registered.containsKey(id) && register(name, new ConnectionManagement(id, queries, actions))) {
                    registered.put(id, name);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not match the connection MBeans to the database: {}", e.getMessage());
        }
    }

    private boolean register(ObjectName name, Object mbean) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by an earlier context in this JVM
            }
            server.registerMBean(mbean, name);
            return true;
        } catch (JMException e) {
            log.warn("Could not register MBean {}: {}", name, e.getMessage());
            return false;
        }
    }

    private void unregister(ObjectName name) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            log.warn("Could not unregister MBean {}: {}", name, e.getMessage());
        }
    }

    private static String value(String text) {
        return text.matches("[^,=:\"*?\\\\\\n]+") && text.equals(text.strip()) ? text : ObjectName.quote(text);
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
