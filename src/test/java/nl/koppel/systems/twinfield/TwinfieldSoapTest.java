package nl.koppel.systems.twinfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import nl.koppel.connections.StatusReason;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.SharedReads;
import nl.koppel.masterdata.SyncMode;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Twinfield's replies, read without a server: SOAP faults by code, 429, garbage, the finder's pages. */
class TwinfieldSoapTest {

    private final TwinfieldSoap soap = new TwinfieldSoap(new TwinfieldSessions(null, null));

    /** Twinfield's fault shape: detail with lower-case, unqualified message, code and source. */
    static String fault(String code) {
        return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Something</faultstring>"
                + "<detail><message>Something</message><code>" + code + "</code><source>Twinfield</source></detail>"
                + "</soap:Fault></soap:Body></soap:Envelope>";
    }

    @ParameterizedTest(name = "fault {0} (HTTP {1}) -> {2} {3}, after a refresh {4} {5}")
    @CsvSource({
        "101, 500, REJECTED, , REJECTED, ",
        "103, 401, TRANSIENT, , AUTH, CREDENTIALS_REVOKED",
        "354, 401, TRANSIENT, , TRANSIENT, ",
        "104, 403, AUTH, USER_DISABLED, AUTH, USER_DISABLED",
        "105, 403, AUTH, USER_DISABLED, AUTH, USER_DISABLED",
        "106, 403, AUTH, USER_DISABLED, AUTH, USER_DISABLED",
        "102, 403, ACCESS, , ACCESS, ",
        "108, 500, TRANSIENT, , TRANSIENT, ",
        "999, 500, TRANSIENT, , TRANSIENT, "})
    void soapFaultsAreClassifiedByTheirCode(String code, int status, FailureClass first, StatusReason firstReason,
                                            FailureClass renewed, StatusReason renewedReason) {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> soap.offices(status, fault(code), Map.of(), "token", null));
        assertThat(e.getFailureClass()).isEqualTo(first);
        assertThat(e.getReason()).isEqualTo(firstReason);
        assertThat(e.getMessage()).contains(code).doesNotContain("token");
        // 354 and 103 are what an expired access token gets: refresh and retry once before concluding
        assertThat(e.isAccessTokenRejected()).isEqualTo(code.equals("354") || code.equals("103"));
        ConnectorException again = catchThrowableOfType(ConnectorException.class,
                () -> soap.offices(status, fault(code), Map.of(), "token", true));
        assertThat(again.getFailureClass()).isEqualTo(renewed);
        assertThat(again.getReason()).isEqualTo(renewedReason);
        assertThat(again.isAccessTokenRejected()).isFalse();
    }

    @ParameterizedTest(name = "HTTP {0} without a readable code -> {1}")
    @CsvSource({"401, TRANSIENT, true", "403, ACCESS, false", "500, TRANSIENT, false"})
    void aFaultWithoutCodeIsReadByItsHttpStatus(int status, FailureClass failureClass, boolean tokenRejected) {
        String fault = "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Nope</faultstring>"
                + "</soap:Fault></soap:Body></soap:Envelope>";
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> soap.offices(status, fault, Map.of(), "t", null));
        assertThat(e.getFailureClass()).isEqualTo(failureClass);
        assertThat(e.isAccessTokenRejected()).isEqualTo(tokenRejected);
    }

    @ParameterizedTest(name = "finder message {0} -> {1}")
    @CsvSource({"NoAccessToOffice, ACCESS", "AccessDenied, ACCESS", "OptionNotAllowed, REJECTED"})
    void finderErrorsAreMessagesInTheResultAndItsDataIsNotUsed(String code, FailureClass failureClass) {
        TwinfieldMasterData finder = new TwinfieldMasterData(soap);
        // zero rows, as Twinfield sends with an error: read as a complete set, it would delete everything
        String reply = envelope("<SearchResponse xmlns=\"http://www.twinfield.com/\"><SearchResult><MessageOfErrorCodes>"
                + "<Type>Error</Type><Text>Nope.</Text><Code>" + code + "</Code><Parameters/></MessageOfErrorCodes>"
                + "</SearchResult><data><TotalRows>0</TotalRows><Columns/><Items/></data></SearchResponse>");
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> finder.page(200, reply, Map.of(),
                request(MasterDataKind.VAT_CODES, "FULL", null, null), read(MasterDataKind.VAT_CODES), "t", null));
        assertThat(e.getFailureClass()).isEqualTo(failureClass);
        assertThat(e.getMessage()).contains(code);
        // a warning leaves the data valid
        String warned = envelope("<SearchResponse xmlns=\"http://www.twinfield.com/\"><SearchResult><MessageOfErrorCodes>"
                + "<Type>Warning</Type><Text>Hm.</Text><Code>Something</Code></MessageOfErrorCodes></SearchResult>"
                + "<data><TotalRows>1</TotalRows><Columns><string>Code</string><string>Name</string></Columns><Items>"
                + "<ArrayOfString><string>VH</string><string>BTW hoog</string></ArrayOfString></Items></data>"
                + "</SearchResponse>");
        assertThat(finder.page(200, warned, Map.of(), request(MasterDataKind.VAT_CODES, "FULL", null, null), read(MasterDataKind.VAT_CODES), "t", null)
                .records()).hasSize(1);
    }

    @Test
    void relationsComeFromOneReadOfDimensionsPerTypeWithVatAndKvkNumbers() {
        TwinfieldMasterData relations = new TwinfieldMasterData(soap);
        String debtors = processXml("<dimensions result=\"1\"><dimension result=\"1\" status=\"active\">"
                + "<office>NLA001</office><type>DEB</type><code>1000</code><name>Bakkerij Jansen</name><addresses>"
                + "<address id=\"2\" type=\"postal\" default=\"false\"><city>Elders</city></address>"
                + "<address id=\"1\" type=\"invoice\" default=\"true\"><country>NL</country><city>Zwolle</city>"
                + "<email>info@jansen.nl</email><field4>NL001234567B01</field4><field5>12345678</field5></address>"
                + "</addresses></dimension><dimension status=\"hidden\"><type>DEB</type><code>1001</code>"
                + "<name>Oud</name></dimension></dimensions>");
        MasterDataPage first = relations.page(200, debtors, Map.of(), request(MasterDataKind.RELATIONS, "INCREMENTAL", null, null), read(MasterDataKind.RELATIONS), "t", null);
        assertThat(first.records()).hasSize(2);
        assertThat(first.records().get(0)).satisfies(r -> {
            assertThat(r.externalId()).isEqualTo("DEB:1000");
            assertThat(r.vatNumber()).isEqualTo("NL001234567B01");
            assertThat(r.attributes()).containsEntry("kvkNumber", "12345678").containsEntry("city", "Zwolle")
                    .containsEntry("email", "info@jansen.nl").containsEntry("isCustomer", true);
            assertThat(r.active()).isTrue();
        });
        assertThat(first.records().get(1).active()).isFalse();
        assertThat(first.completeSet()).as("every relation of the type, every run").isTrue();
        assertThat(first.lastPage()).isFalse();
        MasterDataPage creditors = relations.page(200, processXml("<dimensions result=\"1\"/>"), Map.of(),
                request(MasterDataKind.RELATIONS, "INCREMENTAL", null, first.continuation()), read(MasterDataKind.RELATIONS), "t", null);
        assertThat(creditors.records()).isEmpty();
        assertThat(creditors.lastPage()).isTrue();
        assertThat(creditors.completeSet()).isTrue();

        // a read Twinfield refused is an error, never an empty complete set
        ConnectorException refused = catchThrowableOfType(ConnectorException.class, () -> relations.page(200,
                processXml("<dimensions result=\"0\" msgtype=\"error\" msg=\"No access\"/>"), Map.of(),
                request(MasterDataKind.RELATIONS, "FULL", null, null), read(MasterDataKind.RELATIONS), "t", null));
        assertThat(refused.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
    }

    private static String processXml(String result) {
        return envelope("<ProcessXmlStringResponse xmlns=\"http://www.twinfield.com/\"><ProcessXmlStringResult>"
                + result.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</ProcessXmlStringResult></ProcessXmlStringResponse>");
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterAndGarbageIsTransient() {
        ConnectorException limited = catchThrowableOfType(ConnectorException.class,
                () -> soap.offices(429, "Too Many Requests", Map.of("Retry-After", "7"), "t", null));
        assertThat(limited.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);
        assertThat(limited.getRetryAt()).isBetween(java.time.Instant.now().plusSeconds(5),
                java.time.Instant.now().plusSeconds(8));
        for (int status : new int[] {200, 502}) {
            ConnectorException garbage = catchThrowableOfType(ConnectorException.class,
                    () -> soap.offices(status, "<html><body>Service Unavailable</body></html", Map.of(), "t", null));
            assertThat(garbage.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        }
        ConnectorException doctype = catchThrowableOfType(ConnectorException.class, () -> soap.offices(200,
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", Map.of(),
                "t", null));
        assertThat(doctype.getFailureClass()).as("no DTDs, no external entities").isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void officesAreReadFromTheProcessXmlStringResult() {
        String reply = envelope("<ProcessXmlStringResponse xmlns=\"http://www.twinfield.com/\"><ProcessXmlStringResult>"
                + "&lt;offices result=\"1\"&gt;&lt;office name=\"Bakkerij &amp;amp; Zn\" shortname=\"Bakkerij\"&gt;NLA001"
                + "&lt;/office&gt;&lt;/offices&gt;</ProcessXmlStringResult></ProcessXmlStringResponse>");
        assertThat(soap.offices(200, reply, Map.of(), "t", null)).singleElement().satisfies(office -> {
            assertThat(office.externalId()).isEqualTo("NLA001");
            assertThat(office.name()).isEqualTo("Bakkerij & Zn");
        });
    }

    private static PageRequest request(MasterDataKind kind, String mode, String cursor, String continuation) {
        return new PageRequest(null, "NLA001", kind, SyncMode.valueOf(mode), cursor, continuation, new SharedReads());
    }

    /** What a kind reads: this test's own values (routes/systems/twinfield.camel.yaml declares the real ones). */
    private static TwinfieldKindRead read(MasterDataKind kind) {
        return switch (kind) {
            case RELATIONS -> TwinfieldKindRead.of("relations", "dimensions", "DIM", "DEB,CRD", 100, "");
            case GL_ACCOUNTS -> TwinfieldKindRead.of("gl-accounts", "finder", "DIM", "BAS,PNL", 100, "10m");
            case COST_CENTERS -> TwinfieldKindRead.of("cost-centers", "finder", "DIM", "KPL", 100, "10m");
            case PROJECTS -> TwinfieldKindRead.of("projects", "finder", "DIM", "PRJ", 25, "10m");
            case VAT_CODES -> TwinfieldKindRead.of("vat-codes", "finder", "VAT", "", 100, "");
            default -> throw new IllegalArgumentException("not read from Twinfield: " + kind);
        };
    }

    @Test
    void theFinderAsksWhatTheKindsReadSaysAndProjectsAreIncremental() throws Exception {
        TwinfieldMasterData finder = new TwinfieldMasterData(soap);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            String incremental = finder.nextRequest(request(MasterDataKind.PROJECTS, "INCREMENTAL",
                    "since=20260101120000", null), read(MasterDataKind.PROJECTS), "t", exchange);
            assertThat(incremental).contains("<type>DIM</type>").contains("<maxRows>25</maxRows>")
                    .contains("<string>dimtype</string><string>PRJ</string>")
                    .contains("<string>modifiedsince</string><string>20260101120000</string>");
            assertThat(exchange.getProperty(TwinfieldSoap.SERVICE)).isEqualTo("finder.asmx");
            // a full read (the first sync, the reconciliation) and a kind without an overlap leave modifiedsince out
            assertThat(finder.nextRequest(request(MasterDataKind.PROJECTS, "FULL", "since=20260101120000", null),
                    read(MasterDataKind.PROJECTS), "t", exchange)).doesNotContain("modifiedsince");
            assertThat(finder.nextRequest(request(MasterDataKind.VAT_CODES, "INCREMENTAL", "since=20260101120000",
                    null), read(MasterDataKind.VAT_CODES), "t", exchange)).doesNotContain("modifiedsince")
                    .doesNotContain("dimtype").contains("<type>VAT</type>");
        }
        MasterDataPage projects = finder.page(200, search(1, "P2024000"), Map.of(), request(MasterDataKind.PROJECTS,
                "INCREMENTAL", "since=20260101120000", null), read(MasterDataKind.PROJECTS), "t", null);
        assertThat(projects.records()).singleElement().satisfies(r -> {
            assertThat(r.externalId()).isEqualTo("P2024000");
            assertThat(r.code()).isEqualTo("P2024000");
            assertThat(r.name()).isEqualTo("Naam P2024000");
            assertThat(r.active()).isTrue();
        });
        assertThat(projects.completeSet()).isFalse();
    }

    @Test
    void whatAKindReadsIsCheckedWhenItIsMade() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> TwinfieldKindRead.of("projects",
                "finder", "DIM", "", 100, "10m"))).hasMessageContaining("kind projects").hasMessageContaining("dimtypes");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> TwinfieldKindRead.of("projects",
                "finder", "DIM", "PRJ", 0, "10m"))).hasMessageContaining("max-rows");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> TwinfieldKindRead.of("relations",
                "dimensions", "DIM", "DEB,CRD", 100, "10m"))).hasMessageContaining("no modifiedsince");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> TwinfieldKindRead.of("projects",
                "finder", "DIM", "PRJ", 100, "10"))).hasMessageContaining("like 10m");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> TwinfieldKindRead.of("projecten",
                "finder", "DIM", "PRJ", 100, "10m"))).hasMessageContaining("unknown kind projecten");
    }

    @Test
    void finderPagesGoOnAcrossDimensionTypesAndRefuseASetThatChangedWhilePaged() {
        TwinfieldMasterData finder = new TwinfieldMasterData(soap);
        // first page of DEB: 2 of 3 rows (maxRows is 100 in real runs; the reply decides)
        MasterDataPage first = finder.page(200, search(3, "1000", "1001"), Map.of(), request(MasterDataKind.GL_ACCOUNTS, "FULL", null, null), read(MasterDataKind.GL_ACCOUNTS), "t", null);
        assertThat(first.records()).extracting(r -> r.externalId()).containsExactly("1000", "1001");
        assertThat(first.lastPage()).isFalse();
        assertThat(first.completeSet()).isTrue();
        assertThat(first.cursor()).as("the mark moves only at the end of the run").isNull();
        MasterDataPage second = finder.page(200, search(3, "1002"), Map.of(), request(MasterDataKind.GL_ACCOUNTS, "FULL", null, first.continuation()), read(MasterDataKind.GL_ACCOUNTS), "t", null);
        assertThat(second.lastPage()).isFalse();
        MasterDataPage creditors = finder.page(200, search(1, "2000"), Map.of(), request(MasterDataKind.GL_ACCOUNTS, "FULL", null, second.continuation()), read(MasterDataKind.GL_ACCOUNTS), "t", null);
        assertThat(creditors.records()).extracting(r -> r.externalId()).containsExactly("2000");
        assertThat(creditors.records().get(0).attributes()).containsEntry("type", "PNL");
        assertThat(creditors.lastPage()).isTrue();
        assertThat(creditors.cursor()).startsWith("since=");

        // the second page says there are 4 rows now: a row may have been skipped, so the run starts again
        ConnectorException changed = catchThrowableOfType(ConnectorException.class, () -> finder.page(200,
                search(4, "1002", "1003"), Map.of(), request(MasterDataKind.GL_ACCOUNTS, "FULL", null, first.continuation()), read(MasterDataKind.GL_ACCOUNTS), "t", null));
        assertThat(changed.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(changed.getMessage()).contains("changed while they were paged");

        // an incremental run is not a complete set
        MasterDataPage incremental = finder.page(200, search(0), Map.of(), request(MasterDataKind.COST_CENTERS, "INCREMENTAL", "since=20260101120000", null), read(MasterDataKind.COST_CENTERS), "t", null);
        assertThat(incremental.completeSet()).isFalse();
        assertThat(incremental.lastPage()).isTrue();
    }

    private static String search(int total, String... codes) {
        StringBuilder items = new StringBuilder();
        for (String code : codes) {
            items.append("<ArrayOfString><string>").append(code).append("</string><string>Naam ").append(code)
                    .append("</string></ArrayOfString>");
        }
        return envelope("<SearchResponse xmlns=\"http://www.twinfield.com/\"><SearchResult/>"
                + "<data><TotalRows>" + total + "</TotalRows><Columns><string>Code"
                + "</string><string>Name</string></Columns><Items>" + items + "</Items></data></SearchResponse>");
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }
}
