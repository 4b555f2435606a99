package nl.koppel.linking;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Content negotiation of the link's browser-facing URLs: a browser asks for {@code text/html} by name; an API
 * client (JSON, {@code *}{@code /*} or no Accept at all, as curl sends) gets JSON as before.
 */
final class BrowserRequests {

    /** Instellingen > Kantoor > Boekhoudsysteem, where a browser lands after the link. */
    static final String TAB = "/instellingen/kantoor/boekhoudsysteem";

    private BrowserRequests() {
    }

    static boolean wantsHtml(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> MediaType.TEXT_HTML.equalsTypeAndSubtype(type));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static <T> ResponseEntity<T> seeOther(String path, String... cookies) {
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(path));
        for (String cookie : cookies) {
            reply.header(HttpHeaders.SET_COOKIE, cookie);
        }
        return reply.build();
    }
}
