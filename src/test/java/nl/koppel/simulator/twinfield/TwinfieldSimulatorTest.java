package nl.koppel.simulator.twinfield;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import nl.koppel.simulator.common.SimHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Twinfield simulator answers as the reference says Twinfield does. */
class TwinfieldSimulatorTest {

    private static final String REDIRECT = "http://localhost/callback";
    private static final String CONNECT = "/auth/authentication/connect/";
    private static final String SECRET = "se+cr/et%3D=";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TwinfieldSimulator twinfield;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        // a secret that URL-encoding would change: Twinfield reads the plain client_id:client_secret
        twinfield = TwinfieldSimulator.start(new TwinfieldSimulator.Settings("client", SECRET, REDIRECT));
    }

    @AfterAll
    static void stop() {
        twinfield.close();
    }

    @Test
    void loginWithBasicClientAuthAndTheClusterFromTokenValidation() throws Exception {
        twinfield.addOrganisation("ORGA", TwinfieldSimulator.CLUSTER_2);
        String login = twinfield.addUser("ORGA", "ANNE");
        JsonNode tokens = login(login);
        assertThat(tokens.path("expires_in").asLong()).isEqualTo(3600);
        assertThat(tokens.path("id_token").asText()).isNotBlank();
        JsonNode claims = validate(tokens.path("access_token").asText());
        assertThat(claims.path("exp").isTextual()).as("exp is a string").isTrue();
        assertThat(Long.parseLong(claims.path("exp").asText())).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(claims.path("twf.clusterUrl").asText()).isEqualTo(twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_2));
        assertThat(claims.path("twf.organisationUserCode").asText()).isEqualTo("ANNE");
        assertThat(claims.path("twf.organisationCode").asText()).isEqualTo("ORGA");

        // the refresh token is reused; a new login of the same user and organisation replaces it
        String refresh = tokens.path("refresh_token").asText();
        JsonNode refreshed = json(token("grant_type=refresh_token&refresh_token=" + refresh, "client", SECRET));
        assertThat(refreshed.path("refresh_token").asText()).isEqualTo(refresh);
        assertThat(token("grant_type=refresh_token&refresh_token=" + refresh, "client", "wrong").statusCode())
                .isEqualTo(400);
        login(login);
        assertThat(json(token("grant_type=refresh_token&refresh_token=" + refresh, "client", SECRET))
                .path("error").asText()).isEqualTo("invalid_grant");
        assertThat(validation("nonsense", basic("client", SECRET)).statusCode()).isEqualTo(400);
        // the validation wants the client's Basic header, of the plain id and secret
        assertThat(validation(tokens.path("access_token").asText(), null).statusCode()).isEqualTo(401);
        String encoded = basic("client", java.net.URLEncoder.encode(SECRET, StandardCharsets.UTF_8));
        assertThat(validation(tokens.path("access_token").asText(), encoded).statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT + "token"))
                .header("Authorization", encoded).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refresh))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).contains("invalid_client");
    }

    @Test
    void relationDetailsForEveryRelationOfATypeInOneReadOfDimensions() throws Exception {
        twinfield.addOrganisation("ORGE", TwinfieldSimulator.CLUSTER_1);
        String login = twinfield.addUser("ORGE", "EVA");
        String office = twinfield.generate(8, login, 1, 6).get(0);
        twinfield.putRelation(office, "DEB", "1000", "Bakkerij Jansen", "NL001234567B01", "12345678", "Zwolle",
                "info@jansen.nl");
        String token = login(login).path("access_token").asText();
        String reply = soap(twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_1) + "/webservices/processxml.asmx", token,
                office, "<ProcessXmlString xmlns=\"http://www.twinfield.com/\"><xmlRequest>&lt;read&gt;&lt;type&gt;"
                + "dimensions&lt;/type&gt;&lt;office&gt;" + office + "&lt;/office&gt;&lt;dimtype&gt;DEB&lt;/dimtype&gt;"
                + "&lt;/read&gt;</xmlRequest></ProcessXmlString>").body();
        String result = reply.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
        assertThat(result).contains("<dimensions result=\"1\">").contains("<code>1000</code>")
                .contains("<field4>NL001234567B01</field4>").contains("<field5>12345678</field5>")
                .contains("<code>1003</code>").doesNotContain("<code>2000</code>");
        assertThat(result.split("<dimension ", -1)).as("all four debtors in one reply").hasSize(5);
    }

    @Test
    void officesAndTheFinderWithPagingAndModifiedSince() throws Exception {
        twinfield.addOrganisation("ORGB", TwinfieldSimulator.CLUSTER_1);
        String login = twinfield.addUser("ORGB", "BOB");
        List<String> offices = twinfield.generate(5, login, 2, 9);
        String token = login(login).path("access_token").asText();
        String cluster = twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_1);

        String list = soap(cluster + "/webservices/processxml.asmx", token, null, "<ProcessXmlString xmlns=\""
                + "http://www.twinfield.com/\"><xmlRequest>&lt;list&gt;&lt;type&gt;offices&lt;/type&gt;&lt;/list&gt;"
                + "</xmlRequest></ProcessXmlString>").body();
        assertThat(list).contains("&gt;" + offices.get(0) + "&lt;/office&gt;").contains(offices.get(1));

        String page = search(cluster, token, offices.get(0), "DIM", 1, 4, "dimtype", "DEB");
        assertThat(page).contains("<TotalRows>6</TotalRows>").contains("<string>1000</string>")
                .contains("<string>1003</string>").doesNotContain("<string>1004</string>");
        assertThat(search(cluster, token, offices.get(0), "DIM", 5, 4, "dimtype", "DEB"))
                .contains("<string>1005</string>").doesNotContain("<string>1003</string>");
        assertThat(search(cluster, token, offices.get(0), "VAT", 1, 100)).contains("<TotalRows>6</TotalRows>");
        // projects: dimensions of type PRJ, three generated per office
        assertThat(search(cluster, token, offices.get(0), "DIM", 1, 100, "dimtype", "PRJ"))
                .contains("<TotalRows>3</TotalRows>").contains("<string>P2024000</string>");

        String since = ZonedDateTime.now(TwinfieldHandlers.TWINFIELD_TIME).plusSeconds(1)
                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Thread.sleep(2100);
        twinfield.put(offices.get(0), "CRD", "2000", "Gewijzigd B.V.");
        String changed = search(cluster, token, offices.get(0), "DIM", 1, 100, "dimtype", "CRD", "modifiedsince",
                since);
        assertThat(changed).contains("<TotalRows>1</TotalRows>").contains("Gewijzigd B.V.");
        twinfield.put(offices.get(0), "PRJ", "P2099001", "Nieuw project");
        assertThat(search(cluster, token, offices.get(0), "DIM", 1, 100, "dimtype", "PRJ", "modifiedsince", since))
                .contains("<TotalRows>1</TotalRows>").contains("Nieuw project");
    }

    @Test
    void soapFaultsCarryTwinfieldsCodes() throws Exception {
        User user = user("ORGC", "CAS", 6);
        String login = user.login();
        String office = user.office();
        String cluster = twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_1);

        assertFault(searchReply(cluster, "", office), 500, "101");
        assertFault(searchReply(cluster, "nonsense", office), 401, "354");
        assertFault(searchReply(twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_2), user.token(), office), 500, "108");
        // the finder's own refusals are messages in its result, with zero rows, not faults
        twinfield.revoke(login, office);
        HttpResponse<String> noAccess = searchAs(user);
        assertThat(noAccess.statusCode()).isEqualTo(200);
        assertThat(noAccess.body()).doesNotContain("Fault").contains("<MessageOfErrorCodes><Type>Error</Type>")
                .contains("<Code>NoAccessToOffice</Code>").contains("<TotalRows>0</TotalRows>");
        twinfield.grant(login, office);
        twinfield.disableUser(login);
        assertFault(searchAs(user), 403, "105");
        twinfield.invalidateCredentials(login);
        assertFault(searchAs(user), 401, "103");
        twinfield.deleteUser(login);
        assertFault(searchAs(user), 403, "104");
        twinfield.enableUser(login);
        twinfield.deactivateOrganisation("ORGC");
        assertFault(searchAs(user), 403, "106");
    }

    @Test
    void anExpiredAccessTokenGets354OrSometimes103() throws Exception {
        User user = user("ORGF", "FEMKE", 9);
        twinfield.expireAccessTokens(user.login());
        assertFault(searchAs(user), 401, "354");
        assertThat(validation(user.token(), basic("client", SECRET)).statusCode()).isEqualTo(400);
        twinfield.expiredTokenFault("103");
        try {
            assertFault(searchAs(user), 401, "103");
        } finally {
            twinfield.expiredTokenFault("354");
        }
    }

    @Test
    void fairUseAnswers429WithRetryAfter() throws Exception {
        twinfield.addOrganisation("ORGD", TwinfieldSimulator.CLUSTER_1);
        String login = twinfield.addUser("ORGD", "DIRK");
        String office = twinfield.generate(7, login, 1, 1).get(0);
        String token = login(login).path("access_token").asText();
        String finder = twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_1) + "/webservices/finder.asmx";
        twinfield.fairUse(2, 10);
        try {
            assertThat(soap(finder, token, office, searchBody("VAT", 1, 10)).statusCode()).isEqualTo(200);
            assertThat(soap(finder, token, office, searchBody("VAT", 1, 10)).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = soap(finder, token, office, searchBody("VAT", 1, 10));
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        } finally {
            twinfield.fairUse(1000, 10);
        }
    }

    private record User(String login, String office, String token) {
    }

    /** A new organisation on cluster 1 with one user, who has one generated office and is logged in. */
    private User user(String organisation, String userCode, long seed) throws Exception {
        twinfield.addOrganisation(organisation, TwinfieldSimulator.CLUSTER_1);
        String login = twinfield.addUser(organisation, userCode);
        String office = twinfield.generate(seed, login, 1, 1).get(0);
        return new User(login, office, login(login).path("access_token").asText());
    }

    private JsonNode login(String login) throws Exception {
        twinfield.approveAs(login);
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT
                + "authorize?client_id=client&response_type=code&scope=openid%20offline_access&nonce=n&state=s"
                + "&redirect_uri=" + SimHttp.encode(REDIRECT))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        String code = SimHttp.decodeForm(URI.create(authorize.headers().firstValue("Location").orElseThrow())
                .getRawQuery()).get("code");
        HttpResponse<String> tokens = token("grant_type=authorization_code&code=" + SimHttp.encode(code)
                + "&redirect_uri=" + SimHttp.encode(REDIRECT), "client", SECRET);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return json(tokens);
    }

    private HttpResponse<String> token(String form, String client, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT + "token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode validate(String token) throws Exception {
        return json(validation(token, basic("client", SECRET)));
    }

    private HttpResponse<String> validation(String token, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT
                + "accesstokenvalidation?token=" + SimHttp.encode(token)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String client, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A finder search of the user's office on cluster 1, as the user. */
    private HttpResponse<String> searchAs(User user) throws Exception {
        return searchReply(twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_1), user.token(), user.office());
    }

    private HttpResponse<String> searchReply(String cluster, String token, String office) throws Exception {
        return soap(cluster + "/webservices/finder.asmx", token, office, searchBody("DIM", 1, 10, "dimtype", "DEB"));
    }

    /** Twinfield's fault: the HTTP status of its code, detail with lower-case unqualified message, code, source. */
    private static void assertFault(HttpResponse<String> reply, int status, String code) {
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(status);
        assertThat(reply.body()).contains("<soap:Fault>").contains("<detail><message>")
                .contains("</message><code>" + code + "</code><source>");
    }

    private String search(String cluster, String token, String office, String type, int firstRow, int maxRows,
                          String... options) throws Exception {
        return soap(cluster + "/webservices/finder.asmx", token, office, searchBody(type, firstRow, maxRows, options))
                .body();
    }

    private static String searchBody(String type, int firstRow, int maxRows, String... options) {
        StringBuilder body = new StringBuilder("<Search xmlns=\"http://www.twinfield.com/\"><type>" + type
                + "</type><pattern>*</pattern><field>0</field><firstRow>" + firstRow + "</firstRow><maxRows>" + maxRows
                + "</maxRows><options>");
        for (int i = 0; i < options.length; i += 2) {
            body.append("<ArrayOfString><string>").append(options[i]).append("</string><string>").append(options[i + 1])
                    .append("</string></ArrayOfString>");
        }
        return body.append("</options></Search>").toString();
    }

    private HttpResponse<String> soap(String url, String token, String office, String body) throws Exception {
        String envelope = "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Header><Header xmlns=\"http://www.twinfield.com/\"><AccessToken>" + token + "</AccessToken>"
                + (office == null ? "" : "<CompanyCode>" + office + "</CompanyCode>") + "</Header></soap:Header>"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
