package nl.koppel.simulator.twinfield;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.common.SignInForm;
import nl.koppel.simulator.common.SimHttp;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The HTTP face of the Twinfield simulator. The login server under {@code /auth/authentication/connect/}
 * (authorize, token with HTTP Basic client authentication, accesstokenvalidation with {@code twf.clusterUrl}) and
 * the SOAP 1.1 web services of each cluster under {@code /clusters/{cluster}/webservices/} ({@code processxml.asmx}:
 * ProcessXmlString, only {@code <list><type>offices</type></list>}; {@code finder.asmx}: Search, types DIM with
 * dimtype and modifiedsince, VAT and OFF). SOAP errors are a {@code soap:Fault} whose detail is
 * {@code <detail><message/><code/><source/></detail>} (lower-case, unqualified), with the HTTP status Twinfield gives
 * the code (102/104/105/106: 403; 103/354: 401; others 500). The finder reports problems as messages in its result
 * ({@code MessageOfErrorCodes} with Type, Text, Code: NoAccessToOffice, OptionNotAllowed) with zero rows, not as
 * faults. ProcessXmlString also answers {@code <read><type>dimensions</type>} of a type (every relation with its
 * address details). Fair use is HTTP 429 with {@code Retry-After}.
 */
final class TwinfieldHandlers {

    static final String CONNECT = "/auth/authentication/connect/";
    static final String NS = "http://www.twinfield.com/";
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final Pattern READ_DIMENSIONS = Pattern.compile(
            "^<read><type>dimensions</type><office>([^<]+)</office><dimtype>([A-Z]+)</dimtype></read>$");
    private static final Pattern CLUSTER_PATH = Pattern.compile("^/clusters/([a-z0-9-]+)/webservices/([a-z]+\\.asmx)$");
    static final ZoneId TWINFIELD_TIME = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter MODIFIED_SINCE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final TwinfieldAccounts accounts;
    private final SignInForm signIn;
    private final TwinfieldData data;
    private final TwinfieldCredits credits;
    private final SimFaults faults;
    private final ObjectMapper json;
    private final String baseUrl;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    TwinfieldHandlers(TwinfieldAccounts accounts, TwinfieldData data, TwinfieldCredits credits, SimFaults faults,
                      ObjectMapper json, String baseUrl, SignInForm signIn) {
        this.signIn = signIn;
        this.accounts = accounts;
        this.data = data;
        this.credits = credits;
        this.faults = faults;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    String clusterUrl(String cluster) {
        return baseUrl + "/clusters/" + cluster;
    }

    long calls(String key) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(key)).mapToLong(e -> e.getValue().get()).sum();
    }

    void resetCounters() {
        calls.clear();
    }

    // ---- login server ------------------------------------------------------------------------

    void login(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = SimHttp.body(exchange);
        count(path);
        if (faults.intercept(exchange, body)) {
            return;
        }
        switch (path.substring(CONNECT.length())) {
            case "authorize" -> authorize(exchange, body);
            case "token" -> token(exchange, body);
            case "accesstokenvalidation" -> validate(exchange);
            default -> SimHttp.sendText(exchange, 404, "Not Found");
        }
    }

    /**
     * Twinfield's login screen: a browser gets the sign-in form; any other client stands in for a browser whose
     * approving user consents at once. PKCE parameters are kept with the code.
     */
    private void authorize(HttpExchange exchange, String body) throws IOException {
        boolean submitted = SignInForm.isSubmission(exchange);
        Map<String, String> query = submitted ? SimHttp.decodeForm(body) : SimHttp.query(exchange);
        String code;
        try {
            if (!"code".equals(query.get("response_type"))) {
                throw new IllegalArgumentException("unsupported_response_type");
            }
            // a bad client, redirect or PKCE method: 400 before any form
            accounts.authorizeAs(query.get("client_id"), query.get("redirect_uri"), query.get("scope"),
                    query.get("nonce"), query.get("code_challenge"), query.get("code_challenge_method"), null);
            if (signIn.answers(exchange, query)) {
                return;
            }
            code = accounts.authorizeAs(query.get("client_id"), query.get("redirect_uri"), query.get("scope"),
                    query.get("nonce"), query.get("code_challenge"), query.get("code_challenge_method"),
                    submitted ? query.get("username") : accounts.approvingLogin());
        } catch (IllegalArgumentException refused) {
            SimHttp.sendText(exchange, 400, "The client application is not known or is not authorized: "
                    + refused.getMessage());
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(code == null ? "error" : "code", code == null ? "access_denied" : code);
        parameters.put("state", query.get("state"));
        SimHttp.redirect(exchange, SimHttp.withParameters(query.get("redirect_uri"), parameters));
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            SimHttp.sendText(exchange, 405, "Method Not Allowed");
            return;
        }
        Map<String, String> form = SimHttp.decodeForm(body);
        String grantType = form.get("grant_type");
        count(CONNECT + "token#" + grantType);
        String[] basic = SimHttp.basicCredentials(exchange);
        TwinfieldAccounts.Grant grant;
        if ("authorization_code".equals(grantType)) {
            grant = accounts.exchangeCode(basic, form.get("code"), form.get("redirect_uri"), form.get("code_verifier"));
        } else if ("refresh_token".equals(grantType)) {
            grant = accounts.refresh(basic, form.get("refresh_token"));
        } else {
            grant = new TwinfieldAccounts.Grant.Refused(400, "unsupported_grant_type");
        }
        ObjectNode reply = json.createObjectNode();
        if (grant instanceof TwinfieldAccounts.Grant.Issued issued) {
            reply.put("id_token", issued.idToken());
            reply.put("access_token", issued.accessToken());
            reply.put("expires_in", issued.expiresIn());
            reply.put("token_type", "Bearer");
            reply.put("refresh_token", issued.refreshToken());
            SimHttp.sendJson(exchange, 200, reply.toString());
        } else {
            TwinfieldAccounts.Grant.Refused refused = (TwinfieldAccounts.Grant.Refused) grant;
            SimHttp.sendJson(exchange, refused.status(), reply.put("error", refused.error()).toString());
        }
    }

    /** {@code GET accesstokenvalidation?token=...}: the token's claims, with the organisation's cluster. */
    private void validate(HttpExchange exchange) throws IOException {
        if (!accounts.client(SimHttp.basicCredentials(exchange))) {
            SimHttp.sendJson(exchange, 401, json.createObjectNode().put("error", "invalid_client").toString());
            return;
        }
        TwinfieldAccounts.TokenCheck check = accounts.check(SimHttp.query(exchange).get("token"));
        if (check.problem() != null) {
            SimHttp.sendJson(exchange, 400, json.createObjectNode().put("error", check.problem()).toString());
            return;
        }
        TwinfieldAccounts.User user = check.user();
        TwinfieldAccounts.Organisation organisation = accounts.organisation(user.organisation());
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", baseUrl + "/auth/authentication");
        claims.putArray("aud").add(baseUrl + "/auth/authentication/resources").add("twf.organisationUser");
        claims.put("exp", Long.toString(check.expiresAt().getEpochSecond())); // a string, as Twinfield sends it
        claims.put("client_id", "koppel");
        claims.putArray("scope").add("openid").add("twf.user").add("twf.organisation").add("twf.organisationUser")
                .add("offline_access");
        claims.put("sub", user.id());
        claims.put("twf.organisationId", organisation.id());
        claims.put("twf.organisationCode", organisation.code());
        claims.put("twf.organisationUserCode", user.code());
        claims.put("twf.clusterUrl", clusterUrl(organisation.cluster()));
        SimHttp.sendJson(exchange, 200, claims.toString());
    }

    // ---- the cluster's SOAP services -----------------------------------------------------------

    void cluster(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = SimHttp.body(exchange);
        count(path);
        if (faults.intercept(exchange, body)) {
            return;
        }
        Matcher matcher = CLUSTER_PATH.matcher(path);
        if (!matcher.matches() || !"POST".equals(exchange.getRequestMethod())) {
            SimHttp.sendText(exchange, 404, "Not Found");
            return;
        }
        Document envelope;
        try {
            envelope = parse(body);
        } catch (Exception e) {
            fault(exchange, "soap:Client", null, "The request is not valid XML");
            return;
        }
        String token = text(envelope, NS, "AccessToken");
        String company = text(envelope, NS, "CompanyCode");
        if (token == null || token.isBlank()) {
            fault(exchange, "soap:Client", "101", "Access token missing");
            return;
        }
        TwinfieldAccounts.TokenCheck check = accounts.check(token);
        if (check.problem() != null) {
            // an expired token gets 354 (or 103, when the simulator is told so); a revoked or unknown one 354
            String code = "expired_token".equals(check.problem()) ? accounts.expiredTokenFault() : "354";
            fault(exchange, "soap:Client", code, "354".equals(code) ? "Access denied. Token invalid"
                    : "Your logon credentials are not valid anymore. Try to log on again.");
            return;
        }
        TwinfieldAccounts.User user = check.user();
        TwinfieldAccounts.Organisation organisation = accounts.organisation(user.organisation());
        switch (user.state()) {
            case DISABLED -> {
                fault(exchange, "soap:Client", "105", "Your log-on has been disabled");
                return;
            }
            case DELETED -> {
                fault(exchange, "soap:Client", "104", "Your log-on has been deleted");
                return;
            }
            case CREDENTIALS_INVALID -> {
                fault(exchange, "soap:Client", "103", "Your logon credentials are not valid anymore. Try to log on"
                        + " again.");
                return;
            }
            default -> {
            }
        }
        if (!organisation.active()) {
            fault(exchange, "soap:Client", "106", "The organisation is inactive");
            return;
        }
        if (!organisation.cluster().equals(matcher.group(1))) {
            fault(exchange, "soap:Client", "108", "Invalid cluster: the organisation lives on another cluster");
            return;
        }
        String operation = bodyOperation(envelope);
        long wait = credits.spend("Search".equals(operation) || "ProcessXmlString".equals(operation) ? 1 : 3);
        if (wait > 0 || !credits.enter(organisation.code())) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, wait)));
            SimHttp.sendText(exchange, 429, "Too Many Requests: fair use limit reached");
            return;
        }
        boolean officeCall = company != null && !company.isBlank();
        if (officeCall) {
            credits.officeCallStarted(organisation.code());
        }
        try {
            if ("processxml.asmx".equals(matcher.group(2)) && "ProcessXmlString".equals(operation)) {
                processXml(exchange, envelope, user, company);
            } else if ("finder.asmx".equals(matcher.group(2)) && "Search".equals(operation)) {
                search(exchange, envelope, user, company);
            } else {
                fault(exchange, "soap:Client", null, "Server did not recognize the value of HTTP Header SOAPAction");
            }
        } finally {
            if (officeCall) {
                credits.officeCallEnded(organisation.code());
            }
            credits.leave(organisation.code());
        }
    }

    private void processXml(HttpExchange exchange, Document envelope, TwinfieldAccounts.User user, String company)
            throws IOException {
        String request = text(envelope, NS, "xmlRequest");
        String result;
        Matcher read = request == null ? null : READ_DIMENSIONS.matcher(request.replaceAll("\\s", ""));
        if (read != null && read.matches()) {
            result = readDimensions(user, read.group(1), read.group(2));
        } else if (request != null && request.replaceAll("\\s", "").equals("<list><type>offices</type></list>")) {
            StringBuilder offices = new StringBuilder("<offices result=\"1\">");
            for (String code : accounts.officesOf(user.login())) {
                data.office(code).ifPresent(o -> offices.append("<office name=\"").append(escape(o.name()))
                        .append("\" shortname=\"").append(escape(o.name().length() > 16 ? o.name().substring(0, 16)
                                : o.name())).append("\">").append(escape(o.code())).append("</office>"));
            }
            result = offices.append("</offices>").toString();
        } else {
            result = "<list result=\"0\" msgtype=\"error\" msg=\"Only &lt;list&gt;&lt;type&gt;offices&lt;/type&gt;"
                    + "&lt;/list&gt; is simulated\"/>";
        }
        soap(exchange, "<ProcessXmlStringResponse xmlns=\"" + NS + "\"><ProcessXmlStringResult>" + escape(result)
                + "</ProcessXmlStringResult></ProcessXmlStringResponse>");
    }

    /**
     * Every dimension of the type with its details (Twinfield's element names; the simulator fills code, name,
     * status and one default invoice address). An office the user may not reach: {@code result="0"} with a message
     * (an assumption: the published material does not show this reply).
     */
    private String readDimensions(TwinfieldAccounts.User user, String office, String dimensionType) {
        if (data.office(office).isEmpty() || !accounts.mayAccess(user.login(), office)) {
            return "<dimensions result=\"0\" msgtype=\"error\" msg=\"No access to office " + escape(office)
                    + ".\"/>";
        }
        StringBuilder xml = new StringBuilder("<dimensions result=\"1\">");
        for (TwinfieldRow row : data.rows(office, dimensionType)) {
            xml.append("<dimension result=\"1\" status=\"active\"><office>").append(escape(office))
                    .append("</office><type>").append(escape(dimensionType)).append("</type><code>")
                    .append(escape(row.code())).append("</code><name>").append(escape(row.name()))
                    .append("</name><shortname/><addresses><address id=\"1\" type=\"invoice\" default=\"true\">")
                    .append("<name>").append(escape(row.name())).append("</name><country>NL</country><city>")
                    .append(escape(row.city())).append("</city><email>").append(escape(row.email()))
                    .append("</email><field4>").append(escape(row.vatNumber())).append("</field4><field5>")
                    .append(escape(row.kvkNumber())).append("</field5></address></addresses></dimension>");
        }
        return xml.append("</dimensions>").toString();
    }

    private void search(HttpExchange exchange, Document envelope, TwinfieldAccounts.User user, String company)
            throws IOException {
        String type = text(envelope, NS, "type");
        Map<String, String> options = options(envelope);
        int firstRow;
        int maxRows;
        try {
            firstRow = Integer.parseInt(text(envelope, NS, "firstRow").strip());
            maxRows = Integer.parseInt(text(envelope, NS, "maxRows").strip());
        } catch (RuntimeException e) {
            fault(exchange, "soap:Client", null, "firstRow and maxRows must be numbers");
            return;
        }
        List<TwinfieldRow> rows;
        if ("OFF".equals(type)) {
            List<TwinfieldRow> offices = new ArrayList<>();
            for (String code : accounts.officesOf(user.login())) {
                data.office(code).ifPresent(o -> offices.add(new TwinfieldRow(o.code(), o.name(), null)));
            }
            rows = offices;
        } else {
            // the company may also come as the finder option "office"
            company = options.getOrDefault("office", company);
            if (company == null || company.isBlank()) {
                fault(exchange, "soap:Client", "101", "Company code missing in the header");
                return;
            }
            if (data.office(company).isEmpty() || !accounts.mayAccess(user.login(), company)) {
                finderMessage(exchange, "NoAccessToOffice", "No access to office " + company + ".");
                return;
            }
            String table;
            if ("DIM".equals(type)) {
                table = options.get("dimtype");
                if (table == null) {
                    finderMessage(exchange, "OptionNotAllowed", "Option dimtype is required for finder type DIM");
                    return;
                }
            } else if ("VAT".equals(type)) {
                table = "VAT";
            } else {
                fault(exchange, "soap:Client", null, "Finder type " + type + " is not simulated");
                return;
            }
            rows = data.rows(company, table);
            String since = options.get("modifiedsince");
            // what the finder was asked, for tests: finder#DIM:PRJ, finder#DIM:PRJ:modifiedsince, finder#VAT
            count("finder#" + type + ("DIM".equals(type) ? ":" + table : "") + (since == null ? "" : ":modifiedsince"));
            if (since != null) {
                try {
                    var after = LocalDateTime.parse(since, MODIFIED_SINCE).atZone(TWINFIELD_TIME).toInstant();
                    rows = rows.stream().filter(r -> r.modified().isAfter(after)).toList();
                } catch (DateTimeParseException e) {
                    fault(exchange, "soap:Client", null, "modifiedsince must be yyyyMMddHHmmss");
                    return;
                }
            }
        }
        int from = Math.max(0, Math.min(rows.size(), firstRow - 1));
        int to = Math.min(rows.size(), from + Math.max(0, maxRows));
        StringBuilder items = new StringBuilder();
        for (TwinfieldRow row : rows.subList(from, to)) {
            items.append("<ArrayOfString><string>").append(escape(row.code())).append("</string><string>")
                    .append(escape(row.name())).append("</string></ArrayOfString>");
        }
        soap(exchange, "<SearchResponse xmlns=\"" + NS + "\"><SearchResult/><data><TotalRows>" + rows.size() + "</TotalRows><Columns><string>Code</string>"
                + "<string>Name</string></Columns><Items>" + items + "</Items></data></SearchResponse>");
    }

    /** The finder's way to refuse: an error message in the result, zero rows, HTTP 200. */
    private static void finderMessage(HttpExchange exchange, String code, String text) throws IOException {
        soap(exchange, "<SearchResponse xmlns=\"" + NS + "\"><SearchResult><MessageOfErrorCodes><Type>Error</Type>"
                + "<Text>" + escape(text) + "</Text><Code>" + code + "</Code><Parameters/></MessageOfErrorCodes>"
                + "</SearchResult><data><TotalRows>0</TotalRows><Columns/><Items/></data></SearchResponse>");
    }

    private static Map<String, String> options(Document envelope) {
        Map<String, String> options = new LinkedHashMap<>();
        NodeList pairs = envelope.getElementsByTagNameNS(NS, "ArrayOfString");
        for (int i = 0; i < pairs.getLength(); i++) {
            NodeList strings = ((Element) pairs.item(i)).getElementsByTagNameNS(NS, "string");
            if (strings.getLength() == 2) {
                options.put(strings.item(0).getTextContent(), strings.item(1).getTextContent());
            }
        }
        return options;
    }

    private static String bodyOperation(Document envelope) {
        NodeList bodies = envelope.getElementsByTagNameNS(SOAP_NS, "Body");
        if (bodies.getLength() == 0) {
            return null;
        }
        for (Node child = bodies.item(0).getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                return element.getLocalName();
            }
        }
        return null;
    }

    private static void soap(HttpExchange exchange, String body) throws IOException {
        SimHttp.send(exchange, 200, "text/xml; charset=utf-8", "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                + "<soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body>" + body + "</soap:Body></soap:Envelope>");
    }

    /** A SOAP fault as Twinfield sends it: its code in {@code <detail><message/><code/><source/></detail>}. */
    static String faultEnvelope(String faultCode, String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" + SOAP_NS + "\"><soap:Body>"
                + "<soap:Fault><faultcode>" + faultCode + "</faultcode><faultstring>" + escape(message)
                + "</faultstring>" + (code == null ? "" : "<detail><message>" + escape(message) + "</message><code>"
                + code + "</code><source>Twinfield.WebServices</source></detail>")
                + "</soap:Fault></soap:Body></soap:Envelope>";
    }

    /** The HTTP status Twinfield answers a fault code with (its guidelines): 403, 401 or 500. */
    static int faultStatus(String code) {
        if (code == null) {
            return 500;
        }
        return switch (code) {
            case "102", "104", "105", "106" -> 403;
            case "103", "354" -> 401;
            default -> 500;
        };
    }

    private static void fault(HttpExchange exchange, String faultCode, String code, String message) throws IOException {
        SimHttp.send(exchange, faultStatus(code), "text/xml; charset=utf-8", faultEnvelope(faultCode, code, message));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
        return builder.parse(new InputSource(new StringReader(xml)));
    }

    private static String text(Document document, String namespace, String name) {
        NodeList found = document.getElementsByTagNameNS(namespace, name);
        return found.getLength() == 0 ? null : found.item(0).getTextContent();
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private void count(String key) {
        calls.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }
}
