package nl.koppel.screens;

import nl.koppel.notifications.InboxRepository;
import nl.koppel.office.OfficeUser;
import nl.koppel.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the header of every screen shows: who is signed in and how many notifications are unread. */
@ControllerAdvice(basePackageClasses = ScreenModel.class)
public class ScreenModel {

    private final InboxRepository inbox;

    public ScreenModel(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @ModelAttribute("me")
    OfficeUser me(@AuthenticationPrincipal SignedInUser caller) {
        return caller == null ? null : caller.user();
    }

    @ModelAttribute("unread")
    long unread(@AuthenticationPrincipal SignedInUser caller) {
        return caller == null ? 0 : inbox.unread(caller.user().id());
    }
}
