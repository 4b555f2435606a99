package nl.koppel.screens;

import nl.koppel.api.ApiException;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A refusal on a screen is said in the user's words: {@code fout.<code>} from the messages when there is one,
 * else the API's own message. A page that cannot be shown renders the error page with the API's status.
 */
@ControllerAdvice(basePackageClasses = ScreenFailures.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ScreenFailures {

    private final MessageSource messages;

    public ScreenFailures(MessageSource messages) {
        this.messages = messages;
    }

    public String say(ApiException e) {
        return messages.getMessage("fout." + e.code(), null, e.getMessage(), LocaleContextHolder.getLocale());
    }

    /** For a form's handler: the outcome as a banner on the page it redirects to. */
    public void flash(RedirectAttributes redirect, ApiException e) {
        redirect.addFlashAttribute("fout", say(e));
    }

    @ExceptionHandler(ApiException.class)
    String page(ApiException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("fout", say(e));
        return "fout";
    }
}
