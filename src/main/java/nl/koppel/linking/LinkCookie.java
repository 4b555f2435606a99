package nl.koppel.linking;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The cookie that binds a started link to the browser that started it: HttpOnly (no script reads it), Secure when
 * Koppel is reached over https, SameSite=Lax (sent on the accounting system's top-level redirect back, not on
 * cross-site subrequests), and only sent to the path that finishes the link: the callback's, or the connection-key
 * page's.
 */
@Component
public class LinkCookie {

    public static final String NAME = "koppel_link";

    public ResponseEntity<Void> redirectBound(LinkService.BrowserBinding binding, HttpServletRequest request) {
        ResponseCookie bound = base(request, binding.browserSecret(), binding.cookiePath()).maxAge(binding.validFor())
                .build();
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(binding.authorizeUrl()))
                .header(HttpHeaders.SET_COOKIE, bound.toString()).build();
    }

    public String cleared(HttpServletRequest request) {
        return base(request, "", LinkController.CALLBACK_PATH).maxAge(Duration.ZERO).build().toString();
    }

    /** Systems linked by connection key: the cookie of the key page (when the sync user is done with it). */
    public String clearedKeyPage(HttpServletRequest request) {
        return base(request, "", ConnectionKeyLinking.PAGE_PATH).maxAge(Duration.ZERO).build().toString();
    }

    private static ResponseCookie.ResponseCookieBuilder base(HttpServletRequest request, String value, String path) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(request.isSecure()).sameSite("Lax")
                .path(path);
    }
}
