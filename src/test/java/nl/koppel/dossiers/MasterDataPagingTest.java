package nl.koppel.dossiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.Test;

/**
 * Master data pages by keyset: following {@code _links.next} (which carries the {@code after} cursor) reads every
 * record once, in external id order; an offset is for small pages only, and a bad cursor is a clear 400.
 */
class MasterDataPagingTest extends KoppelIntegrationTest {

    @Test
    void followingNextReadsEveryRecordOnceAndDeepOffsetsAreRefused() {
        TestOffice office = provisionOffice();
        UUID connectionId = addExactOnline(office, office.superUser());
        UUID dossierId = UUID.randomUUID();
        jdbc.sql("INSERT INTO dossier (id, connection_id, office_id, external_id, name, status, added_by, next_sync_at)"
                        + " VALUES (:id, :c, :o, 'paging', 'Paging', 'ACTIVE', 'test', now() + interval '1 day')")
                .param("id", dossierId).param("c", connectionId).param("o", office.id()).update();
        // 250 relations; every fifth without a code (the old order put those last)
        jdbc.sql("INSERT INTO master_record (dossier_id, kind, external_id, code, name, active, attributes, source,"
                        + " content_hash, synced_at) SELECT :d, 'RELATIONS', 'rel-' || lpad(n::text, 4, '0'),"
                        + " CASE WHEN n % 5 = 0 THEN NULL ELSE lpad((1000 - n)::text, 4, '0') END, 'Relatie ' || n,"
                        + " true, '{}', '{}', n, now() FROM generate_series(1, 250) n")
                .param("d", dossierId).update();
        String base = office.path() + "/dossiers/" + dossierId + "/master-data/relations";
        String as = office.user().username();

        List<String> read = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        String next = base + "?limit=100";
        while (next != null) {
            TestApi.Reply reply = api.get(next, as, PASSWORD);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            pages.add(reply.json());
            reply.json().path("items").forEach(item -> read.add(item.path("externalId").asText()));
            JsonNode link = reply.json().path("_links").path("next");
            next = link.isMissingNode() ? null : link.asText();
            assertThat(pages).as("pages").hasSizeLessThanOrEqualTo(3);
        }
        assertThat(read).hasSize(250).doesNotHaveDuplicates().isSorted();
        assertThat(pages.get(0).at("/_metadata/total").asLong()).isEqualTo(250);
        assertThat(pages.get(1).at("/_links/self").asText()).contains("after=");
        assertThat(pages.get(1).at("/_metadata/after").asText()).isNotBlank();

        // a small offset still works and sees the same order
        JsonNode second = api.get(base + "?limit=100&offset=100", as, PASSWORD).json();
        assertThat(second.path("items").get(0).path("externalId").asText()).isEqualTo(read.get(100));

        for (String bad : List.of("?offset=10001", "?limit=100&after=%21%21%21", "?offset=5&after=cmVsLTAwMDE",
                "?limit=0")) {
            TestApi.Reply reply = api.get(base + bad, as, PASSWORD);
            assertThat(reply.status()).as(bad + " " + reply).isEqualTo(400);
            assertThat(reply.json().path("code").asText()).isEqualTo("paging_invalid");
        }
    }
}
