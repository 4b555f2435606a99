package nl.koppel.systems.snelstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import nl.koppel.connections.AccountingSystemUser;
import nl.koppel.connections.StatusReason;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.MasterDataPage;
import nl.koppel.masterdata.MasterRecord;
import nl.koppel.masterdata.PageRequest;
import nl.koppel.masterdata.SharedReads;
import nl.koppel.masterdata.SyncMode;
import nl.koppel.simulator.snelstart.SnelStartResource;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestSimulators;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import nl.koppel.systems.TokenGrant;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SnelStart's contract routes, as loaded from routes/systems/snelstart.camel.yaml, against the simulator over HTTP:
 * a key becomes a token, the token names its one administration, and each kind is read as its route says.
 */
class SnelStartRoutesTest extends KoppelIntegrationTest {

    private static final SnelStartSimulator SNELSTART = TestSimulators.snelstart();

    @Autowired
    ProducerTemplate camel;

    @Test
    void aKeyBecomesATokenThatNamesItsOneAdministration() {
        var administration = SNELSTART.addAdministration("Routes " + UUID.randomUUID(), "87654321", "NL009B01");
        String key = SNELSTART.createKey(administration.id());

        TokenGrant grant = call("direct:snelstart-exchange-key", null, Map.of("connectionKey", key), TokenGrant.class);
        assertThat(grant.refreshToken()).isEmpty();
        assertThat(grant.expiresIn().toSeconds()).isEqualTo(3599);

        AccountingSystemUser user = call("direct:snelstart-whoami", null, Map.of("accessToken", grant.accessToken()),
                AccountingSystemUser.class);
        assertThat(user.externalId()).isEqualTo(administration.id());
        assertThat(user.username()).isEqualTo("SnelStart administratie " + administration.name());

        @SuppressWarnings("unchecked")
        List<AccessibleDossier> dossiers = call("direct:snelstart-list-dossiers", null,
                Map.of("accessToken", grant.accessToken()), List.class);
        assertThat(dossiers).containsExactly(new AccessibleDossier(administration.id(), administration.name(), false,
                "87654321", "NL009B01", null));

        SNELSTART.revokeKey(key);
        ConnectorException refused = failure("direct:snelstart-exchange-key", null, Map.of("connectionKey", key));
        assertThat(refused.getFailureClass()).isEqualTo(FailureClass.AUTH);
        assertThat(refused.getReason()).isEqualTo(StatusReason.CREDENTIALS_REVOKED);
        assertThat(refused.getMessage()).doesNotContain(key);
        ConnectorException oldToken = failure("direct:snelstart-whoami", null,
                Map.of("accessToken", grant.accessToken()));
        assertThat(oldToken.getFailureClass()).isEqualTo(FailureClass.AUTH);
    }

    @Test
    void relationsArePagedBy500ThenReadIncrementallyByModifiedOn() {
        var administration = SNELSTART.addAdministration("Paged " + UUID.randomUUID());
        SNELSTART.generate(administration.id(), 11, 520, 12);
        String token = token(administration.id());

        List<MasterDataPage> pages = run(administration.id(), MasterDataKind.RELATIONS, SyncMode.FULL, null, token);
        assertThat(pages).hasSize(2).allMatch(MasterDataPage::completeSet);
        assertThat(pages.get(0).cursor()).as("the position moves at the end of the run").isNull();
        List<MasterRecord> records = pages.stream().flatMap(p -> p.records().stream()).toList();
        var expected = SNELSTART.records(administration.id(), SnelStartResource.RELATIES);
        assertThat(records).extracting(MasterRecord::externalId)
                .containsExactlyElementsOf(expected.stream().map(r -> r.path("id").asText()).toList());
        String cursor = pages.get(1).cursor();
        assertThat(cursor).isEqualTo("modifiedOn=" + expected.get(expected.size() - 1).path("modifiedOn").asText());

        var first = expected.get(0);
        assertThat(records.get(0).code()).isEqualTo(first.path("relatiecode").asText());
        assertThat(records.get(0).name()).isEqualTo(first.path("naam").asText());
        assertThat(records.get(9).active()).as("every tenth generated relation is nonactief").isFalse();

        SNELSTART.update(administration.id(), SnelStartResource.RELATIES, first.path("id").asText(),
                Map.of("naam", "Gewijzigd"));
        List<MasterDataPage> incremental = run(administration.id(), MasterDataKind.RELATIONS,
                SyncMode.INCREMENTAL, cursor, token);
        assertThat(SNELSTART.lastQuery("/v2/relaties")).contains("$top=500").contains("$filter=ModifiedOn gt"
                + " datetime'");
        assertThat(incremental).noneMatch(MasterDataPage::completeSet);
        assertThat(incremental.stream().flatMap(p -> p.records().stream()))
                .anySatisfy(r -> assertThat(r.name()).isEqualTo("Gewijzigd"));
        assertThat(incremental.get(incremental.size() - 1).cursor()).isNotEqualTo(cursor).startsWith("modifiedOn=");
    }

    @Test
    void journalsCostCentersAndVatRatesAreReadWholeAsACompleteSet() {
        var administration = SNELSTART.addAdministration("Whole " + UUID.randomUUID());
        SNELSTART.generate(administration.id(), 12, 3, 4);
        String token = token(administration.id());
        for (MasterDataKind kind : List.of(MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS,
                MasterDataKind.VAT_CODES, MasterDataKind.GL_ACCOUNTS)) {
            List<MasterDataPage> pages = run(administration.id(), kind, SyncMode.INCREMENTAL, null, token);
            assertThat(pages).as(kind.path()).hasSize(1);
            assertThat(pages.get(0).completeSet()).isTrue();
        }
        List<MasterRecord> vat = run(administration.id(), MasterDataKind.VAT_CODES, SyncMode.FULL, null, token)
                .get(0).records();
        assertThat(vat).extracting(MasterRecord::externalId).contains("Hoog:2012-10-01", "Laag:2019-01-01");
        assertThat(vat).filteredOn(r -> r.externalId().equals("Laag:2001-01-01")).singleElement()
                .satisfies(r -> assertThat(r.active()).isFalse());
        assertThat(SNELSTART.lastQuery("/v2/btwtarieven")).isEmpty();
    }

    @Test
    void aMissingScopeIsAccessA429RateLimitGarbageTransient() {
        var administration = SNELSTART.addAdministration("Failures " + UUID.randomUUID());
        SNELSTART.generate(administration.id(), 13, 5, 5);
        String key = SNELSTART.createKey(administration.id());
        String token = call("direct:snelstart-exchange-key", null, Map.of("connectionKey", key), TokenGrant.class)
                .accessToken();

        SNELSTART.tooManyRequestsNext("/v2/grootboeken", 1, 9);
        assertThat(pageFailure(administration.id(), MasterDataKind.GL_ACCOUNTS, token).getFailureClass())
                .isEqualTo(FailureClass.RATE_LIMIT);
        SNELSTART.faults().garbageNext("/v2/grootboeken", 1);
        assertThat(pageFailure(administration.id(), MasterDataKind.GL_ACCOUNTS, token).getFailureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        SNELSTART.scopes(key, Set.of("settings:read"));
        assertThat(pageFailure(administration.id(), MasterDataKind.RELATIONS, token).getFailureClass())
                .isEqualTo(FailureClass.ACCESS);
        assertThat(run(administration.id(), MasterDataKind.COST_CENTERS, SyncMode.FULL, null, token)).hasSize(1);
    }

    private List<MasterDataPage> run(String administration, MasterDataKind kind, SyncMode mode, String cursor,
                                     String token) {
        List<MasterDataPage> pages = new ArrayList<>();
        String continuation = null;
        do {
            PageRequest request = new PageRequest(UUID.randomUUID(), administration, kind, mode, cursor, continuation,
                    new SharedReads());
            MasterDataPage page = call("direct:snelstart-fetch-page", request, Map.of("accessToken", token),
                    MasterDataPage.class);
            pages.add(page);
            continuation = page.continuation();
            assertThat(pages).as("no endless run").hasSizeLessThan(20);
        } while (!pages.get(pages.size() - 1).lastPage());
        return pages;
    }

    private ConnectorException pageFailure(String administration, MasterDataKind kind, String token) {
        return failure("direct:snelstart-fetch-page", new PageRequest(UUID.randomUUID(), administration, kind,
                SyncMode.FULL, null, null, new SharedReads()), Map.of("accessToken", token));
    }

    private String token(String administration) {
        return call("direct:snelstart-exchange-key", null, Map.of("connectionKey", SNELSTART.createKey(administration)),
                TokenGrant.class).accessToken();
    }

    private <T> T call(String uri, Object body, Map<String, Object> properties, Class<T> type) {
        Exchange exchange = send(uri, body, properties);
        if (exchange.getException() != null) {
            throw new AssertionError("the route failed", exchange.getException());
        }
        return exchange.getMessage().getBody(type);
    }

    private ConnectorException failure(String uri, Object body, Map<String, Object> properties) {
        Exchange exchange = send(uri, body, properties);
        assertThat(exchange.getException()).isInstanceOf(ConnectorException.class);
        return (ConnectorException) exchange.getException();
    }

    private Exchange send(String uri, Object body, Map<String, Object> properties) {
        return camel.send(uri, exchange -> {
            exchange.getMessage().setBody(body);
            properties.forEach(exchange::setProperty);
        });
    }
}
