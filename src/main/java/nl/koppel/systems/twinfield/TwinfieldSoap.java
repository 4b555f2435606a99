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
 * an office the company code, in the SOAP header), their replies, and SOAP faults classified by Twinfield's code
 * (in {@code detail}): 101, 103, 104, 105, 106 and 354 mean the link is broken (AUTH); 102 no access to the office
 * (ACCESS); 108 a wrong cluster (TRANSIENT: validate again). HTTP 429 with {@code Retry-After} is RATE_LIMIT;
 * other 5xx and what is not XML are TRANSIENT. Parsing refuses DTDs (no XXE).
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
                                           @ExchangeProperty("accessToken") String accessToken) {
        Document reply = reply(status, body, headers, accessToken, "list offices");
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
                              String what) {
        Document reply = reply(status, body, headers, accessToken, what);
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

    /** Parses a 200 reply; anything else becomes a classified {@link ConnectorException}. */
    private Document reply(Integer status, String body, Map<String, Object> headers, String accessToken,
                           String what) {
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
            throw fault(fault, accessToken, what);
        }
        if (code != 200) {
            throw ConnectorException.transientFailure("Twinfield answered " + code + " to " + what);
        }
        return document;
    }

    private ConnectorException fault(Element fault, String accessToken, String what) {
        String message = HttpReplies.safe(text(firstChild(fault, "faultstring")));
        String code = null;
        Element detail = firstChild(fault, "detail");
        if (detail != null) {
            NodeList codes = detail.getElementsByTagNameNS("*", "Code");
            code = codes.getLength() > 0 ? codes.item(0).getTextContent().strip() : null;
        }
        String said = "Twinfield refused " + what + " (" + (code == null ? "" : code + ": ") + message + ")";
        if (code == null) {
            return ConnectorException.transientFailure(said);
        }
        return switch (code) {
            case "101", "103", "354" -> ConnectorException.auth(StatusReason.CREDENTIALS_REVOKED, said);
            case "104", "105", "106" -> ConnectorException.auth(StatusReason.USER_DISABLED, said);
            case "102" -> new ConnectorException(FailureClass.ACCESS, null, said);
            case "108" -> {
                sessions.forget(accessToken);
                yield ConnectorException.transientFailure(said + "; the cluster is asked again at the next call");
            }
            default -> ConnectorException.transientFailure(said);
        };
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
