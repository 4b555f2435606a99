package nl.koppel.ops.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.ops.OpsQueries;
import nl.koppel.systems.AccountingSystemsProperties;
import org.springframework.stereotype.Component;

/**
 * {@code koppel_connections{system,status}}: connections per accounting system and status, counted in the
 * database at every scrape, so every instance reports the same numbers.
 */
@Component
public class ConnectionGauges {

    public ConnectionGauges(MeterRegistry registry, OpsQueries queries, AccountingSystemsProperties systems) {
        for (String system : systems.systems().keySet()) {
            for (ConnectionStatus status : ConnectionStatus.values()) {
                Gauge.builder("koppel.connections", queries, q -> q.connectionCount(system, status.name()))
                        .description("Connections per accounting system and status")
                        .tag("system", system).tag("status", status.name()).strongReference(true)
                        .register(registry);
            }
        }
    }
}
