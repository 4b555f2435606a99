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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Twinfield's replies, read without a server: SOAP faults by code, 429, garbage, the finder's pages. */
class TwinfieldSoapTest {

    private final TwinfieldSoap soap = new TwinfieldSoap(new TwinfieldSessions(null, null));

    @ParameterizedTest(name = "fault {0} -> {1} {2}")
    @CsvSource({
        "101, AUTH, CREDENTIALS_REVOKED",
        "103, AUTH, CREDENTIALS_REVOKED",
        "354, AUTH, CREDENTIALS_REVOKED",
        "104, AUTH, USER_DISABLED",
        "105, AUTH, USER_DISABLED",
        "106, AUTH, USER_DISABLED",
        "102, ACCESS, ",
        "108, TRANSIENT, ",
        "999, TRANSIENT, "})
    void soapFaultsAreClassifiedByTheirCode(String code, FailureClass failureClass, StatusReason reason) {
        String fault = "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Something</faultstring>"
                + "<detail><TwinfieldFault xmlns=\"http://www.twinfield.com/\"><Code>" + code + "</Code></TwinfieldFault>"
                + "</detail></soap:Fault></soap:Body></soap:Envelope>";
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> soap.offices(500, fault, Map.of(), "token"));
        assertThat(e.getFailureClass()).isEqualTo(failureClass);
        assertThat(e.getReason()).isEqualTo(reason);
        assertThat(e.getMessage()).contains(code).doesNotContain("token");
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterAndGarbageIsTransient() {
        ConnectorException limited = catchThrowableOfType(ConnectorException.class,
                () -> soap.offices(429, "Too Many Requests", Map.of("Retry-After", "7"), "t"));
        assertThat(limited.getFailureClass()).isEqualTo(FailureClass.RATE_LIMIT);
        assertThat(limited.getRetryAt()).isBetween(java.time.Instant.now().plusSeconds(5),
                java.time.Instant.now().plusSeconds(8));
        for (int status : new int[] {200, 502}) {
            ConnectorException garbage = catchThrowableOfType(ConnectorException.class,
                    () -> soap.offices(status, "<html><body>Service Unavailable</body></html", Map.of(), "t"));
            assertThat(garbage.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        }
        ConnectorException doctype = catchThrowableOfType(ConnectorException.class, () -> soap.offices(200,
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", Map.of(),
                "t"));
        assertThat(doctype.getFailureClass()).as("no DTDs, no external entities").isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void officesAreReadFromTheProcessXmlStringResult() {
        String reply = envelope("<ProcessXmlStringResponse xmlns=\"http://www.twinfield.com/\"><ProcessXmlStringResult>"
                + "&lt;offices result=\"1\"&gt;&lt;office name=\"Bakkerij &amp;amp; Zn\" shortname=\"Bakkerij\"&gt;NLA001"
                + "&lt;/office&gt;&lt;/offices&gt;</ProcessXmlStringResult></ProcessXmlStringResponse>");
        assertThat(soap.offices(200, reply, Map.of(), "t")).singleElement().satisfies(office -> {
            assertThat(office.externalId()).isEqualTo("NLA001");
            assertThat(office.name()).isEqualTo("Bakkerij & Zn");
        });
    }

    private static PageRequest request(MasterDataKind kind, String mode, String cursor, String continuation) {
        return new PageRequest(null, "NLA001", kind, SyncMode.valueOf(mode), cursor, continuation, new SharedReads());
    }

    @Test
    void finderPagesGoOnAcrossDimensionTypesAndRefuseASetThatChangedWhilePaged() {
        TwinfieldMasterData finder = new TwinfieldMasterData(soap);
        // first page of DEB: 2 of 3 rows (maxRows is 100 in real runs; the reply decides)
        MasterDataPage first = finder.page(200, search(3, "1000", "1001"), Map.of(), request(MasterDataKind.RELATIONS, "FULL", null, null), "t");
        assertThat(first.records()).extracting(r -> r.externalId()).containsExactly("DEB:1000", "DEB:1001");
        assertThat(first.lastPage()).isFalse();
        assertThat(first.completeSet()).isTrue();
        assertThat(first.cursor()).as("the mark moves only at the end of the run").isNull();
        MasterDataPage second = finder.page(200, search(3, "1002"), Map.of(), request(MasterDataKind.RELATIONS, "FULL", null, first.continuation()), "t");
        assertThat(second.lastPage()).isFalse();
        MasterDataPage creditors = finder.page(200, search(1, "2000"), Map.of(), request(MasterDataKind.RELATIONS, "FULL", null, second.continuation()), "t");
        assertThat(creditors.records()).extracting(r -> r.externalId()).containsExactly("CRD:2000");
        assertThat(creditors.records().get(0).attributes()).containsEntry("isSupplier", true);
        assertThat(creditors.lastPage()).isTrue();
        assertThat(creditors.cursor()).startsWith("since=");

        // the second page says there are 4 rows now: a row may have been skipped, so the run starts again
        ConnectorException changed = catchThrowableOfType(ConnectorException.class, () -> finder.page(200,
                search(4, "1002", "1003"), Map.of(), request(MasterDataKind.RELATIONS, "FULL", null, first.continuation()), "t"));
        assertThat(changed.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(changed.getMessage()).contains("changed while they were paged");

        // an incremental run is not a complete set
        MasterDataPage incremental = finder.page(200, search(0), Map.of(), request(MasterDataKind.COST_CENTERS, "INCREMENTAL", "since=20260101120000", null), "t");
        assertThat(incremental.completeSet()).isFalse();
        assertThat(incremental.lastPage()).isTrue();
    }

    private static String search(int total, String... codes) {
        StringBuilder items = new StringBuilder();
        for (String code : codes) {
            items.append("<ArrayOfString><string>").append(code).append("</string><string>Naam ").append(code)
                    .append("</string></ArrayOfString>");
        }
        return envelope("<SearchResponse xmlns=\"http://www.twinfield.com/\"><SearchResult><MessageCount>0"
                + "</MessageCount></SearchResult><data><TotalRows>" + total + "</TotalRows><Columns><string>Code"
                + "</string><string>Name</string></Columns><Items>" + items + "</Items></data></SearchResponse>");
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body>" + body + "</soap:Body></soap:Envelope>";
    }
}
