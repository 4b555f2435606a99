package nl.koppel.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.connections.StatusReason;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.moneybird.MoneybirdKind;
import nl.koppel.simulator.moneybird.MoneybirdSimulator;
import nl.koppel.support.MasterDataComparison.Normalised;

/**
 * Moneybird under the connector contract: administrations are dossiers; relations (contacts), gl-accounts
 * (ledger accounts) and vat-codes (tax rates) are supported. The expected values are Moneybird's fields mapped
 * here by hand, independently of MoneybirdRecordMapper.
 */
final class MoneybirdUnderTest implements ConnectorUnderTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final MoneybirdSimulator moneybird;

    MoneybirdUnderTest(MoneybirdSimulator moneybird) {
        this.moneybird = moneybird;
    }

    @Override
    public String type() {
        return "moneybird";
    }

    @Override
    public Set<MasterDataKind> supportedKinds() {
        return Set.of(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS, MasterDataKind.VAT_CODES);
    }

    @Override
    public Account newAccount(int seed, int dossiers, int relations) {
        int n = USERS.incrementAndGet();
        String email = "boekhouder" + n + "@kantoor.example";
        moneybird.addUser("Boekhouder " + n, email);
        List<String> administrations = moneybird.generate(seed, email, dossiers, relations);
        return new Account(email, email, new ArrayList<>(administrations));
    }

    @Override
    public void approveAs(Account account) {
        moneybird.approveAs(account.login());
    }

    @Override
    public Map<String, Normalised> expected(String dossier, MasterDataKind kind) {
        Map<String, Normalised> expected = new TreeMap<>();
        switch (kind) {
            case RELATIONS -> moneybird.records(dossier, MoneybirdKind.CONTACTS).forEach(c -> {
                String company = text(c, "company_name");
                String name = company != null && !company.isEmpty() ? company
                        : ((text(c, "firstname") == null ? "" : text(c, "firstname")) + " "
                        + (text(c, "lastname") == null ? "" : text(c, "lastname"))).strip();
                expected.put(c.path("id").asText(), new Normalised(text(c, "customer_id"), name, true,
                        text(c, "tax_number"), text(c, "city"), text(c, "email")));
            });
            case GL_ACCOUNTS -> moneybird.records(dossier, MoneybirdKind.LEDGER_ACCOUNTS).forEach(a ->
                    expected.put(a.path("id").asText(), new Normalised(text(a, "account_id"), text(a, "name"),
                            a.path("active").asBoolean(true), null, null, null)));
            case VAT_CODES -> moneybird.records(dossier, MoneybirdKind.TAX_RATES).forEach(r ->
                    expected.put(r.path("id").asText(), new Normalised(null, text(r, "name"),
                            r.path("active").asBoolean(), null, null, null)));
            default -> throw new IllegalArgumentException("Moneybird has no " + kind);
        }
        return expected;
    }

    @Override
    public void changeAndDelete(String dossier) {
        List<ObjectNode> contacts = moneybird.records(dossier, MoneybirdKind.CONTACTS);
        moneybird.update(dossier, MoneybirdKind.CONTACTS, contacts.get(0).path("id").asText(),
                Map.of("company_name", "Gewijzigd B.V.", "city", "Zwolle"));
        moneybird.update(dossier, MoneybirdKind.CONTACTS, contacts.get(1).path("id").asText(),
                Map.of("email", "nieuw@example.nl"));
        moneybird.delete(dossier, MoneybirdKind.CONTACTS, contacts.get(2).path("id").asText());
        moneybird.create(dossier, MoneybirdKind.CONTACTS, Map.of("company_name", "Nieuwe Relatie B.V.",
                "customer_id", "9999", "city", "Assen", "country", "NL"));
        moneybird.delete(dossier, MoneybirdKind.LEDGER_ACCOUNTS,
                moneybird.records(dossier, MoneybirdKind.LEDGER_ACCOUNTS).get(0).path("id").asText());
        moneybird.update(dossier, MoneybirdKind.TAX_RATES,
                moneybird.records(dossier, MoneybirdKind.TAX_RATES).get(0).path("id").asText(), Map.of("active", false));
    }

    @Override
    public boolean seesDeletionsIncrementally() {
        return true; // ids missing from the synchronization list; complete reads of the other kinds
    }

    @Override
    public void breakLink(Account account) {
        moneybird.revokeGrants(account.login());
    }

    @Override
    public StatusReason authReason() {
        return StatusReason.CREDENTIALS_REVOKED;
    }

    @Override
    public void denyDossier(Account account, String dossier) {
        moneybird.revoke(account.login(), dossier);
    }

    @Override
    public void allowDossier(Account account, String dossier) {
        moneybird.grant(account.login(), dossier);
    }

    @Override
    public void tooManyRequestsNext(String dossier, Duration wait) {
        // contacts come first in every sync turn; not users.json, which the link check (whoami) calls
        moneybird.tooManyRequestsNext("/api/v2/" + dossier + "/contacts/", wait, 1);
    }

    @Override
    public boolean rateLimitFaultPending() {
        return moneybird.faults().active().stream().anyMatch(f -> f.status() == 429);
    }

    @Override
    public void serverErrors(String dossier) {
        moneybird.faults().failNext("/api/v2/" + dossier + "/contacts/", 502, SimFaults.EVERY_CALL);
    }

    @Override
    public void whoamiServerErrors() {
        moneybird.faults().failNext("/api/v2/administrations.json", 500, SimFaults.EVERY_CALL);
    }

    @Override
    public void clearFaults() {
        moneybird.faults().clear();
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "Moneybird";
    }
}
