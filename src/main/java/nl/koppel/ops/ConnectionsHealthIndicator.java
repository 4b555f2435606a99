package nl.koppel.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.koppel.systems.AccountingSystemsProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code connections} health contributor: always UP, because a connection that is niet verbonden is the
 * office's sync user's to fix, not a reason to take Koppel out of service. Its details count the connections per
 * status and list the niet verbonden ones with their reason, so operators see them at a glance.
 */
@Component
public class ConnectionsHealthIndicator implements HealthIndicator {

    /** Longer lists belong in JMX or the database, not in a health reply. */
    static final int MAX_LISTED = 50;

    private final OpsQueries queries;
    private final AccountingSystemsProperties systems;

    public ConnectionsHealthIndicator(OpsQueries queries, AccountingSystemsProperties systems) {
        this.queries = queries;
        this.systems = systems;
    }

    @Override
    public Health health() {
        Map<String, Long> connected = new LinkedHashMap<>();
        Map<String, Long> notConnected = new LinkedHashMap<>();
        for (String system : systems.systems().keySet()) {
            connected.put(system, queries.connectionCount(system, "CONNECTED"));
            notConnected.put(system, queries.connectionCount(system, "NOT_CONNECTED"));
        }
        List<Map<String, Object>> listed = queries.notConnected(MAX_LISTED).stream().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("office", c.office());
            entry.put("system", c.system());
            entry.put("status", "niet verbonden");
            entry.put("reason", c.reason());
            entry.put("since", c.since() == null ? null : c.since().toString());
            entry.put("connectionId", c.connectionId().toString());
            return entry;
        }).toList();
        return Health.up()
                .withDetail("connected", connected)
                .withDetail("notConnected", notConnected)
                .withDetail("nietVerbonden", listed)
                .build();
    }
}
