package nl.koppel.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import nl.koppel.audit.AuditTrail;
import nl.koppel.credentials.TokenCipher;
import nl.koppel.systems.TransportFailures;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code routes/notifications.camel.yaml}: claim due outbox rows, prepare an e-mail or a signed
 * webhook call, and record each attempt: sent, failed (due again after the next delay of
 * {@code koppel.notifications.retry-delays}) or, after the last one, given up (the dead letter).
 * <p>
 * Exactly once, as far as it can be: a row is claimed with a lease by one tick of one instance, marked sent in
 * the step right after the send, and a row whose lease expired (its instance died before it finished) is sent
 * again with the same id. The one edge left is a crash after the receiver or SMTP server accepted the message and
 * before the row was marked sent: then it is sent a second time, with the same {@code webhook-id} (receivers
 * dedupe on it) or the same {@code X-Koppel-Notification-Id} mail header.
 */
@Component("notificationOutbox")
public class NotificationOutbox {

    private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

    public static final String ITEM = "outboxItem";
    public static final String GIVEN_UP = "deliveryGivenUp";
    public static final String HTTP_STATUS = "webhookStatus";
    private static final String STARTED = "deliveryStarted";

    private final OutboxRepository outbox;
    private final WebhookRepository webhooks;
    private final TokenCipher cipher;
    private final AuditTrail audit;
    private final NotificationProperties properties;
    private final WebhookDestinations destinations;
    private final String instanceId;

    public NotificationOutbox(OutboxRepository outbox, WebhookRepository webhooks, TokenCipher cipher,
                              AuditTrail audit, NotificationProperties properties, WebhookDestinations destinations) {
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.audit = audit;
        this.properties = properties;
        this.destinations = destinations;
        this.instanceId = hostName() + "-notifications-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The due rows this tick delivers, claimed for this instance until the lease ends. */
    public List<OutboxItem> claim() {
        List<OutboxItem> claimed = outbox.claim(instanceId, properties.batchSize(), properties.lease());
        if (!claimed.isEmpty()) {
            log.debug("Claimed {} outbox rows", claimed.size());
        }
        return claimed;
    }

    /** Sets up the e-mail: headers To, Subject and the notification id; the body is the message text. */
    public String prepareEmail(@Body OutboxItem item, Exchange exchange) {
        start(item, exchange);
        exchange.getMessage().setHeader("To", item.recipient());
        exchange.getMessage().setHeader("Subject", item.subject());
        exchange.getMessage().setHeader("X-Koppel-Notification-Id", item.messageId());
        exchange.getMessage().setHeader("Message-ID", "<" + item.messageId() + "@koppel>");
        return item.body() + footer(item);
    }

    /**
     * Sets up the webhook call: the receiver's URL (http or https only), the Standard Webhooks headers signed with
     * the webhook's secret, and the payload as the body. The id is the same on every attempt; the timestamp is now.
     */
    public String prepareWebhook(@Body OutboxItem item, Exchange exchange) {
        start(item, exchange);
        String scheme = URI.create(item.recipient()).getScheme();
        if (scheme == null || !(scheme.toLowerCase(Locale.ROOT).equals("http")
                || scheme.toLowerCase(Locale.ROOT).equals("https"))) {
            throw new DeliveryRefusedException("a webhook url must be http(s)");
        }
        destinations.refusalToDeliver(URI.create(item.recipient())).ifPresent(reason -> {
            throw new DeliveryRefusedException(reason);
        });
        byte[] encrypted = webhooks.secret(item.webhookId())
                .orElseThrow(() -> new DeliveryRefusedException("the webhook was deleted"));
        String secret = cipher.decrypt(encrypted, item.webhookId());
        long timestamp = Instant.now().getEpochSecond();
        exchange.getMessage().setHeader(Exchange.HTTP_URI, item.recipient());
        exchange.setProperty(Exchange.SKIP_GZIP_ENCODING, true); // a receiver's gzip stays packed: no bombs

        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("webhook-id", item.messageId());
        exchange.getMessage().setHeader("webhook-timestamp", Long.toString(timestamp));
        exchange.getMessage().setHeader("webhook-signature",
                WebhookSigner.signature(secret, item.messageId(), timestamp, item.body()));
        return item.body();
    }

    /**
     * The receiver's reply: 2xx is delivered; anything else fails this attempt. Its body means nothing to Koppel
     * but is read to the end, which the delivery's socket allows only up to max-reply-bytes and the deadline: a
     * receiver that answers 200 and then sends without end fails the attempt rather than holding it.
     */
    public void webhookReplied(@ExchangeProperty(HTTP_STATUS) Integer status, Exchange exchange) throws IOException {
        InputStream reply = exchange.getMessage().getBody(InputStream.class);
        if (reply != null) {
            try (reply) {
                reply.transferTo(OutputStream.nullOutputStream());
            }
        }
        if (status == null || status < 200 || status > 299) {
            throw new DeliveryRefusedException("the receiver answered HTTP " + status);
        }
    }

    /** Delivered: the row is marked sent right away, in this step. */
    public void sent(@ExchangeProperty(ITEM) OutboxItem item, @ExchangeProperty(HTTP_STATUS) Integer status,
                     Exchange exchange) {
        if (!outbox.sent(item.id(), instanceId, item.attempts(), status, millis(exchange))) {
            log.warn("Outbox row {} was delivered after its lease ran out; another instance may deliver it too",
                    item.id());
        }
        log.info("Delivered {} {} to {} (attempt {})", item.channel(), item.eventType(), who(item), item.attempts());
    }

    /** The attempt failed: due again after the next delay, or, after the last one, given up. */
    public void failed(@ExchangeProperty(ITEM) OutboxItem item, @ExchangeProperty(HTTP_STATUS) Integer status,
                       @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure, Exchange exchange) {
        String error = failure instanceof DeliveryRefusedException refused ? refused.getMessage()
                : DeliverySocket.reason(failure).isPresent() ? DeliverySocket.reason(failure).get()
                : TransportFailures.classify(OutboxItem.EMAIL.equals(item.channel()) ? "the SMTP server" : "the receiver",
                failure).getMessage();
        List<Duration> delays = properties.retryDelays();
        boolean givenUp = item.attempts() > delays.size();
        Instant retryAt = givenUp ? null : Instant.now().plus(delays.get(item.attempts() - 1));
        outbox.failed(item.id(), instanceId, item.attempts(), status, error, millis(exchange), retryAt);
        exchange.setProperty(GIVEN_UP, givenUp);
        if (!givenUp) {
            log.info("Delivery of {} {} to {} failed (attempt {}): {}; next attempt at {}", item.channel(),
                    item.eventType(), who(item), item.attempts(), error, retryAt);
        }
    }

    /** The dead letter: every attempt failed; the operators are told, the row stays for the delivery log. */
    public void deadLetter(@ExchangeProperty(ITEM) OutboxItem item) {
        audit.record(item.officeId(), AuditTrail.SYSTEM, "notification.dead_letter", "outbox", item.id(),
                Map.of("channel", item.channel(), "event", item.eventType(), "attempts", item.attempts()));
        log.warn("OPERATORS: gave up delivering {} {} to {} after {} attempts (outbox row {}, dead letter)",
                item.channel(), item.eventType(), who(item), item.attempts(), item.id());
    }

    private void start(OutboxItem item, Exchange exchange) {
        exchange.setProperty(ITEM, item);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.removeProperty(HTTP_STATUS);
    }

    private static long millis(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        return started == null ? 0 : Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /** Who a delivery went to, for logs: the user or webhook id, never an address or URL. */
    private static String who(OutboxItem item) {
        return OutboxItem.EMAIL.equals(item.channel()) ? "user " + item.userId() : "webhook " + item.webhookId();
    }

    private static String footer(OutboxItem item) {
        return "\n\n--\nKoppel (" + item.eventType() + ")";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "koppel";
        }
    }
}
