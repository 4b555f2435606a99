package nl.koppel.screens;

import java.util.List;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import org.springframework.web.bind.annotation.RequestParam;
import nl.koppel.connections.ConnectionService;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Gebruikersinstellingen > tab Boekhoudsysteemgebruikers: the accounting systems the signed-in user is the sync user
 * of, each with its linked accounting-system user, status and Koppeling maken.
 */
@Controller
public class UserSettingsTab {

    static final String PATH = "/instellingen/gebruiker/boekhoudsysteemgebruikers";

    private final ConnectionService connections;
    private final OfficeUserRepository users;

    public UserSettingsTab(ConnectionService connections, OfficeUserRepository users) {
        this.connections = connections;
        this.users = users;
    }

    public record MySystem(nl.koppel.connections.ConnectionView connection, boolean connected) {
    }

    /** The signed-in user's tab, or (from the sync user's name on the office tab) another user's of the office. */
    @GetMapping(PATH)
    String tab(@AuthenticationPrincipal SignedInUser caller, @RequestParam(required = false) UUID gebruiker,
               Model model) {
        UUID officeId = AccountingSystemTab.officeOf(caller);
        OfficeUser shown = gebruiker == null ? caller.user() : users.find(gebruiker)
                .filter(u -> officeId.equals(u.officeId()))
                .orElseThrow(() -> ApiException.notFound("not_found", "No user " + gebruiker + " in this office"));
        List<MySystem> systems = connections.list(caller, officeId).stream()
                .filter(c -> c.syncUser().id().equals(shown.id()))
                .map(c -> new MySystem(c, c.status() == ConnectionStatus.CONNECTED))
                .toList();
        model.addAttribute("shown", shown);
        model.addAttribute("itsMe", shown.id().equals(caller.user().id()));
        model.addAttribute("systems", systems);
        return "boekhoudsysteemgebruikers";
    }
}
