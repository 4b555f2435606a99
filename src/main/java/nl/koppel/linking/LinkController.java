package nl.koppel.linking;

import java.util.UUID;
import nl.koppel.connections.ConnectionView;
import nl.koppel.security.SignedInUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** "Koppeling maken" and the OAuth callback the accounting system redirects the sync user's browser to. */
@RestController
public class LinkController {

    private final LinkService links;

    public LinkController(LinkService links) {
        this.links = links;
    }

    @PostMapping("/api/v1/offices/{officeId}/accounting-systems/{connectionId}/link")
    public LinkService.LinkStart start(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                                       @AuthenticationPrincipal SignedInUser caller) {
        return links.start(caller, officeId, connectionId);
    }

    @GetMapping("/api/v1/oauth/callback")
    public ConnectionView callback(@RequestParam(required = false) String code,
                                   @RequestParam(required = false) String state,
                                   @RequestParam(required = false) String error,
                                   @AuthenticationPrincipal SignedInUser caller) {
        return links.complete(code, state, error, caller);
    }
}
