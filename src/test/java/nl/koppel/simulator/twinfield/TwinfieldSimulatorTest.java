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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TwinfieldSimulator twinfield;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        twinfield = TwinfieldSimulator.start(new TwinfieldSimulator.Settings("client", "secret", REDIRECT));
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
        assertThat(claims.path("twf.clusterUrl").asText()).isEqualTo(twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_2));
        assertThat(claims.path("twf.organisationUserCode").asText()).isEqualTo("ANNE");
        assertThat(claims.path("twf.organisationCode").asText()).isEqualTo("ORGA");

        // the refresh token is reused; a new login of the same user and organisation replaces it
        String refresh = tokens.path("refresh_token").asText();
        JsonNode refreshed = json(token("grant_type=refresh_token&refresh_token=" + refresh, "client", "secret"));
        assertThat(refreshed.path("refresh_token").asText()).isEqualTo(refresh);
        assertThat(token("grant_type=refresh_token&refresh_token=" + refresh, "client", "wrong").statusCode())
                .isEqualTo(400);
        login(login);
        assertThat(json(token("grant_type=refresh_token&refresh_token=" + refresh, "client", "secret"))
                .path("error").asText()).isEqualTo("invalid_grant");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT
                + "accesstokenvalidation?token=nonsense")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(400);
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

        String since = ZonedDateTime.now(TwinfieldHandlers.TWINFIELD_TIME).plusSeconds(1)
                .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Thread.sleep(2100);
        twinfield.put(offices.get(0), "CRD", "2000", "Gewijzigd B.V.");
        String changed = search(cluster, token, offices.get(0), "DIM", 1, 100, "dimtype", "CRD", "modifiedsince",
                since);
        assertThat(changed).contains("<TotalRows>1</TotalRows>").contains("Gewijzigd B.V.");
    }

    @Test
    void soapFaultsCarryTwinfieldsCodes() throws Exception {
        twinfield.addOrganisation("ORGC", TwinfieldSimulator.CLUSTER_1);
        String login = twinfield.addUser("ORGC", "CAS");
        String office = twinfield.generate(6, login, 1, 1).get(0);
        String token = login(login).path("access_token").asText();
        String cluster = twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_1);

        assertThat(faultCode(search(cluster, "", office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("101");
        assertThat(faultCode(search(cluster, "nonsense", office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("354");
        assertThat(faultCode(search(twinfield.clusterUrl(TwinfieldSimulator.CLUSTER_2), token, office, "DIM", 1, 10,
                "dimtype", "DEB"))).as("wrong cluster").isEqualTo("108");
        twinfield.revoke(login, office);
        assertThat(faultCode(search(cluster, token, office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("102");
        twinfield.grant(login, office);
        twinfield.disableUser(login);
        assertThat(faultCode(search(cluster, token, office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("105");
        twinfield.invalidateCredentials(login);
        assertThat(faultCode(search(cluster, token, office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("103");
        twinfield.deleteUser(login);
        assertThat(faultCode(search(cluster, token, office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("104");
        twinfield.enableUser(login);
        twinfield.deactivateOrganisation("ORGC");
        assertThat(faultCode(search(cluster, token, office, "DIM", 1, 10, "dimtype", "DEB"))).isEqualTo("106");
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

    private JsonNode login(String login) throws Exception {
        twinfield.approveAs(login);
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT
                + "authorize?client_id=client&response_type=code&scope=openid%20offline_access&nonce=n&state=s"
                + "&redirect_uri=" + SimHttp.encode(REDIRECT))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        String code = SimHttp.decodeForm(URI.create(authorize.headers().firstValue("Location").orElseThrow())
                .getRawQuery()).get("code");
        HttpResponse<String> tokens = token("grant_type=authorization_code&code=" + SimHttp.encode(code)
                + "&redirect_uri=" + SimHttp.encode(REDIRECT), "client", "secret");
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
        return json(http.send(HttpRequest.newBuilder(URI.create(twinfield.baseUrl() + CONNECT
                + "accesstokenvalidation?token=" + SimHttp.encode(token))).build(), HttpResponse.BodyHandlers.ofString()));
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

    private static String faultCode(String reply) {
        assertThat(reply).contains("<soap:Fault>");
        return reply.substring(reply.indexOf("<Code>") + 6, reply.indexOf("</Code>"));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
