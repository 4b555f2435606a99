package nl.koppel.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long Koppel keeps what grows without end ({@code koppel.retention}).
 *
 * @param notifications in-app notifications, read or not, are removed after this long
 * @param deliveries    delivered or given-up outbox rows (e-mail, webhooks) and every delivery attempt
 * @param audit         audit events
 * @param batchSize     rows one delete removes, so that no delete holds its locks for long
 * @param interval      time between two clean-ups of the cluster
 * @param lease         how long one instance holds the clean-up before another may take it over
 */
@ConfigurationProperties("koppel.retention")
public record RetentionProperties(Duration notifications, Duration deliveries, Duration audit, int batchSize,
                                  Duration interval, Duration lease) {
    public RetentionProperties {
        notifications = notifications == null ? Duration.ofDays(90) : notifications;
        deliveries = deliveries == null ? Duration.ofDays(90) : deliveries;
        audit = audit == null ? Duration.ofDays(400) : audit;
        batchSize = batchSize <= 0 ? 1000 : batchSize;
        interval = interval == null ? Duration.ofHours(1) : interval;
        lease = lease == null ? Duration.ofMinutes(30) : lease;
    }
}
