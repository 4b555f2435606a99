package nl.koppel.notifications;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.security.SignedInUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** An office's webhooks (SUPERGEBRUIKER, ACCOUNTANT): register, list, delete, and each one's delivery log. */
@RestController
public class WebhookController {

    private static final String BASE = "/api/v1/offices/{officeId}/webhooks";

    private final WebhookService webhooks;

    public WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** @param events the event types to receive (the {@link EventType} names; see README, "Channels") */
    public record NewWebhook(String url,
                             @io.swagger.v3.oas.annotations.media.ArraySchema(schema =
                             @io.swagger.v3.oas.annotations.media.Schema(allowableValues = {"connection.disconnected",
                                     "connection.reconnected", "connection.linked_user_changed", "dossier.added",
                                     "dossier.inaccessible", "dossier.connection_key_rejected", "sync.failed"}))
                             List<String> events) {
    }

    public record WebhookView(UUID id, String url, List<String> events, String createdBy, Instant createdAt) {
        static WebhookView of(Webhook w) {
            return new WebhookView(w.id(), w.url(), w.events(), w.createdBy(), w.createdAt());
        }
    }

    /** The reply to a creation: the only one that holds the secret. */
    public record CreatedView(UUID id, String url, List<String> events, String secret, String createdBy,
                              Instant createdAt) {
    }

    @PostMapping(BASE)
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedView create(@PathVariable UUID officeId, @RequestBody NewWebhook request,
                              @AuthenticationPrincipal SignedInUser caller) {
        WebhookService.Created created = webhooks.create(caller, officeId, request.url(), request.events());
        Webhook w = created.webhook();
        return new CreatedView(w.id(), w.url(), w.events(), created.secret(), w.createdBy(), w.createdAt());
    }

    @GetMapping(BASE)
    public List<WebhookView> list(@PathVariable UUID officeId, @AuthenticationPrincipal SignedInUser caller) {
        return webhooks.list(caller, officeId).stream().map(WebhookView::of).toList();
    }

    @GetMapping(BASE + "/{webhookId}")
    public WebhookView get(@PathVariable UUID officeId, @PathVariable UUID webhookId,
                           @AuthenticationPrincipal SignedInUser caller) {
        return WebhookView.of(webhooks.find(caller, officeId, webhookId));
    }

    @DeleteMapping(BASE + "/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable UUID officeId, @PathVariable UUID webhookId,
                       @AuthenticationPrincipal SignedInUser caller) {
        webhooks.delete(caller, officeId, webhookId);
    }

    public record AttemptView(int attempt, Instant attemptedAt, String outcome, Integer httpStatus, String error,
                              Long durationMs) {
    }

    public record DeliveryView(String webhookId, String event, String status, int attempts, Instant createdAt,
                               Instant nextAttemptAt, Instant sentAt, String lastError, List<AttemptView> log) {
    }

    /** The delivery log, newest first: each delivery with its webhook-id, status and every attempt. */
    @GetMapping(BASE + "/{webhookId}/deliveries")
    public Map<String, Object> deliveries(@PathVariable UUID officeId, @PathVariable UUID webhookId,
                                          @RequestParam(defaultValue = "50") int limit,
                                          @RequestParam(defaultValue = "0") int offset,
                                          @AuthenticationPrincipal SignedInUser caller) {
        List<DeliveryView> items = webhooks.deliveries(caller, officeId, webhookId, limit, offset).stream()
                .map(d -> new DeliveryView(d.item().messageId(), d.item().eventType(), d.item().status(),
                        d.item().attempts(), d.item().createdAt(),
                        "PENDING".equals(d.item().status()) ? d.item().nextAttemptAt() : null, d.item().sentAt(),
                        d.item().lastError(), d.attempts().stream().map(a -> new AttemptView(a.attempt(),
                                a.attemptedAt(), a.outcome(), a.httpStatus(), a.error(), a.durationMillis())).toList()))
                .toList();
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("items", items);
        reply.put("_metadata", Map.of("total", webhooks.countDeliveries(webhookId), "count", items.size(),
                "limit", limit, "offset", offset));
        return reply;
    }
}
