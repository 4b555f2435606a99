package nl.koppel.screens;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.connections.ConnectionService;
import nl.koppel.connections.ConnectionView;
import nl.koppel.dossiers.DossierCommands;
import nl.koppel.dossiers.DossierQueries;
import nl.koppel.dossiers.DossierViews;
import nl.koppel.security.SignedInUser;
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
 * Dossiers: the office's dossiers with accounting system, status and last successful sync; per dossier the sync
 * status of each kind and "Nu synchroniseren" (super users, at most once per 15 minutes: the page says when it is
 * possible again); the dossiers that can be added, at most five at a time as on the platform's own screen.
 */
@Controller
public class DossierScreen {

    static final String PATH = "/dossiers";
    /** The platform's web screen adds at most this many dossiers at a time (sync-user.md, rule 7). */
    static final int MAX_ADD_AT_ONCE = 5;

    private final DossierQueries queries;
    private final DossierCommands commands;
    private final ConnectionService connections;
    private final ScreenFailures failures;
    private final ScreenTimes times;
    private final MessageSource messages;

    public DossierScreen(DossierQueries queries, DossierCommands commands, ConnectionService connections,
                         ScreenFailures failures, ScreenTimes times, MessageSource messages) {
        this.queries = queries;
        this.commands = commands;
        this.connections = connections;
        this.failures = failures;
        this.times = times;
        this.messages = messages;
    }

    @GetMapping(PATH)
    String list(@AuthenticationPrincipal SignedInUser caller, Model model) {
        UUID officeId = AccountingSystemTab.officeOf(caller);
        List<ConnectionView> systems = connections.list(caller, officeId);
        model.addAttribute("dossiers", queries.list(caller, officeId));
        model.addAttribute("systems", systems);
        model.addAttribute("systemNames", systems.stream().collect(java.util.stream.Collectors.toMap(
                ConnectionView::id, ConnectionView::displayName)));
        model.addAttribute("mayAdd", caller.user().role().mayManageAccountingSystems());
        return "dossiers";
    }

    @GetMapping(PATH + "/{dossierId}")
    String dossier(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID dossierId, Model model) {
        UUID officeId = AccountingSystemTab.officeOf(caller);
        DossierViews.SyncStatusView status = queries.syncStatus(caller, officeId, dossierId);
        Instant allowedAt = status.nextManualSyncAllowedAt();
        DossierViews.DossierView dossier = queries.get(caller, officeId, dossierId);
        model.addAttribute("dossier", dossier);
        model.addAttribute("systemName",
                connections.get(caller, officeId, dossier.accountingSystem().id()).displayName());
        model.addAttribute("status", status);
        model.addAttribute("maySync", AccountingSystemTab.isSuperUser(caller));
        model.addAttribute("syncAllowedAt", allowedAt != null && allowedAt.isAfter(Instant.now()) ? allowedAt : null);
        return "dossier";
    }

    @PostMapping(PATH + "/{dossierId}/synchroniseren")
    String sync(@AuthenticationPrincipal SignedInUser caller, @PathVariable UUID dossierId,
                RedirectAttributes redirect) {
        UUID officeId = AccountingSystemTab.officeOf(caller);
        try {
            commands.requestSync(caller, officeId, dossierId);
            Instant next = queries.syncStatus(caller, officeId, dossierId).nextManualSyncAllowedAt();
            redirect.addFlashAttribute("melding", say("sync.gestart", times.at(next)));
        } catch (ApiException e) {
            if ("sync_requested_too_soon".equals(e.code())) {
                Instant next = queries.syncStatus(caller, officeId, dossierId).nextManualSyncAllowedAt();
                redirect.addFlashAttribute("fout", say("sync.te-vroeg", times.at(next)));
            } else {
                failures.flash(redirect, e);
            }
        }
        return "redirect:" + PATH + "/" + dossierId;
    }

    /** Asks the accounting system now which dossiers the linked user can see and that are not added yet. */
    @GetMapping(PATH + "/toevoegen")
    String addable(@AuthenticationPrincipal SignedInUser caller, @RequestParam UUID systeem, Model model) {
        UUID officeId = AccountingSystemTab.officeOf(caller);
        model.addAttribute("system", connections.get(caller, officeId, systeem));
        model.addAttribute("maxAtOnce", MAX_ADD_AT_ONCE);
        try {
            model.addAttribute("connectable", commands.connectable(caller, officeId, systeem));
        } catch (ApiException e) {
            model.addAttribute("connectable", List.of());
            model.addAttribute("fout", failures.say(e));
        }
        return "dossiers-toevoegen";
    }

    @PostMapping(PATH + "/toevoegen")
    String add(@AuthenticationPrincipal SignedInUser caller, @RequestParam UUID systeem,
               @RequestParam(name = "externalId", required = false) List<String> externalIds,
               RedirectAttributes redirect) {
        if (externalIds == null || externalIds.isEmpty()) {
            redirect.addFlashAttribute("fout", say("toevoegen.niets-gekozen"));
            return "redirect:" + PATH + "/toevoegen?systeem=" + systeem;
        }
        if (externalIds.size() > MAX_ADD_AT_ONCE) {
            redirect.addFlashAttribute("fout", say("toevoegen.te-veel", MAX_ADD_AT_ONCE));
            return "redirect:" + PATH + "/toevoegen?systeem=" + systeem;
        }
        try {
            List<DossierViews.DossierView> added = commands.add(caller, AccountingSystemTab.officeOf(caller), systeem,
                    externalIds);
            redirect.addFlashAttribute("melding", say("toevoegen.gelukt",
                    String.join(", ", added.stream().map(DossierViews.DossierView::name).toList())));
            return "redirect:" + PATH;
        } catch (ApiException e) {
            failures.flash(redirect, e);
            return "redirect:" + PATH + "/toevoegen?systeem=" + systeem;
        }
    }

    private String say(String key, Object... arguments) {
        return messages.getMessage(key, arguments, LocaleContextHolder.getLocale());
    }
}
