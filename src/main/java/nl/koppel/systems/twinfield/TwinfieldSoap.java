package nl.koppel.systems.twinfield;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import nl.koppel.connections.StatusReason;
import nl.koppel.credentials.AccessTokenRenewal;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.HttpReplies;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Twinfield's SOAP 1.1 web services on the user's cluster: the envelopes Koppel sends (the access token, and for
 * an office the company code, in the SOAP header), their replies, and SOAP faults classified by Twinfield's code,
 * read from {@code <detail><message/><code/><source/></detail>} (lower-case, unqualified), else from the HTTP status
 * (401: a refused token; 403: no access):
 * <ul>
 *   <li>354 (token invalid) and 103 (credentials no longer valid) are what an expired access token gets: the first
 *       time they are {@link ConnectorException#accessTokenRejected} (refresh and retry once); after a refresh 103
 *       is AUTH CREDENTIALS_REVOKED and 354 TRANSIENT;</li>
 *   <li>104 (log-on deleted), 105 (log-on disabled), 106 (organisation inactive): AUTH USER_DISABLED;</li>
 *   <li>102 (access denied): ACCESS; 101 (token or company missing): REJECTED, Koppel built the request wrong;</li>
 *   <li>108 (wrong cluster): TRANSIENT, the cluster is asked again.</li>
 * </ul>
 * The finder reports problems as messages in its result ({@code MessageOfErrorCodes}, Type {@code Error}):
 * NoAccessToOffice and AccessDenied are ACCESS, others REJECTED; its data is used only when there is none.
 * HTTP 429 with {@code Retry-After} is RATE_LIMIT; other 5xx and what is not XML are TRANSIENT. Parsing refuses
 * DTDs (no XXE).
 */
@Component("twinfieldSoap")
public class TwinfieldSoap {

    static final String NS = "http://www.twinfield.com/";
    static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** Exchange properties for the SOAP call route. */
    static final String SERVICE = "twinfieldService";
    static final String SOAP_ACTION = "twinfieldSoapAction";

    private final TwinfieldSessions sessions;

    public TwinfieldSoap(TwinfieldSessions sessions) {
        this.sessions = sessions;
    }

    /** {@code <list><type>offices</type></list>} through ProcessXmlString, with only the token in the header. */
    public String officesRequest(@ExchangeProperty("accessToken") String accessToken, Exchange exchange) {
        exchange.setProperty(SERVICE, "processxml.asmx");
        exchange.setProperty(SOAP_ACTION, NS + "ProcessXmlString");
        return envelope(accessToken, null, "<ProcessXmlString xmlns=\"" + NS + "\"><xmlRequest>"
                + escape("<list><type>offices</type></list>") + "</xmlRequest></ProcessXmlString>");
    }

    /** The offices of a {@code list offices} reply (ProcessXmlStringResult holds the XML as text). */
    public List<AccessibleDossier> offices(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                                           @Headers Map<String, Object> headers,
                                           @ExchangeProperty("accessToken") String accessToken,
                                           @ExchangeProperty(AccessTokenRenewal.RENEWED) Boolean renewed) {
        Document reply = reply(status, body, headers, accessToken, renewed, "list offices");
        String result = text(first(reply, NS, "ProcessXmlStringResult"));
        if (result == null) {
            throw ConnectorException.transientFailure("Twinfield's list offices reply has no ProcessXmlStringResult");
        }
        Document offices = parse(result, "the offices list");
        Element root = offices.getDocumentElement();
        if (!"1".equals(root.getAttribute("result"))) {
            throw ConnectorException.transientFailure("Twinfield could not list the offices (result "
                    + HttpReplies.safe(root.getAttribute("result")) + ")");
        }
        List<AccessibleDossier> dossiers = new ArrayList<>();
        NodeList list = offices.getElementsByTagName("office");
        for (int i = 0; i < list.getLength(); i++) {
            Element office = (Element) list.item(i);
            String code = office.getTextContent() == null ? "" : office.getTextContent().strip();
            if (code.isEmpty()) {
                throw ConnectorException.transientFailure("Twinfield sent an office without code");
            }
            String name = office.getAttribute("name");
            // Twinfield lists no KvK or VAT number with an office, and an office never renumbers its data
            dossiers.add(new AccessibleDossier(code, name.isBlank() ? code : name, false, null, null, null));
        }
        return dossiers;
    }

    /** A finder {@code Search} envelope for the office (company code in the header). */
    String searchRequest(String accessToken, String office, String type, int firstRow, int maxRows,
                         List<String[]> options) {
        StringBuilder search = new StringBuilder("<Search xmlns=\"").append(NS).append("\"><type>").append(escape(type))
                .append("</type><pattern>*</pattern><field>0</field><firstRow>").append(firstRow)
                .append("</firstRow><maxRows>").append(maxRows).append("</maxRows><options>");
        for (String[] option : options) {
            search.append("<ArrayOfString><string>").append(escape(option[0])).append("</string><string>")
                    .append(escape(option[1])).append("</string></ArrayOfString>");
        }
        search.append("</options></Search>");
        return envelope(accessToken, office, search.toString());
    }

    /** A finder reply: total rows, column names, rows. */
    record SearchResult(int totalRows, List<String> columns, List<List<String>> rows) {
    }

    SearchResult searchResult(Integer status, String body, Map<String, Object> headers, String accessToken,
                              Boolean renewed, String what) {
        Document reply = reply(status, body, headers, accessToken, renewed, what);
        finderMessages(reply, what);
        Element data = first(reply, NS, "data");
        if (data == null) {
            throw ConnectorException.transientFailure("Twinfield's finder reply to " + what + " has no data");
        }
        String total = text(first(data, NS, "TotalRows"));
        if (total == null || !total.strip().matches("\\d+")) {
            throw ConnectorException.transientFailure("Twinfield's finder reply to " + what + " has no TotalRows");
        }
        List<String> columns = strings(first(data, NS, "Columns"));
        List<List<String>> rows = new ArrayList<>();
        Element items = first(data, NS, "Items");
        if (items != null) {
            for (Node row = items.getFirstChild(); row != null; row = row.getNextSibling()) {
                if (row instanceof Element element && "ArrayOfString".equals(element.getLocalName())) {
                    rows.add(strings(element));
                }
            }
        }
        return new SearchResult(Integer.parseInt(total.strip()), columns, rows);
    }

    /**
     * The finder's messages ({@code SearchResult/MessageOfErrorCodes}: Type, Text, Code): an error means its data is
     * not valid, whatever rows came with it.
     */
    private static void finderMessages(Document reply, String what) {
        NodeList messages = reply.getElementsByTagNameNS(NS, "MessageOfErrorCodes");
        for (int i = 0; i < messages.getLength(); i++) {
            Element message = (Element) messages.item(i);
            if (!"Error".equalsIgnoreCase(strip(text(first(message, NS, "Type"))))) {
                continue; // warnings and information leave the data valid
            }
            String code = strip(text(first(message, NS, "Code")));
            String said = "Twinfield's finder refused " + what + " (" + HttpReplies.safe(code) + ": "
                    + HttpReplies.safe(text(first(message, NS, "Text"))) + ")";
            if ("NoAccessToOffice".equalsIgnoreCase(code) || "AccessDenied".equalsIgnoreCase(code)) {
                throw new ConnectorException(FailureClass.ACCESS, null, said);
            }
            throw new ConnectorException(FailureClass.REJECTED, null, said + "; nothing of the reply is used");
        }
    }

    /** {@code <read><type>dimensions</type>}: every dimension of the type in the office, with its details. */
    String readDimensionsRequest(String accessToken, String office, String dimensionType) {
        return envelope(accessToken, office, "<ProcessXmlString xmlns=\"" + NS + "\"><xmlRequest>"
                + escape("<read><type>dimensions</type><office>" + escape(office) + "</office><dimtype>"
                + escape(dimensionType) + "</dimtype></read>") + "</xmlRequest></ProcessXmlString>");
    }

    /** The {@code dimension} elements of a read of dimensions; a result other than 1 is an error. */
    List<Element> dimensions(Integer status, String body, Map<String, Object> headers, String accessToken,
                             Boolean renewed, String what) {
        Document reply = reply(status, body, headers, accessToken, renewed, what);
        String result = text(first(reply, NS, "ProcessXmlStringResult"));
        if (result == null) {
            throw ConnectorException.transientFailure("Twinfield's reply to " + what
                    + " has no ProcessXmlStringResult");
        }
        Element root = parse(result, what).getDocumentElement();
        if ("0".equals(root.getAttribute("result"))) {
            throw ConnectorException.transientFailure("Twinfield could not " + what + " ("
                    + HttpReplies.safe(root.getAttribute("msg")) + "); nothing of it is used");
        }
        List<Element> found = new ArrayList<>();
        List<Element> candidates = "dimension".equals(root.getLocalName() == null ? root.getTagName()
                : root.getLocalName()) ? List.of(root) : children(root, "dimension");
        for (Element dimension : candidates) {
            if ("0".equals(dimension.getAttribute("result"))) {
                throw ConnectorException.transientFailure("Twinfield could not " + what + " ("
                        + HttpReplies.safe(dimension.getAttribute("msg")) + "); nothing of it is used");
            }
            found.add(dimension);
        }
        return found;
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(name(element))) {
                found.add(element);
            }
        }
        return found;
    }

    private static String name(Element element) {
        return element.getLocalName() == null ? element.getTagName() : element.getLocalName();
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    /** Parses a 200 reply; anything else becomes a classified {@link ConnectorException}. */
    private Document reply(Integer status, String body, Map<String, Object> headers, String accessToken,
                           Boolean renewed, String what) {
        int code = status == null ? 0 : status;
        if (code == 429) {
            throw ConnectorException.rateLimited("Twinfield's fair-use limit reached (" + what + ")",
                    HttpReplies.retryAfter(headers, Duration.ofSeconds(60)));
        }
        Document document;
        try {
            document = parse(body, what);
        } catch (ConnectorException notXml) {
            throw code == 200 ? notXml : ConnectorException.transientFailure("Twinfield answered " + code + " to "
                    + what);
        }
        Element fault = first(document, SOAP_NS, "Fault");
        if (fault != null) {
            throw fault(fault, code, accessToken, Boolean.TRUE.equals(renewed), what);
        }
        if (code != 200) {
            throw ConnectorException.transientFailure("Twinfield answered " + code + " to " + what);
        }
        return document;
    }

    private ConnectorException fault(Element fault, int status, String accessToken, boolean renewed, String what) {
        String message = text(firstChild(fault, "faultstring"));
        String code = null;
        Element detail = firstChild(fault, "detail");
        if (detail != null) {
            code = strip(text(descendant(detail, "code")));
            String detailMessage = text(descendant(detail, "message"));
            message = detailMessage == null || detailMessage.isBlank() ? message : detailMessage;
        }
        if (code == null || code.isEmpty()) {
            // no readable code: the status Twinfield gives its codes (401: 103/354, 403: 102/104/105/106)
            code = status == 401 ? "354" : status == 403 ? "102" : null;
        }
        String said = "Twinfield refused " + what + " (" + (code == null ? "" : code + ": ") + HttpReplies.safe(message)
                + ")";
        if (code == null) {
            return ConnectorException.transientFailure(said);
        }
        return switch (code) {
            case "354" -> renewed ? ConnectorException.transientFailure(said + " right after a refresh")
                    : ConnectorException.accessTokenRejected(said);
            case "103" -> renewed ? ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED, said)
                    : ConnectorException.accessTokenRejected(said);
            case "104", "105", "106" -> ConnectorException.auth(StatusReason.USER_DISABLED, said);
            case "102" -> new ConnectorException(FailureClass.ACCESS, null, said);
            case "101" -> new ConnectorException(FailureClass.REJECTED, null, said
                    + ": the request Koppel built lacked its log-on or company code, a fault in Koppel, not in the"
                    + " link");
            case "108" -> {
                sessions.forget(accessToken);
                yield ConnectorException.transientFailure(said + "; the cluster is asked again at the next call");
            }
            default -> ConnectorException.transientFailure(said);
        };
    }

    /** The first element below {@code parent} with this local name, in any namespace or case. */
    private static Element descendant(Element parent, String localName) {
        NodeList all = parent.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            if (localName.equalsIgnoreCase(name(element))) {
                return element;
            }
        }
        return null;
    }

    private static String envelope(String accessToken, String office, String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"" + SOAP_NS + "\">"
                + "<soap:Header><Header xmlns=\"" + NS + "\"><AccessToken>" + escape(accessToken) + "</AccessToken>"
                + (office == null ? "" : "<CompanyCode>" + escape(office) + "</CompanyCode>")
                + "</Header></soap:Header><soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static Document parse(String xml, String what) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // no "[Fatal Error]" on stderr
            return builder.parse(new InputSource(new StringReader(xml == null ? "" : xml)));
        } catch (SAXException | IOException e) {
            throw new ConnectorException(FailureClass.TRANSIENT, "Twinfield sent a reply to " + what
                    + " that is not valid XML (cut off or garbage); nothing of it is stored", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element first(Document document, String namespace, String name) {
        NodeList found = document.getElementsByTagNameNS(namespace, name);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static Element first(Element parent, String namespace, String name) {
        NodeList found = parent.getElementsByTagNameNS(namespace, name);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    /** faultcode, faultstring and detail are unqualified in SOAP 1.1. */
    private static Element firstChild(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static List<String> strings(Element arrayOfString) {
        List<String> values = new ArrayList<>();
        if (arrayOfString == null) {
            return values;
        }
        for (Node child = arrayOfString.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && "string".equals(element.getLocalName())) {
                values.add(element.getTextContent());
            }
        }
        return values;
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent();
    }
}
