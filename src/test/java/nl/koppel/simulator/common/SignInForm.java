package nl.koppel.simulator.common;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The accounting systems' sign-in page, as the simulators show it to a browser: user name and password of the
 * accounting-system user; a wrong password is refused with the form again (401). A request that does not ask for
 * {@code text/html} by name (curl, Koppel's tests) keeps the simulators' old behaviour: the approving user set by
 * the test or the demo consents at once. The real systems also show a consent screen after the sign-in; the
 * simulators take the sign-in as consent (an assumption of the simulators, docs/screens.md).
 */
public final class SignInForm {

    /** The fields of the authorize request that go back with the form, unchanged. */
    private static final String[] CARRIED = {"client_id", "redirect_uri", "response_type", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "force_login"};

    private final String systemName;
    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    public SignInForm(String systemName) {
        this.systemName = systemName;
    }

    /** Sets the password of an accounting-system user (the sign-in name the form asks for). */
    public void password(String userName, String password) {
        passwords.put(userName, password);
    }

    public boolean passwordMatches(String userName, String password) {
        return userName != null && password != null && password.equals(passwords.get(userName));
    }

    /** A browser asks for HTML by name; curl and API clients do not. */
    public static boolean isBrowser(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("text/html");
    }

    public static boolean isSubmission(HttpExchange exchange) {
        return "POST".equals(exchange.getRequestMethod());
    }

    /**
     * Answers the request with the form when it is a browser's first visit or a sign-in with a wrong password, and
     * says so; false: the caller goes on and issues the code (for the signed-in user, or the approving user).
     */
    public boolean answers(HttpExchange exchange, Map<String, String> request) throws IOException {
        boolean submitted = isSubmission(exchange);
        if (submitted && !passwordMatches(request.get("username"), request.get("password"))) {
            show(exchange, request, request.get("username"), true);
            return true;
        }
        if (!submitted && isBrowser(exchange)) {
            show(exchange, request, null, false);
            return true;
        }
        return false;
    }

    /** The sign-in page: the authorize request's parameters ride along as hidden fields. */
    private void show(HttpExchange exchange, Map<String, String> request, String userName, boolean refused)
            throws IOException {
        StringBuilder hidden = new StringBuilder();
        for (String name : CARRIED) {
            if (request.get(name) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(request.get(name))).append("\">");
            }
        }
        String html = """
                <!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Inloggen – %1$s (simulator)</title>
                <style>body{font:16px/1.5 system-ui,sans-serif;background:#eef1f5;margin:0}
                main{max-width:24rem;margin:40px auto;background:#fff;padding:24px;border-radius:8px;border:1px solid #ccd}
                label{display:block;font-weight:600;margin:12px 0 4px}input{font:inherit;padding:8px;width:100%%;box-sizing:border-box}
                button{font:inherit;margin-top:16px;padding:8px 16px}.error{color:#a4161a;font-weight:700}</style></head>
                <body><main><h1>%1$s</h1><p>Log in met de gebruiker in %1$s die Koppel mag gebruiken.</p>%2$s
                <form method="post" action="%3$s">%4$s
                <label for="username">Gebruikersnaam</label><input id="username" name="username" value="%5$s" autocomplete="username" required>
                <label for="password">Wachtwoord</label><input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit" id="inloggen">Inloggen en toegang geven</button></form>
                <p><small>Simulator van %1$s voor tests en de demo.</small></p></main></body></html>
                """.formatted(systemName,
                refused ? "<p class=\"error\" role=\"alert\" id=\"fout\">Gebruikersnaam of wachtwoord is onjuist.</p>" : "",
                escape(exchange.getRequestURI().getPath()), hidden, escape(userName == null ? "" : userName));
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(refused ? 401 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
