package nl.koppel.dossiers;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.koppel.security.SignedInUser;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.security.core.annotation.AuthenticationPrincipal;

/** Dossiers: connectable ones, adding them, the office's dossiers, their master data and sync status. */
@RestController
public class DossierController {

    private static final String SYSTEM = "/api/v1/offices/{officeId}/accounting-systems/{connectionId}";
    private static final String DOSSIER = "/api/v1/offices/{officeId}/dossiers/{dossierId}";

    private final DossierQueries queries;
    private final DossierCommands commands;

    public DossierController(DossierQueries queries, DossierCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    public record AddDossiers(@NotEmpty @Size(max = 100) List<String> externalIds) {
    }

    public record ConnectionSettings(Boolean autoAddNewDossiers) {
    }

    @GetMapping(SYSTEM + "/connectable-dossiers")
    public List<DossierViews.Connectable> connectable(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                                                      @AuthenticationPrincipal SignedInUser caller) {
        return commands.connectable(caller, officeId, connectionId);
    }

    @PostMapping(SYSTEM + "/dossiers")
    @ResponseStatus(HttpStatus.CREATED)
    public List<DossierViews.DossierView> add(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                                              @Valid @RequestBody AddDossiers request,
                                              @AuthenticationPrincipal SignedInUser caller) {
        return commands.add(caller, officeId, connectionId, request.externalIds());
    }

    @PatchMapping(SYSTEM)
    public Map<String, Object> settings(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                                        @RequestBody ConnectionSettings request,
                                        @AuthenticationPrincipal SignedInUser caller) {
        return commands.settings(caller, officeId, connectionId, request.autoAddNewDossiers());
    }

    @GetMapping("/api/v1/offices/{officeId}/dossiers")
    public List<DossierViews.DossierView> list(@PathVariable UUID officeId,
                                               @AuthenticationPrincipal SignedInUser caller) {
        return queries.list(caller, officeId);
    }

    @GetMapping(DOSSIER)
    public DossierViews.DossierView get(@PathVariable UUID officeId, @PathVariable UUID dossierId,
                                        @AuthenticationPrincipal SignedInUser caller) {
        return queries.get(caller, officeId, dossierId);
    }

    @GetMapping(DOSSIER + "/master-data/{kind}")
    public DossierViews.MasterDataPageView masterData(@PathVariable UUID officeId, @PathVariable UUID dossierId,
                                                      @PathVariable String kind,
                                                      @RequestParam(defaultValue = "100") int limit,
                                                      @RequestParam(defaultValue = "0") int offset,
                                                      @RequestParam(required = false) String after,
                                                      @AuthenticationPrincipal SignedInUser caller) {
        return queries.masterData(caller, officeId, dossierId, kind, limit, offset, after);
    }

    @GetMapping(DOSSIER + "/sync-status")
    public DossierViews.SyncStatusView syncStatus(@PathVariable UUID officeId, @PathVariable UUID dossierId,
                                                  @AuthenticationPrincipal SignedInUser caller) {
        return queries.syncStatus(caller, officeId, dossierId);
    }

    @PostMapping(DOSSIER + "/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public Map<String, Instant> sync(@PathVariable UUID officeId, @PathVariable UUID dossierId,
                                     @AuthenticationPrincipal SignedInUser caller) {
        return Map.of("requestedAt", commands.requestSync(caller, officeId, dossierId));
    }
}
