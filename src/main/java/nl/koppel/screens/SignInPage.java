package nl.koppel.screens;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form of the screens (Spring Security handles its POST). */
@Controller
public class SignInPage {

    @GetMapping("/login")
    String signIn() {
        return "login";
    }
}
