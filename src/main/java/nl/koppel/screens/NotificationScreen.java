package nl.koppel.screens;

import java.util.UUID;
import nl.koppel.notifications.InboxRepository;
import nl.koppel.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** Meldingen: the signed-in user's notifications, newest first; mark one or all read. */
@Controller
public class NotificationScreen {

    static final String PATH = "/meldingen";
    private static final int PAGE = 50;

    private final InboxRepository inbox;

    public NotificationScreen(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @GetMapping(PATH)
    String list(@AuthenticationPrincipal SignedInUser caller, Model model) {
        model.addAttribute("items", inbox.page(caller.user().id(), PAGE, 0));
        return "meldingen";
    }

    @PostMapping(PATH + "/{id}/gelezen")
    String read(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID id) {
        inbox.markRead(caller.user().id(), id);
        return "redirect:" + PATH;
    }

    @PostMapping(PATH + "/alles-gelezen")
    String readAll(@AuthenticationPrincipal SignedInUser caller) {
        inbox.markAllRead(caller.user().id());
        return "redirect:" + PATH;
    }
}
