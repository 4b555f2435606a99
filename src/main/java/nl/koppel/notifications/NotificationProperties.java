package nl.koppel.notifications;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How notifications are delivered (see {@code config/application.yaml}, {@code koppel.notifications}).
 *
 * @param batchSize   outbox rows one tick claims
 * @param lease       how long a claimed row stays claimed before another tick may take it over
 * @param retryDelays waits between attempts; after the last one the row goes to the dead letter
 * @param timeZone    time zone of the times in messages
 */
@ConfigurationProperties("koppel.notifications")
public record NotificationProperties(int batchSize, Duration lease, List<Duration> retryDelays, ZoneId timeZone,
                                     Email email, Webhook webhook) {

    public NotificationProperties {
        batchSize = batchSize <= 0 ? 10 : batchSize;
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        retryDelays = retryDelays == null || retryDelays.isEmpty()
                ? List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                        Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10))
                : List.copyOf(retryDelays);
        timeZone = timeZone == null ? ZoneId.of("Europe/Amsterdam") : timeZone;
        email = email == null ? new Email(false, "localhost", 25, null, null, false, "Koppel <koppel@localhost>", 10000)
                : email;
        webhook = webhook == null ? new Webhook(5000, 10000, false, null, 0, 0) : webhook;
    }

    /** The SMTP server; e-mail is off unless {@code enabled}. */
    public record Email(boolean enabled, String host, int port, String username, String password, boolean starttls,
                        String from, int timeout) {
        @Override
        public String toString() {
            return "Email[enabled=" + enabled + ", " + host + ":" + port + ", user=" + username + ", password hidden]";
        }
    }

    /**
     * Webhook deliveries: timeouts in milliseconds, and whether receivers on private, loopback or link-local
     * addresses are allowed (off in production: see {@link WebhookDestinations}).
     *
     * @param deadline      the most one delivery takes, connect and whole exchange (a slow drip cannot stretch it)
     * @param maxReplyBytes the most bytes a receiver may send, TLS handshake and headers included
     * @param maxPerOffice  the most webhooks one office may register
     */
    public record Webhook(int connectTimeout, int responseTimeout, boolean allowPrivateAddresses, Duration deadline,
                          int maxReplyBytes, int maxPerOffice) {
        public Webhook {
            deadline = deadline == null ? Duration.ofSeconds(15) : deadline;
            maxReplyBytes = maxReplyBytes <= 0 ? 65536 : maxReplyBytes;
            maxPerOffice = maxPerOffice <= 0 ? 10 : maxPerOffice;
        }
    }
}
