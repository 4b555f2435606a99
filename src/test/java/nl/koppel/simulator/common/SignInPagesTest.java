package nl.koppel.simulator.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.SimulatorSettings;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulators' authorize URLs: a browser gets a sign-in form for the accounting-system user, a wrong password is
 * refused with the form again, the right one redirects with a code; a client that does not ask for HTML (curl, the
 * tests) is approved at once as before. Twinfield's login server holds a PKCE challenge to its verifier.
 */
class SignInPagesTest {

    private static final String REDIRECT = "http://koppel.test/api/v1/oauth/callback";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ExactOnlineSimulator exact;
    private static MoneybirdSimulator moneybird;
    private static TwinfieldSimulator twinfield;
    private static String twinfieldLogin;

    @BeforeAll
    static void simulators() {
        exact = ExactOnlineSimulator.start(new SimulatorSettings("exact-app", "exact-secret", REDIRECT));
        exact.addUser("CX_Form", "Form", "form@example.nl", 1);
        exact.password("CX_Form", "goed");
        exact.approveAs("CX_Form");
        moneybird = MoneybirdSimulator.start(new MoneybirdSimulator.Settings("mb-app", "mb-secret", REDIRECT));
        moneybird.addUser("Form", "form@example.nl");
        moneybird.password("form@example.nl", "goed");
        moneybird.approveAs("form@example.nl");
        twinfield = TwinfieldSimulator.start(new TwinfieldSimulator.Settings("tf-app", "tf-secret", REDIRECT));
        twinfield.addOrganisation("FORMORG", TwinfieldSimulator.CLUSTER_1);
        twinfieldLogin = twinfield.addUser("FORMORG", "FORM");
        twinfield.password(twinfieldLogin, "goed");
        twinfield.approveAs(twinfieldLogin);
    }

    @AfterAll
    static void stop() {
        exact.close();
        moneybird.close();
        twinfield.close();
    }

    @Test
    void exactOnline() throws Exception {
        signsIn(exact.baseUrl() + "/api/oauth2/auth", Map.of("client_id", "exact-app", "redirect_uri", REDIRECT,
                "response_type", "code", "state", "s1"), "CX_Form");
    }

    @Test
    void moneybird() throws Exception {
        signsIn(moneybird.baseUrl() + "/oauth/authorize", Map.of("client_id", "mb-app", "redirect_uri", REDIRECT,
                "response_type", "code", "scope", "settings", "state", "s2"), "form@example.nl");
    }

    @Test
    void twinfield() throws Exception {
        signsIn(twinfield.baseUrl() + "/auth/authentication/connect/authorize", Map.of("client_id", "tf-app",
                "redirect_uri", REDIRECT, "response_type", "code", "scope", "openid offline_access", "nonce", "n",
                "state", "s3"), twinfieldLogin);
    }

    @Test
    void twinfieldHoldsThePkceChallengeToItsVerifier() throws Exception {
        String verifier = "a-verifier-of-the-test-that-is-long-enough-1234567890";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> request = Map.of("client_id", "tf-app", "redirect_uri", REDIRECT, "response_type", "code",
                "scope", "openid offline_access", "nonce", "n", "state", "s4", "code_challenge", challenge,
                "code_challenge_method", "S256");
        String url = twinfield.baseUrl() + "/auth/authentication/connect/authorize?" + SimHttpForm.encode(request);

        String without = code(get(url, null));
        assertThat(token(without, null).statusCode()).as("no verifier").isEqualTo(400);
        String wrong = code(get(url, null));
        assertThat(token(wrong, verifier + "x").statusCode()).as("wrong verifier").isEqualTo(400);
        String right = code(get(url, null));
        assertThat(token(right, verifier).statusCode()).as("the verifier").isEqualTo(200);
        assertThat(get(url.replace("S256", "plain"), null).statusCode()).as("only S256").isEqualTo(400);
    }

    private static void signsIn(String authorize, Map<String, String> request, String user) throws Exception {
        String url = authorize + "?" + SimHttpForm.encode(request);
        // curl: approved at once, as documented
        assertThat(get(url, null).statusCode()).isEqualTo(302);
        // a browser: the form, carrying the request
        HttpResponse<String> form = get(url, "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<label for=\"username\">").contains("<label for=\"password\">")
                .contains("name=\"state\" value=\"" + request.get("state") + "\"");
        // a wrong password: the form again, refused
        HttpResponse<String> refused = post(authorize, request, user, "fout");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("Gebruikersnaam of wachtwoord is onjuist");
        assertThat(refused.headers().firstValue("Location")).isEmpty();
        // the right one: back to Koppel with a code and the state
        HttpResponse<String> signedIn = post(authorize, request, user, "goed");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?code=")
                .endsWith("state=" + request.get("state"));
    }

    private static HttpResponse<String> get(String url, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, Map<String, String> request, String user, String password)
            throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>(request);
        form.put("username", user);
        form.put("password", password);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                        "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(SimHttpForm.encode(form))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String code(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
        return SimHttp.decodeForm(URI.create(redirect.headers().firstValue("Location").orElseThrow()).getRawQuery())
                .get("code");
    }

    private static HttpResponse<String> token(String code, String verifier) throws Exception {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        if (verifier != null) {
            form.put("code_verifier", verifier);
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + "/auth/authentication/connect/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "tf-app:tf-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(SimHttpForm.encode(form))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Form encoding for the test's requests. */
    private static final class SimHttpForm {
        static String encode(Map<String, String> values) {
            StringBuilder out = new StringBuilder();
            values.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(SimHttp.encode(k)).append('=')
                    .append(SimHttp.encode(v)));
            return out.toString();
        }
    }
}
