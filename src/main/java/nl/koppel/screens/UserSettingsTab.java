package nl.koppel.screens;

import java.util.List;
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

    public UserSettingsTab(ConnectionService connections) {
        this.connections = connections;
    }

    public record MySystem(nl.koppel.connections.ConnectionView connection, boolean connected) {
    }

    @GetMapping(PATH)
    String tab(@AuthenticationPrincipal SignedInUser caller, Model model) {
        List<MySystem> mine = connections.list(caller, AccountingSystemTab.officeOf(caller)).stream()
                .filter(c -> c.syncUser().id().equals(caller.user().id()))
                .map(c -> new MySystem(c, c.status() == ConnectionStatus.CONNECTED))
                .toList();
        model.addAttribute("systems", mine);
        return "boekhoudsysteemgebruikers";
    }
}
