package nl.koppel.notifications;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.audit.AuditTrail;
import nl.koppel.credentials.TokenCipher;
import nl.koppel.security.OfficeAccess;
import nl.koppel.security.SignedInUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An office's webhooks: register one (its secret shown once), list, delete, and read its delivery log. */
@Service
public class WebhookService {

    private static final int MAX_URL_LENGTH = 2000;

    private final WebhookRepository webhooks;
    private final OutboxRepository outbox;
    private final TokenCipher cipher;
    private final AuditTrail audit;
    private final WebhookDestinations destinations;
    private final NotificationProperties properties;

    public WebhookService(WebhookRepository webhooks, OutboxRepository outbox, TokenCipher cipher, AuditTrail audit,
                          WebhookDestinations destinations, NotificationProperties properties) {
        this.properties = properties;
        this.webhooks = webhooks;
        this.outbox = outbox;
        this.cipher = cipher;
        this.audit = audit;
        this.destinations = destinations;
    }

    /** A new webhook with its secret: the only time the secret leaves Koppel. */
    public record Created(Webhook webhook, String secret) {
    }

    @Transactional
    public Created create(SignedInUser caller, UUID officeId, String url, List<String> events) {
        OfficeAccess.requireMember(caller, officeId);
        OfficeAccess.requireManager(caller);
        String checkedUrl = checkUrl(url);
        destinations.refusalToRegister(URI.create(checkedUrl)).ifPresent(reason -> {
            throw ApiException.unprocessable("webhook_url_not_allowed", reason, "url");
        });
        List<String> checkedEvents = checkEvents(events);
        int limit = properties.webhook().maxPerOffice();
        if (webhooks.countLockingOffice(officeId) >= limit) {
            throw ApiException.unprocessable("webhook_limit_reached", "An office has at most " + limit
                    + " webhooks; delete one first", "url");
        }
        UUID id = UUID.randomUUID();
        String secret = WebhookSigner.newSecret();
        Webhook webhook = webhooks.insert(id, officeId, checkedUrl, checkedEvents, cipher.encrypt(secret, id),
                caller.getUsername());
        audit.record(officeId, caller.getUsername(), "webhook.created", "webhook", id,
                Map.of("events", checkedEvents, "host", URI.create(checkedUrl).getHost()));
        return new Created(webhook, secret);
    }

    public List<Webhook> list(SignedInUser caller, UUID officeId) {
        OfficeAccess.requireMember(caller, officeId);
        OfficeAccess.requireManager(caller);
        return webhooks.findByOffice(officeId);
    }

    @Transactional
    public void delete(SignedInUser caller, UUID officeId, UUID webhookId) {
        find(caller, officeId, webhookId);
        webhooks.delete(officeId, webhookId);
        audit.record(officeId, caller.getUsername(), "webhook.deleted", "webhook", webhookId, Map.of());
    }

    public Webhook find(SignedInUser caller, UUID officeId, UUID webhookId) {
        OfficeAccess.requireMember(caller, officeId);
        OfficeAccess.requireManager(caller);
        return webhooks.find(webhookId).filter(w -> w.officeId().equals(officeId))
                .orElseThrow(() -> ApiException.notFound("webhook_not_found", "No webhook " + webhookId));
    }

    public record Delivery(OutboxItem item, List<OutboxRepository.Attempt> attempts) {
    }

    public List<Delivery> deliveries(SignedInUser caller, UUID officeId, UUID webhookId, int limit, int offset) {
        find(caller, officeId, webhookId);
        if (limit < 1 || limit > 200 || offset < 0) {
            throw ApiException.badRequest("paging_invalid", "limit must be 1..200 and offset >= 0");
        }
        List<Delivery> result = new ArrayList<>();
        for (OutboxItem item : outbox.deliveriesOf(webhookId, limit, offset)) {
            result.add(new Delivery(item, outbox.attempts(item.id())));
        }
        return result;
    }

    public long countDeliveries(UUID webhookId) {
        return outbox.countDeliveriesOf(webhookId);
    }

    /** Only absolute http(s) URLs with a host and without user info (credentials would end up in logs). */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw ApiException.unprocessable("webhook_url_invalid", "Give the receiver's url", "url");
        }
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw ApiException.unprocessable("webhook_url_invalid", "The url is not a valid URL", "url");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.unprocessable("webhook_url_invalid", "A webhook url must start with https:// (or"
                    + " http://)", "url");
        }
        if (uri.getHost() == null || uri.getHost().isBlank() || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || trimmed.length() > MAX_URL_LENGTH) {
            throw ApiException.unprocessable("webhook_url_invalid", "A webhook url needs a host, and no user"
                    + " name, password or fragment (at most " + MAX_URL_LENGTH + " characters)", "url");
        }
        return trimmed;
    }

    static List<String> checkEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ApiException.unprocessable("webhook_events_invalid", "Give at least one event: " + known(), "events");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String event : events) {
            if (event == null || EventType.fromType(event).isEmpty()) {
                throw ApiException.unprocessable("webhook_events_invalid", "Unknown event '" + event + "'; events: "
                        + known(), "events");
            }
            checked.add(event);
        }
        return List.copyOf(checked);
    }

    private static String known() {
        return String.join(", ", java.util.Arrays.stream(EventType.values()).map(EventType::type).toList());
    }
}
