package nl.koppel.screens;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.connections.ConnectionChecks;
import nl.koppel.connections.ConnectionRepository;
import nl.koppel.connections.ConnectionRequests;
import nl.koppel.connections.ConnectionService;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.connections.ConnectionView;
import nl.koppel.dossiers.DossierCommands;
import nl.koppel.linking.LinkCookie;
import nl.koppel.linking.LinkService;
import nl.koppel.office.Language;
import nl.koppel.office.OfficeUser;
import nl.koppel.office.OfficeUserRepository;
import nl.koppel.office.Role;
import nl.koppel.notifications.NotificationTexts;
import nl.koppel.security.SignedInUser;
import nl.koppel.systems.AccountingSystemCatalog;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Instellingen > Kantoor > tab Boekhoudsysteem: each accounting system of the office with its status, sync user and
 * accounting-system user; Nu controleren; Koppeling maken for the sync user; adding a system, changing its sync
 * user and the automatic adding of new dossiers for super users and accountants.
 */
@Controller
public class AccountingSystemTab {

    static final String PATH = "/instellingen/kantoor/boekhoudsysteem";

    private final ConnectionService connections;
    private final ConnectionRepository connectionRows;
    private final ConnectionChecks checks;
    private final DossierCommands dossiers;
    private final LinkService links;
    private final LinkCookie linkCookie;
    private final OfficeUserRepository users;
    private final AccountingSystemCatalog catalog;
    private final ScreenFailures failures;
    private final MessageSource messages;

    public AccountingSystemTab(ConnectionService connections, ConnectionRepository connectionRows,
                               ConnectionChecks checks, DossierCommands dossiers, LinkService links,
                               LinkCookie linkCookie, OfficeUserRepository users, AccountingSystemCatalog catalog,
                               ScreenFailures failures, MessageSource messages) {
        this.connections = connections;
        this.connectionRows = connectionRows;
        this.checks = checks;
        this.dossiers = dossiers;
        this.links = links;
        this.linkCookie = linkCookie;
        this.users = users;
        this.catalog = catalog;
        this.failures = failures;
        this.messages = messages;
    }

    /** One accounting system as the tab shows it. */
    public record SystemRow(ConnectionView connection, boolean connected, String reason, boolean autoAddNewDossiers,
                            boolean mine) {
    }

    @GetMapping("/")
    String home() {
        return "redirect:" + PATH;
    }

    @GetMapping(PATH)
    String tab(@AuthenticationPrincipal SignedInUser caller, Model model,
               @RequestParam(required = false) UUID gekoppeld,
               @RequestParam(required = false) String koppelfout,
               @RequestParam(required = false) UUID systeem) {
        UUID officeId = officeOf(caller);
        Language language = caller.user().language();
        List<SystemRow> rows = connections.list(caller, officeId).stream()
                .map(c -> new SystemRow(c, c.status() == ConnectionStatus.CONNECTED, reason(c, language),
                        connectionRows.autoAddNewDossiers(c.id()), c.syncUser().id().equals(caller.user().id())))
                .toList();
        model.addAttribute("systems", rows);
        model.addAttribute("officeUsers", users.findByOffice(officeId));
        model.addAttribute("mayManage", caller.user().role().mayManageAccountingSystems());
        model.addAttribute("managers", managers(officeId));
        model.addAttribute("addableTypes", catalog.types().stream()
                .filter(type -> rows.stream().noneMatch(r -> r.connection().type().equals(type)))
                .map(type -> catalog.find(type).orElseThrow()).toList());
        if (gekoppeld != null) {
            rows.stream().filter(r -> r.connection().id().equals(gekoppeld)).findFirst().ifPresent(r ->
                    model.addAttribute("melding", messages.getMessage("koppeling.gemaakt", new Object[] {
                            r.connection().displayName(), r.connection().accountingSystemUser() == null ? "?"
                                    : r.connection().accountingSystemUser().username()},
                            LocaleContextHolder.getLocale())));
        }
        if (koppelfout != null && koppelfout.matches("[a-z_]{1,60}")) {
            String system = Optional.ofNullable(systeem).flatMap(id -> rows.stream()
                    .filter(r -> r.connection().id().equals(id)).findFirst())
                    .map(r -> r.connection().displayName()).orElse("");
            model.addAttribute("fout", messages.getMessage("koppeling.mislukt", new Object[] {system,
                    messages.getMessage("fout." + koppelfout, null, koppelfout, LocaleContextHolder.getLocale())},
                    LocaleContextHolder.getLocale()));
        }
        return "boekhoudsysteem";
    }

    @PostMapping(PATH + "/toevoegen")
    String add(@AuthenticationPrincipal SignedInUser caller, @RequestParam String type, @RequestParam UUID syncUserId,
               RedirectAttributes redirect) {
        return act(redirect, () -> {
            ConnectionView added = connections.add(caller, officeOf(caller),
                    new ConnectionRequests.AddAccountingSystem(type, syncUserId));
            return say("systeem.toegevoegd", added.displayName(), added.syncUser().name());
        });
    }

    @PostMapping(PATH + "/{connectionId}/synchronisatiegebruiker")
    String changeSyncUser(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID connectionId,
                          @RequestParam UUID userId, RedirectAttributes redirect) {
        return act(redirect, () -> {
            ConnectionView changed = connections.changeSyncUser(caller, officeOf(caller), connectionId, userId);
            return say("synchronisatiegebruiker.gewijzigd", changed.displayName(), changed.syncUser().name());
        });
    }

    @PostMapping(PATH + "/{connectionId}/automatisch-toevoegen")
    String autoAdd(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID connectionId,
                   @RequestParam boolean aan, RedirectAttributes redirect) {
        return act(redirect, () -> {
            dossiers.settings(caller, officeOf(caller), connectionId, aan);
            return say(aan ? "automatisch.aan" : "automatisch.uit");
        });
    }

    @PostMapping(PATH + "/{connectionId}/controleren")
    String check(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID connectionId,
                 RedirectAttributes redirect) {
        try {
            ConnectionChecks.CheckResult result = checks.checkNow(caller, officeOf(caller), connectionId);
            ConnectionView c = result.accountingSystem();
            if ("OK".equals(result.result())) {
                redirect.addFlashAttribute("melding", say("controle.ok", c.displayName(), c.statusLabel()));
            } else {
                redirect.addFlashAttribute("fout", say("controle.niet-ok", c.displayName(), c.statusLabel(),
                        reason(c, caller.user().language())));
            }
        } catch (ApiException e) {
            failures.flash(redirect, e);
        }
        return "redirect:" + PATH;
    }

    /** Only the sync user: starts the link bound to this browser and sends it to the accounting system. */
    @PostMapping(PATH + "/{connectionId}/koppeling-maken")
    Object link(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID connectionId,
                HttpServletRequest request, RedirectAttributes redirect) {
        try {
            return linkCookie.redirectBound(links.startInBrowser(caller, officeOf(caller), connectionId), request);
        } catch (ApiException e) {
            failures.flash(redirect, e);
            return "redirect:" + PATH;
        }
    }

    /** A form's action: its outcome, or the refusal in words, as the banner of the tab it returns to. */
    private String act(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("melding", action.get());
        } catch (ApiException e) {
            failures.flash(redirect, e);
        }
        return "redirect:" + PATH;
    }

    private String reason(ConnectionView c, Language language) {
        String user = c.accountingSystemUser() == null ? null : c.accountingSystemUser().username();
        return language == Language.EN ? NotificationTexts.reasonEn(c.statusReason(), c.displayName(), user)
                : NotificationTexts.reasonNl(c.statusReason(), c.displayName(), user);
    }

    /** Who may add systems and change sync users: told to those who may not. */
    private List<OfficeUser> managers(UUID officeId) {
        return users.findByOffice(officeId).stream().filter(u -> u.role().mayManageAccountingSystems()).toList();
    }

    private String say(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }

    static UUID officeOf(SignedInUser caller) {
        if (caller.user().officeId() == null) {
            throw ApiException.forbidden("platform_account_has_no_office", "The platform account has no office screens");
        }
        return caller.user().officeId();
    }

    static boolean isSuperUser(SignedInUser caller) {
        return caller.user().role() == Role.SUPERGEBRUIKER;
    }

}
