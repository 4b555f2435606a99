package nl.koppel.systems.snelstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.SharedReads;
import nl.koppel.masterdata.SyncMode;
import nl.koppel.systems.ApiReply;
import org.junit.jupiter.api.Test;

/** The paging, cursor and complete-set decisions of SnelStart's fetch-page, and its field mapping, without a server. */
class SnelStartMasterDataTest {

    private static final SnelStartRead RELATIES = new SnelStartRead("relaties", 2, "ModifiedOn gt datetime'{since}'");
    private static final SnelStartRead DAGBOEKEN = new SnelStartRead("dagboeken", 0, "");
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
    private final SnelStartMasterData masterData = new SnelStartMasterData(
            new SnelStartReplies(new ObjectMapper(), clock), clock);

    @Test
    void aFullReadPagesUntilAShortPageAndMovesTheCursorOnlyAtTheEnd() {
        PageRequest first = request(MasterDataKind.RELATIONS, SyncMode.FULL, "modifiedOn=2026-01-01T00:00:00", null);
        SnelStartMasterData.Call call = SnelStartMasterData.call(first, RELATIES);
        assertThat(call.path()).isEqualTo("/v2/relaties?$top=2&$skip=0");
        MasterDataPage page1 = masterData.page(reply("""
                [{"id":"a","modifiedOn":"2026-03-01T10:00:00.500","naam":"A"},
                 {"id":"b","modifiedOn":"2026-05-01T10:00:00","naam":"B"}]"""), first, call);
        assertThat(page1.lastPage()).isFalse();
        assertThat(page1.completeSet()).isTrue();
        assertThat(page1.cursor()).isEqualTo("modifiedOn=2026-01-01T00:00:00");
        assertThat(page1.continuation()).isEqualTo("skip=2;max=2026-05-01T10:00:00");

        PageRequest second = request(MasterDataKind.RELATIONS, SyncMode.FULL, page1.cursor(), page1.continuation());
        SnelStartMasterData.Call next = SnelStartMasterData.call(second, RELATIES);
        assertThat(next.path()).isEqualTo("/v2/relaties?$top=2&$skip=2");
        MasterDataPage page2 = masterData.page(reply("[{\"id\":\"c\",\"modifiedOn\":\"2026-04-01T00:00:00\"}]"),
                second, next);
        assertThat(page2.lastPage()).isTrue();
        assertThat(page2.completeSet()).isTrue();
        assertThat(page2.continuation()).isNull();
        assertThat(page2.cursor()).isEqualTo("modifiedOn=2026-05-01T10:00:00");
    }

    @Test
    void anIncrementalReadFiltersFromTheCursorLessTheOverlapAndIsNoCompleteSet() {
        PageRequest request = request(MasterDataKind.RELATIONS, SyncMode.INCREMENTAL,
                "modifiedOn=2026-05-01T10:00:00.250", null);
        SnelStartMasterData.Call call = SnelStartMasterData.call(request, RELATIES);
        assertThat(call.path()).isEqualTo("/v2/relaties?$top=2&$skip=0&$filter="
                + "ModifiedOn%20gt%20datetime%272026-05-01T09%3A55%3A00.250%27");
        MasterDataPage empty = masterData.page(reply("[]"), request, call);
        assertThat(empty.lastPage()).isTrue();
        assertThat(empty.completeSet()).isFalse();
        assertThat(empty.cursor()).as("nothing changed: the position stays").isEqualTo(request.cursor());

        PageRequest withoutCursor = request(MasterDataKind.RELATIONS, SyncMode.INCREMENTAL, null, null);
        assertThat(SnelStartMasterData.call(withoutCursor, RELATIES).path()).doesNotContain("$filter");
    }

    @Test
    void aKindWithoutODataIsOneCallAndACompleteSet() {
        PageRequest request = request(MasterDataKind.JOURNALS, SyncMode.INCREMENTAL, null, null);
        SnelStartMasterData.Call call = SnelStartMasterData.call(request, DAGBOEKEN);
        assertThat(call.path()).isEqualTo("/v2/dagboeken");
        MasterDataPage page = masterData.page(reply("""
                [{"id":"j1","nummer":1,"omschrijving":"Kas","soort":"Kas","nonactief":false}]"""), request, call);
        assertThat(page.lastPage()).isTrue();
        assertThat(page.completeSet()).isTrue();
        assertThat(page.cursor()).isNull();
        assertThat(page.records()).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("1");
            assertThat(r.name()).isEqualTo("Kas");
            assertThat(r.attributes()).containsEntry("type", "Kas");
        });
    }

    @Test
    void fieldsMapAsTheGuideSays() {
        var relation = SnelStartRecordMapper.map(MasterDataKind.RELATIONS, json("""
                {"id":"r1","relatiecode":1001,"naam":"Bakkerij","nonactief":true,"btwNummer":"NL1B01",
                 "kvkNummer":"123","email":"a@b.nl","iban":"NL01","relatiesoort":["Klant","Leverancier"],
                 "krediettermijn":30}"""), java.time.LocalDate.of(2026, 12, 2));
        assertThat(relation.externalId()).isEqualTo("r1");
        assertThat(relation.code()).isEqualTo("1001");
        assertThat(relation.active()).isFalse();
        assertThat(relation.vatNumber()).isEqualTo("NL1B01");
        assertThat(relation.attributes()).containsEntry("isCustomer", true).containsEntry("isSupplier", true)
                .containsEntry("paymentTermDays", 30).containsEntry("kvkNumber", "123").containsEntry("iban", "NL01");

        var account = SnelStartRecordMapper.map(MasterDataKind.GL_ACCOUNTS, json("""
                {"id":"g1","nummer":8000,"omschrijving":"Omzet","rekeningCode":"WinstEnVerlies",
                 "grootboekfunctie":"Omzet","vatRateCode":"HOOG"}"""), java.time.LocalDate.of(2026, 12, 2));
        assertThat(account.attributes()).containsEntry("balanceType", "W").containsEntry("function", "Omzet");

        var oldRate = SnelStartRecordMapper.map(MasterDataKind.VAT_CODES, json("""
                {"btwSoort":"Hoog","btwPercentage":19.0,"datumVanaf":"2001-01-01T00:00:00",
                 "datumTotEnMet":"2012-09-30T00:00:00"}"""), java.time.LocalDate.of(2026, 12, 2));
        assertThat(oldRate.externalId()).isEqualTo("Hoog:2001-01-01");
        assertThat(oldRate.name()).isEqualTo("Hoog 19%");
        assertThat(oldRate.active()).isFalse();
        assertThatThrownBy(() -> SnelStartRecordMapper.map(MasterDataKind.RELATIONS, json("{\"naam\":\"x\"}"),
                java.time.LocalDate.of(2026, 12, 2))).hasMessageContaining("without id");
    }

    @Test
    void theRoutesKnobsAreChecked() {
        assertThatThrownBy(() -> new SnelStartRead("relaties", 501, "")).hasMessageContaining("1-500");
        assertThatThrownBy(() -> new SnelStartRead("dagboeken", 0, "ModifiedOn gt datetime'{since}'"))
                .hasMessageContaining("paged");
        assertThatThrownBy(() -> new SnelStartRead("relaties?$x=1", 500, "")).hasMessageContaining("path");
    }

    private static PageRequest request(MasterDataKind kind, SyncMode mode, String cursor, String continuation) {
        return new PageRequest(UUID.randomUUID(), "admin-guid", kind, mode, cursor, continuation, new SharedReads());
    }

    private static ApiReply reply(String body) {
        return new ApiReply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
