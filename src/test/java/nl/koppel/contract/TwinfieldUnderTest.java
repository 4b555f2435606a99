package nl.koppel.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.connections.StatusReason;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.simulator.common.SimFaults;
import nl.koppel.simulator.twinfield.TwinfieldRow;
import nl.koppel.simulator.twinfield.TwinfieldSimulator;
import nl.koppel.support.MasterDataComparison.Normalised;

/**
 * Twinfield under the connector contract: offices are dossiers; relations (DEB and CRD, a read of dimensions),
 * gl-accounts (BAS and PNL), cost-centers (KPL), projects (PRJ) and vat-codes (the finder). Accounts alternate between the simulator's two clusters.
 * The link is broken by disabling the user (SOAP fault 105).
 */
final class TwinfieldUnderTest implements ConnectorUnderTest {

    private static final AtomicInteger ORGANISATIONS = new AtomicInteger();

    private final TwinfieldSimulator twinfield;

    TwinfieldUnderTest(TwinfieldSimulator twinfield) {
        this.twinfield = twinfield;
    }

    @Override
    public String type() {
        return "twinfield";
    }

    @Override
    public Set<MasterDataKind> supportedKinds() {
        return Set.of(MasterDataKind.RELATIONS, MasterDataKind.GL_ACCOUNTS, MasterDataKind.VAT_CODES,
                MasterDataKind.COST_CENTERS, MasterDataKind.PROJECTS);
    }

    @Override
    public Account newAccount(int seed, int dossiers, int relations) {
        int n = ORGANISATIONS.incrementAndGet();
        String organisation = "ORG" + n;
        twinfield.addOrganisation(organisation, n % 2 == 0 ? TwinfieldSimulator.CLUSTER_2 : TwinfieldSimulator.CLUSTER_1);
        String userCode = "KOPPEL" + n;
        String login = twinfield.addUser(organisation, userCode);
        return new Account(login, userCode, twinfield.generate(seed, login, dossiers, relations));
    }

    @Override
    public void approveAs(Account account) {
        twinfield.approveAs(account.login());
    }

    @Override
    public Map<String, Normalised> expected(String office, MasterDataKind kind) {
        Map<String, Normalised> expected = new TreeMap<>();
        switch (kind) {
            case RELATIONS -> {
                // relations carry the details of a read of dimensions: VAT number, city, e-mail (KvK: the attributes)
                rows(office, "DEB").forEach(r -> expected.put("DEB:" + r.code(), relation(r)));
                rows(office, "CRD").forEach(r -> expected.put("CRD:" + r.code(), relation(r)));
            }
            case GL_ACCOUNTS -> {
                rows(office, "BAS").forEach(r -> expected.put(r.code(), normalised(r)));
                rows(office, "PNL").forEach(r -> expected.put(r.code(), normalised(r)));
            }
            case COST_CENTERS -> rows(office, "KPL").forEach(r -> expected.put(r.code(), normalised(r)));
            // projects: the finder's code and name, active (it lists no hidden or deleted ones)
            case PROJECTS -> rows(office, "PRJ").forEach(r -> expected.put(r.code(), normalised(r)));
            case VAT_CODES -> rows(office, TwinfieldSimulator.VAT).forEach(r -> expected.put(r.code(), normalised(r)));
            default -> throw new IllegalArgumentException("Twinfield has no " + kind);
        }
        return expected;
    }

    @Override
    public void changeAndDelete(String office) {
        List<TwinfieldRow> debtors = rows(office, "DEB");
        twinfield.put(office, "DEB", debtors.get(0).code(), "Gewijzigd B.V.");
        twinfield.put(office, "CRD", rows(office, "CRD").get(0).code(), "Leverancier Nieuw B.V.");
        twinfield.delete(office, "DEB", debtors.get(1).code());
        twinfield.putRelation(office, "DEB", "1999", "Nieuwe Relatie B.V.", "NL999999999B01", "99999999", "Assen",
                "nieuw@example.nl");
        twinfield.delete(office, "BAS", rows(office, "BAS").get(0).code());
        twinfield.put(office, "KPL", "K999", "Nieuwe kostenplaats");
        List<TwinfieldRow> projects = rows(office, "PRJ");
        twinfield.put(office, "PRJ", projects.get(0).code(), "Project Verbouwing");
        twinfield.delete(office, "PRJ", projects.get(1).code());
        twinfield.put(office, "PRJ", "P2099001", "Nieuw project");
    }

    @Override
    public boolean seesDeletionsIncrementally() {
        return false; // the finder lists what exists; deletions show in the next full read
    }

    @Override
    public void breakLink(Account account) {
        twinfield.disableUser(account.login());
    }

    @Override
    public StatusReason authReason() {
        return StatusReason.USER_DISABLED;
    }

    @Override
    public void denyDossier(Account account, String office) {
        twinfield.revoke(account.login(), office);
    }

    @Override
    public void allowDossier(Account account, String office) {
        twinfield.grant(account.login(), office);
    }

    @Override
    public void tooManyRequestsNext(String office, Duration wait) {
        twinfield.tooManyRequestsNext(office, wait, 1);
    }

    @Override
    public boolean rateLimitFaultPending() {
        return twinfield.faults().active().stream().anyMatch(f -> f.status() == 429);
    }

    @Override
    public void serverErrors(String office) {
        // Twinfield's front end when the back end is down: HTTP 200, HTML instead of SOAP
        twinfield.faults().respond("/clusters/", "<CompanyCode>" + office + "</CompanyCode>", 200,
                "text/html; charset=utf-8", SimFaults.GARBAGE, Map.of(), SimFaults.EVERY_CALL);
    }

    @Override
    public void whoamiServerErrors() {
        twinfield.faults().failNext("/auth/authentication/connect/accesstokenvalidation", 503, SimFaults.EVERY_CALL);
    }

    @Override
    public void clearFaults() {
        twinfield.faults().clear();
    }

    private List<TwinfieldRow> rows(String office, String type) {
        return twinfield.rows(office, type);
    }

    private static Normalised relation(TwinfieldRow row) {
        return new Normalised(row.code(), row.name(), true, row.vatNumber(), row.city(), row.email());
    }

    private static Normalised normalised(TwinfieldRow row) {
        return new Normalised(row.code(), row.name(), true, null, null, null);
    }

    @Override
    public String toString() {
        return "Twinfield";
    }
}
