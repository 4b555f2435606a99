package nl.koppel.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.connections.StatusReason;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.snelstart.SnelStartResource;
import nl.koppel.simulator.snelstart.SnelStartSimulator;
import nl.koppel.support.MasterDataComparison.Normalised;

/**
 * SnelStart under the connector contract. It links by connection key: an "account" is a set of administrations, each
 * with its own key, which the sync user enters one by one on Koppel's key page; the connection's accounting-system
 * user is what the first key's companyInfo says. AUTH is per key: {@link #breakLink} revokes the last
 * administration's key (only that dossier fails). ACCESS is a key without the scopes of the master-data reads (403).
 * Expected values: SnelStart's fields mapped here by hand, independently of SnelStartRecordMapper.
 */
final class SnelStartUnderTest implements ConnectorUnderTest {

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    private static final Set<String> ALL_SCOPES = Set.of("relaties:read", "boekhouden:read", "settings:read");

    private final SnelStartSimulator snelstart;
    /** The key in use per administration (the simulator knows them too; this is which one the account has). */
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    SnelStartUnderTest(SnelStartSimulator snelstart) {
        this.snelstart = snelstart;
    }

    @Override
    public String type() {
        return "snelstart";
    }

    @Override
    public Set<MasterDataKind> supportedKinds() {
        return Set.of(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS, MasterDataKind.VAT_CODES,
                MasterDataKind.JOURNALS, MasterDataKind.COST_CENTERS);
    }

    @Override
    public Account newAccount(int seed, int dossiers, int relations) {
        int n = ACCOUNTS.incrementAndGet();
        List<String> administrations = new ArrayList<>();
        String firstName = null;
        for (int i = 0; i < dossiers; i++) {
            SnelStartSimulator.Administration added = snelstart.addAdministration("Administratie " + n + "-" + (i + 1));
            snelstart.generate(added.id(), seed * 31L + i, relations, 12);
            keys.put(added.id(), snelstart.createKey(added.id()));
            administrations.add(added.id());
            firstName = firstName == null ? added.name() : firstName;
        }
        return new Account("snelstart-" + n, "SnelStart administratie " + firstName, administrations);
    }

    @Override
    public void approveAs(Account account) {
        throw new UnsupportedOperationException("SnelStart links by connection key, not by a login");
    }

    @Override
    public boolean linksByKey() {
        return true;
    }

    @Override
    public List<String> connectionKeys(Account account) {
        return account.dossiers().stream().map(keys::get).toList();
    }

    @Override
    public String newKey(Account account, String dossier) {
        String key = snelstart.regenerateKey(dossier);
        keys.put(dossier, key);
        return key;
    }

    @Override
    public Map<String, Normalised> expected(String dossier, MasterDataKind kind) {
        Map<String, Normalised> expected = new TreeMap<>();
        switch (kind) {
            case RELATIONS -> snelstart.records(dossier, SnelStartResource.RELATIES).forEach(r ->
                    expected.put(r.path("id").asText(), new Normalised(text(r, "relatiecode"), text(r, "naam"),
                            !r.path("nonactief").asBoolean(false), text(r, "btwNummer"), null, text(r, "email"))));
            case GL_ACCOUNTS -> snelstart.records(dossier, SnelStartResource.GROOTBOEKEN).forEach(g ->
                    expected.put(g.path("id").asText(), new Normalised(text(g, "nummer"), text(g, "omschrijving"),
                            !g.path("nonactief").asBoolean(false), null, null, null)));
            case JOURNALS -> snelstart.records(dossier, SnelStartResource.DAGBOEKEN).forEach(j ->
                    expected.put(j.path("id").asText(), new Normalised(text(j, "nummer"), text(j, "omschrijving"),
                            !j.path("nonactief").asBoolean(false), null, null, null)));
            case COST_CENTERS -> snelstart.records(dossier, SnelStartResource.KOSTENPLAATSEN).forEach(c ->
                    expected.put(c.path("id").asText(), new Normalised(text(c, "nummer"), text(c, "omschrijving"),
                            !c.path("nonactief").asBoolean(false), null, null, null)));
            case VAT_CODES -> snelstart.records(dossier, SnelStartResource.BTWTARIEVEN).forEach(v -> {
                // a rate history without ids: one record per kind and start date, active while not ended
                String sort = text(v, "btwSoort");
                LocalDate from = LocalDate.parse(text(v, "datumVanaf").substring(0, 10));
                String until = text(v, "datumTotEnMet");
                boolean active = until == null || !LocalDate.parse(until.substring(0, 10)).isBefore(LocalDate.now());
                BigDecimal percentage = new BigDecimal(v.path("btwPercentage").asText());
                expected.put(sort + ":" + from, new Normalised(sort,
                        sort + " " + percentage.stripTrailingZeros().toPlainString() + "%", active, null, null, null));
            });
            default -> throw new IllegalArgumentException("SnelStart has no " + kind);
        }
        return expected;
    }

    @Override
    public void changeAndDelete(String dossier) {
        List<ObjectNode> relations = snelstart.records(dossier, SnelStartResource.RELATIES);
        snelstart.update(dossier, SnelStartResource.RELATIES, relations.get(0).path("id").asText(),
                Map.of("naam", "Gewijzigd B.V."));
        snelstart.update(dossier, SnelStartResource.RELATIES, relations.get(1).path("id").asText(),
                Map.of("email", "nieuw@example.nl"));
        snelstart.delete(dossier, SnelStartResource.RELATIES, relations.get(2).path("id").asText());
        snelstart.create(dossier, SnelStartResource.RELATIES, Map.of("relatiecode", 9999, "naam",
                "Nieuwe Relatie B.V.", "relatiesoort", List.of("Klant"), "nonactief", false));
        snelstart.delete(dossier, SnelStartResource.GROOTBOEKEN,
                snelstart.records(dossier, SnelStartResource.GROOTBOEKEN).get(0).path("id").asText());
    }

    @Override
    public boolean seesDeletionsIncrementally() {
        return false; // no deletions endpoint: hard deletes of relations and GL accounts show in a full read
    }

    @Override
    public void breakLink(Account account) {
        snelstart.revokeKey(keys.get(account.dossiers().get(account.dossiers().size() - 1)));
    }

    @Override
    public StatusReason authReason() {
        return StatusReason.CONNECTION_KEYS_REJECTED; // when no key of the connection works any more
    }

    @Override
    public void denyDossier(Account account, String dossier) {
        snelstart.scopes(keys.get(dossier), Set.of(SnelStartResource.SETTINGS_SCOPE));
    }

    @Override
    public void allowDossier(Account account, String dossier) {
        snelstart.scopes(keys.get(dossier), ALL_SCOPES);
    }

    @Override
    public void tooManyRequestsNext(String dossier, Duration wait) {
        // relations come first in every sync turn; not companyInfo, which the link check calls
        snelstart.tooManyRequestsNext("/v2/relaties", 1, (int) wait.toSeconds());
    }

    @Override
    public boolean rateLimitFaultPending() {
        return snelstart.faults().active().stream().anyMatch(f -> f.status() == 429);
    }

    @Override
    public void serverErrors(String dossier) {
        snelstart.faults().failNext("/v2/relaties", 502, SimFaults.EVERY_CALL);
    }

    @Override
    public void whoamiServerErrors() {
        snelstart.faults().failNext("/v2/companyInfo", 500, SimFaults.EVERY_CALL);
    }

    @Override
    public void clearFaults() {
        snelstart.faults().clear();
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "SnelStart";
    }
}
