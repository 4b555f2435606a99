package nl.koppel.linking;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.UUID;
import nl.koppel.api.ApiException;
import nl.koppel.security.SignedInUser;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * "Koppeling maken" and the OAuth callback the accounting system redirects the sync user's browser to.
 * <p>
 * The API's {@code POST .../link} answers a Koppel start URL (as {@code authorizeUrl}); the sync user's browser
 * opens it signed in (the screens' session, or HTTP Basic for a script), which binds the link to that browser with
 * an HttpOnly cookie and goes on to the accounting system. The callback answers JSON to API clients and sends a
 * browser (one that asks for {@code text/html}) back to the Boekhoudsysteem tab with a banner.
 */
@RestController
public class LinkController {

    public static final String START_PATH = "/koppeling/start";
    public static final String CALLBACK_PATH = "/api/v1/oauth/callback";

    private final LinkService links;
    private final LinkCookie cookie;

    public LinkController(LinkService links, LinkCookie cookie) {
        this.links = links;
        this.cookie = cookie;
    }

    /** @param authorizeUrl Koppel's start URL: open it in the sync user's signed-in browser */
    public record LinkStart(String authorizeUrl, Instant expiresAt) {
    }

    @PostMapping("/api/v1/offices/{officeId}/accounting-systems/{connectionId}/link")
    public LinkStart start(@PathVariable UUID officeId, @PathVariable UUID connectionId,
                           @AuthenticationPrincipal SignedInUser caller) {
        LinkService.StartedLink started = links.start(caller, officeId, connectionId);
        String startUrl = ServletUriComponentsBuilder.fromCurrentContextPath().path(START_PATH)
                .queryParam("state", started.state()).build().toUriString();
        return new LinkStart(startUrl, started.expiresAt());
    }

    /** The sync user's browser, signed in, opens the start URL: bound to it, on to the accounting system. */
    @GetMapping(START_PATH)
    public ResponseEntity<Void> openInBrowser(@RequestParam(required = false) String state,
                                              @AuthenticationPrincipal SignedInUser caller,
                                              HttpServletRequest request) {
        try {
            return cookie.redirectBound(links.bindBrowser(caller, state), request);
        } catch (ApiException refused) {
            if (BrowserRequests.wantsHtml(request)) {
                return BrowserRequests.seeOther(BrowserRequests.TAB + "?koppelfout=" + refused.code());
            }
            throw refused;
        }
    }

    @GetMapping(CALLBACK_PATH)
    public ResponseEntity<?> callback(@RequestParam(required = false) String code,
                                      @RequestParam(required = false) String state,
                                      @RequestParam(required = false) String error,
                                      @CookieValue(name = LinkCookie.NAME, required = false) String browserSecret,
                                      @AuthenticationPrincipal SignedInUser caller,
                                      HttpServletRequest request) {
        boolean browser = BrowserRequests.wantsHtml(request);
        try {
            var linked = links.complete(code, state, error, browserSecret, caller);
            if (browser) {
                return BrowserRequests.seeOther(BrowserRequests.TAB + "?gekoppeld=" + linked.id(),
                        cookie.cleared(request));
            }
            return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.cleared(request)).body(linked);
        } catch (ApiException refused) {
            if (browser) {
                String system = links.connectionOf(state).map(id -> "&systeem=" + id).orElse("");
                return BrowserRequests.seeOther(BrowserRequests.TAB + "?koppelfout=" + refused.code() + system);
            }
            throw refused;
        }
    }
}
