package nl.koppel.screens;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import nl.koppel.office.Language;
import nl.koppel.security.SignedInUser;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;

/** The screens speak the signed-in user's language (nl or en); Dutch before sign-in and by default. */
@Component("localeResolver")
public class ScreenLocale implements LocaleResolver {

    public static final Locale DUTCH = Locale.forLanguageTag("nl-NL");

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user
                && user.user().language() == Language.EN) {
            return Locale.ENGLISH;
        }
        return DUTCH;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        throw new UnsupportedOperationException("the language is the user's setting");
    }
}
