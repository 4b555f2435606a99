package nl.koppel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Koppel's connection-key page as the sync user's browser uses it (systems linked by key, SnelStart): after the start
 * URL bound the link to this client's cookies, each key is entered like a browser does: the page (for its CSRF
 * token), the form, and the page again with the outcome's banner.
 */
public final class ConnectionKeyPage {

    public static final String PATH = "/koppeling/sleutel";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern MELDING = Pattern.compile("id=\"melding\">.*?<span>([^<]*)</span>", Pattern.DOTALL);
    private static final Pattern FOUT = Pattern.compile("id=\"fout\">.*?<span>([^<]*)</span>", Pattern.DOTALL);

    /** The page after a key was entered: the banner (success) or the error, and the whole page. */
    public record Outcome(String banner, String error, String html) {
    }

    private final TestApi api;

    public ConnectionKeyPage(TestApi api) {
        this.api = api;
    }

    public Outcome enter(String user, String password, String key) {
        TestApi.Reply page = api.page(PATH, user, password);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("the key form carries a CSRF token").isTrue();
        TestApi.Reply posted = api.form(PATH, user, password, Map.of("_csrf", unescape(csrf.group(1)),
                "koppelsleutel", key));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(302);
        TestApi.Reply after = api.page(PATH, user, password);
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        return new Outcome(find(MELDING, after.body()), find(FOUT, after.body()), after.body());
    }

    private static String find(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        return m.find() ? unescape(m.group(1)) : null;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
