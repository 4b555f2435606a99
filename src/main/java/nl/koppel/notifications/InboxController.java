package nl.koppel.notifications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The in-app channel: the signed-in user's notifications, newest first, with the unread count. */
@RestController
public class InboxController {

    private static final String BASE = "/api/v1/me/notifications";
    private static final int MAX_LIMIT = 200;

    private final InboxRepository inbox;

    public InboxController(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @GetMapping(BASE)
    public Map<String, Object> list(@RequestParam(defaultValue = "50") int limit,
                                    @RequestParam(defaultValue = "0") int offset,
                                    @AuthenticationPrincipal SignedInUser caller) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw ApiException.badRequest("paging_invalid", "limit must be 1.." + MAX_LIMIT + " and offset >= 0");
        }
        UUID userId = caller.user().id();
        List<InboxRepository.InboxItem> items = inbox.page(userId, limit, offset);
        long total = inbox.count(userId);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("unread", inbox.unread(userId));
        reply.put("items", items);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", BASE + "?limit=" + limit + "&offset=" + offset);
        if (offset + items.size() < total) {
            links.put("next", BASE + "?limit=" + limit + "&offset=" + (offset + limit));
        }
        reply.put("_links", links);
        reply.put("_metadata", Map.of("total", total, "count", items.size(), "limit", limit, "offset", offset));
        return reply;
    }

    @PostMapping(BASE + "/{notificationId}/read")
    public InboxRepository.InboxItem read(@PathVariable UUID notificationId,
                                          @AuthenticationPrincipal SignedInUser caller) {
        return inbox.markRead(caller.user().id(), notificationId).orElseThrow(() ->
                ApiException.notFound("notification_not_found", "No notification " + notificationId));
    }

    @PostMapping(BASE + "/read-all")
    public Map<String, Object> readAll(@AuthenticationPrincipal SignedInUser caller) {
        return Map.of("marked", inbox.markAllRead(caller.user().id()), "unread", 0);
    }
}
