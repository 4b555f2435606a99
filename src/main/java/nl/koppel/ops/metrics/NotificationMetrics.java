package nl.koppel.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Notification deliveries per channel and outcome, for the notification outbox to call:
 * {@code koppel_notifications_deliveries_total{channel,outcome}}. The channels of issue 4 are registered at start
 * with the outcomes {@code delivered} and {@code failed}, so dashboards show zeros until the first delivery.
 */
@Component
public class NotificationMetrics {

    static final String DELIVERIES = "koppel.notifications.deliveries";

    private final MeterRegistry registry;

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String channel : new String[] {"in-app", "email", "webhook"}) {
            counter(channel, "delivered");
            counter(channel, "failed");
        }
    }

    /** One delivery attempt ended, e.g. {@code delivery("webhook", "failed")}. */
    public void delivery(String channel, String outcome) {
        counter(channel, outcome).increment();
    }

    private Counter counter(String channel, String outcome) {
        return Counter.builder(DELIVERIES).description("Notification deliveries per channel and outcome")
                .tag("channel", channel).tag("outcome", outcome).register(registry);
    }
}
