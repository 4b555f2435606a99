package nl.koppel.ops.jmx;

import nl.koppel.ops.OutboxOperations;

/** The outbox's MBean: counts, and a retry of dead letters. Carries no message body, address or secret. */
final class NotificationsManagement extends DescribedMXBean implements NotificationsMXBean {

    private final OutboxOperations outbox;

    NotificationsManagement(OutboxOperations outbox) {
        super(NotificationsMXBean.class, "The notification outbox (e-mail, webhooks) and its dead letters");
        this.outbox = outbox;
    }

    @Override
    public long getPending() {
        return outbox.count("PENDING");
    }

    @Override
    public long getSent() {
        return outbox.count("SENT");
    }

    @Override
    public long getDead() {
        return outbox.count("DEAD");
    }

    @Override
    public String getOldestPendingSince() {
        return outbox.oldestPendingSince().map(t -> t.toInstant().toString()).orElse("");
    }

    @Override
    public String getDeadByChannel() {
        return outbox.deadByChannel();
    }

    @Override
    public String retry(String outboxId) {
        return outbox.retry(outboxId);
    }

    @Override
    public String retryAll() {
        return outbox.retryAll();
    }
}
