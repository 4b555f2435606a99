package nl.koppel.connections;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param minInterval a user's "check now" or "connectable dossiers" calls the accounting system at most once per
 *                    this per connection (per Koppel instance); callers within it get the recent result
 */
@ConfigurationProperties("koppel.on-demand")
public record OnDemandProperties(Duration minInterval) {
    public OnDemandProperties {
        if (minInterval == null) {
            minInterval = Duration.ofSeconds(10);
        }
    }
}
