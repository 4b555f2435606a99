package nl.koppel.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import nl.koppel.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of every sign-in (API, actuator, Jolokia, the screens' form): a user name or client address with too
 * many failed sign-ins is answered 429 with Retry-After for a while (the form: sent back to the sign-in page with
 * a notice), before any password is checked, so guessing
 * costs the guesser time and Koppel no bcrypt. A blocked user name is refused even with the right password
 * (otherwise the block would tell a guesser when they are right).
 */
final class SignInThrottle extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    private final SignInFailures failures;
    private final SignInProperties properties;
    private final ObjectMapper json;

    SignInThrottle(SignInProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.failures = new SignInFailures(clock, properties.failureWindow(), properties.blockFor());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean form = isFormSignIn(request);
        Optional<String> user = form ? Optional.ofNullable(request.getParameter("username")) : basicUserName(request);
        if (user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String userKey = "user:" + user.get().toLowerCase(Locale.ROOT);
        String addressKey = "address:" + request.getRemoteAddr();
        Optional<Duration> blocked = failures.blocked(userKey).or(() -> failures.blocked(addressKey));
        if (blocked.isPresent()) {
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            if (form) {
                response.setHeader("Retry-After", Long.toString(seconds));
                response.sendRedirect(request.getContextPath() + "/login?geblokkeerd=" + seconds);
                return;
            }
            response.setStatus(429);
            response.setHeader("Retry-After", Long.toString(seconds));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ApiError.of("too_many_failed_sign_ins",
                    "Too many failed sign-ins for this user or from this address; try again in " + seconds + " s"));
            return;
        }
        chain.doFilter(request, response);
        if (form ? formSignInFailed(response) : response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            failures.failed(userKey, properties.maxFailuresPerUser());
            failures.failed(addressKey, properties.maxFailuresPerAddress());
            if (failures.blocked(userKey).isPresent() || failures.blocked(addressKey).isPresent()) {
                log.warn("Sign-in refused for {} from {} for {} after repeated failures", user.get(),
                        request.getRemoteAddr(), properties.blockFor());
            }
        } else {
            failures.succeeded(userKey);
        }
    }

    /** The screens' sign-in form posts to /login; Spring Security answers it with a redirect. */
    static boolean isFormSignIn(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath());
    }

    /** A refused form sign-in is sent back to the form with ?error (SecurityConfiguration's formLogin). */
    private static boolean formSignInFailed(HttpServletResponse response) {
        String location = response.getHeader("Location");
        return location != null && location.contains("/login?error");
    }

    /** The user name of an HTTP Basic Authorization header (never the password), if there is one. */
    static Optional<String> basicUserName(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(0, colon));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
