package nl.koppel.ops.jmx;

/** The notification outbox and its dead letters ({@code nl.koppel:type=Notifications}). */
public interface NotificationsMXBean {

    @Description("E-mails and webhook deliveries waiting to be sent (first tries and retries)")
    long getPending();

    @Description("Deliveries sent")
    long getSent();

    @Description("Dead letters: deliveries that failed every retry; retry them once the cause is fixed")
    long getDead();

    @Description("Since when the oldest pending delivery waits; empty when none waits")
    String getOldestPendingSince();

    @Description("Dead letters per channel, e.g. EMAIL=1, WEBHOOK=3")
    String getDeadByChannel();

    @Description("Sends one dead letter (its outbox id) again, from the first retry delay on")
    String retry(String outboxId);

    @Description("Sends every dead letter again")
    String retryAll();
}
