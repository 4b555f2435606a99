package nl.koppel.screens;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import nl.koppel.api.ApiException;
import nl.koppel.connections.Connection;
import nl.koppel.dossiers.Dossier;
import nl.koppel.dossiers.DossierRepository;
import nl.koppel.linking.ConnectionKeyLinking;
import nl.koppel.linking.LinkCookie;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.AccountingSystemCatalog;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Koppeling maken" for a system linked by connection key: the page where the sync user enters koppelsleutels, one
 * per administration. It is reached only through the start URL (which binds it to this browser with the
 * {@code koppel_link} cookie, path {@value ConnectionKeyLinking#PAGE_PATH}); the form is CSRF-protected, the field a
 * password field without autocomplete, and the key is never put back on a page.
 */
@Controller
public class ConnectionKeyScreen {

    private final ConnectionKeyLinking linking;
    private final DossierRepository dossiers;
    private final AccountingSystemCatalog catalog;
    private final ScreenFailures failures;
    private final MessageSource messages;
    private final LinkCookie cookie;

    public ConnectionKeyScreen(ConnectionKeyLinking linking, DossierRepository dossiers,
                               AccountingSystemCatalog catalog, ScreenFailures failures, MessageSource messages,
                               LinkCookie cookie) {
        this.linking = linking;
        this.dossiers = dossiers;
        this.catalog = catalog;
        this.failures = failures;
        this.messages = messages;
        this.cookie = cookie;
    }

    /** One administration of the connection, as the page lists it: its name and whether its key works. */
    public record KeyRow(String externalId, String name, String status, java.time.Instant enteredAt) {
    }

    @GetMapping(ConnectionKeyLinking.PAGE_PATH)
    String page(@AuthenticationPrincipal SignedInUser caller,
                @CookieValue(name = LinkCookie.NAME, required = false) String browserSecret, Model model) {
        Connection connection = linking.connectionOf(caller, browserSecret); // refused: the error page says why
        String system = catalog.find(connection.systemType()).map(AccountingSystemCatalog.SystemType::displayName)
                .orElse(connection.systemType());
        Map<String, String> names = dossiers.findByConnection(connection.id()).stream()
                .collect(Collectors.toMap(Dossier::externalId, Dossier::name, (a, b) -> a));
        model.addAttribute("systemName", system);
        model.addAttribute("keys", linking.keysOf(connection.id()).stream()
                .map(k -> new KeyRow(k.externalId(), names.getOrDefault(k.externalId(), k.externalId()),
                        k.status().name(), k.enteredAt()))
                .toList());
        return "koppelsleutel";
    }

    @PostMapping(ConnectionKeyLinking.PAGE_PATH)
    String enter(@AuthenticationPrincipal SignedInUser caller,
                 @CookieValue(name = LinkCookie.NAME, required = false) String browserSecret,
                 @RequestParam(name = "koppelsleutel", required = false) String connectionKey,
                 RedirectAttributes redirect) {
        try {
            ConnectionKeyLinking.KeyLinked linked = linking.enter(caller, browserSecret, connectionKey);
            redirect.addFlashAttribute("melding", messages.getMessage(linked.replaced() ? "sleutel.vervangen"
                    : "sleutel.gekoppeld", new Object[] {linked.administration()}, LocaleContextHolder.getLocale()));
        } catch (ApiException e) {
            if (!"connection_key_refused".equals(e.code()) && !"connection_key_invalid".equals(e.code())
                    && !"connection_key_no_administration".equals(e.code())
                    && !"accounting_system_unavailable".equals(e.code())) {
                throw e; // the link itself is unusable: the error page says why and what to do
            }
            failures.flash(redirect, e);
        }
        return "redirect:" + ConnectionKeyLinking.PAGE_PATH;
    }

    /** Done: back to the tab; the key page's cookie is dropped. */
    @PostMapping(ConnectionKeyLinking.PAGE_PATH + "/klaar")
    org.springframework.http.ResponseEntity<Void> done(HttpServletRequest request) {
        return org.springframework.http.ResponseEntity.status(303)
                .location(java.net.URI.create(AccountingSystemTab.PATH))
                .header(HttpHeaders.SET_COOKIE, cookie.clearedKeyPage(request)).build();
    }

}
