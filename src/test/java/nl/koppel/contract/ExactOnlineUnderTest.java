package nl.koppel.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import nl.koppel.connections.StatusReason;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.simulator.exactonline.ExactOnlineSimulator;
import nl.koppel.simulator.exactonline.FaultInjector;
import nl.koppel.simulator.exactonline.GenerationPlan;
import nl.koppel.simulator.exactonline.Kind;
import nl.koppel.simulator.exactonline.SimulatedDivision;
import nl.koppel.simulator.exactonline.SimulatedRecord;
import nl.koppel.support.MasterDataComparison;
import nl.koppel.support.MasterDataComparison.Normalised;

/** Exact Online under the connector contract: divisions are dossiers, every kind is supported. */
final class ExactOnlineUnderTest implements ConnectorUnderTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    private final ExactOnlineSimulator exact;

    ExactOnlineUnderTest(ExactOnlineSimulator exact) {
        this.exact = exact;
    }

    @Override
    public String type() {
        return "exact-online";
    }

    @Override
    public Set<MasterDataKind> supportedKinds() {
        return EnumSet.allOf(MasterDataKind.class);
    }

    @Override
    public Account newAccount(int seed, int dossiers, int relations) {
        int n = USERS.incrementAndGet();
        String userName = "CX_Contract" + n;
        int own = 300_000 + seed;
        exact.addUser(userName, "Contract " + n, "contract" + n + "@kantoor.example", own);
        // the user's own division (current/Me's CurrentDivision) is accessible too, as in Exact
        exact.putDivision(SimulatedDivision.of(own, "Eigen administratie " + userName));
        exact.grantDivision(userName, own);
        List<String> codes = new ArrayList<>();
        codes.add(Integer.toString(own));
        exact.generate(GenerationPlan.of(seed, userName, dossiers, relations).withCounts(40, 8, 5, 6, 4)
                        .withProjectsAndPaymentConditions(12, 7))
                .forEach(d -> codes.add(Integer.toString(d.code())));
        return new Account(userName, userName, List.copyOf(codes));
    }

    @Override
    public void approveAs(Account account) {
        exact.approveAs(account.login());
    }

    @Override
    public Map<String, Normalised> expected(String dossier, MasterDataKind kind) {
        return MasterDataComparison.simulator(exact, Integer.parseInt(dossier), exactKind(kind));
    }

    @Override
    public void changeAndDelete(String dossier) {
        int code = Integer.parseInt(dossier);
        List<SimulatedRecord> relations = exact.records(code, Kind.ACCOUNTS);
        exact.updateRecord(code, Kind.ACCOUNTS, relations.get(0).id(), Map.of("Name", "Gewijzigd B.V.", "City", "Zwolle"));
        exact.updateRecord(code, Kind.ACCOUNTS, relations.get(1).id(), Map.of("Blocked", true));
        exact.deleteRecord(code, Kind.ACCOUNTS, relations.get(2).id());
        exact.createRecord(code, Kind.ACCOUNTS, Map.of("Code", "999999", "Name", "Nieuwe Relatie B.V."));
        exact.deleteRecord(code, Kind.GL_ACCOUNTS, exact.records(code, Kind.GL_ACCOUNTS).get(0).id());
        exact.deleteRecord(code, Kind.COST_CENTERS, exact.records(code, Kind.COST_CENTERS).get(0).id());
        // a project through sync/Deleted (EntityType 21), a payment condition by the complete set
        List<SimulatedRecord> projects = exact.records(code, Kind.PROJECTS);
        exact.updateRecord(code, Kind.PROJECTS, projects.get(0).id(), Map.of("Description", "Verbouwing kantoor"));
        exact.deleteRecord(code, Kind.PROJECTS, projects.get(1).id());
        exact.deleteRecord(code, Kind.PAYMENT_CONDITIONS, exact.records(code, Kind.PAYMENT_CONDITIONS).get(0).id());
    }

    @Override
    public boolean seesDeletionsIncrementally() {
        return true; // sync/Deleted, and full reads of the kinds without a sync endpoint
    }

    @Override
    public void breakLink(Account account) {
        exact.revokeGrants(account.login());
    }

    @Override
    public StatusReason authReason() {
        return StatusReason.CREDENTIALS_REVOKED;
    }

    @Override
    public void denyDossier(Account account, String dossier) {
        exact.revokeDivision(account.login(), Integer.parseInt(dossier));
    }

    @Override
    public void allowDossier(Account account, String dossier) {
        exact.grantDivision(account.login(), Integer.parseInt(dossier));
    }

    @Override
    public void tooManyRequestsNext(String dossier, Duration wait) {
        // relations come first in every sync turn: their sync endpoint, not calls of discovery or the link check
        exact.faults().tooManyRequestsNext("/api/v1/" + dossier + "/sync/", 1, wait);
    }

    @Override
    public boolean rateLimitFaultPending() {
        return exact.faults().active().stream().anyMatch(f -> f.status() == 429);
    }

    @Override
    public void serverErrors(String dossier) {
        exact.faults().failNext("/api/v1/" + dossier + "/", 503, FaultInjector.EVERY_CALL);
    }

    @Override
    public void whoamiServerErrors() {
        exact.faults().failNext("/api/v1/current/Me", 500, FaultInjector.EVERY_CALL);
    }

    @Override
    public void clearFaults() {
        exact.faults().clear();
    }

    private static Kind exactKind(MasterDataKind kind) {
        return switch (kind) {
            case RELATIONS -> Kind.ACCOUNTS;
            case GL_ACCOUNTS -> Kind.GL_ACCOUNTS;
            case VAT_CODES -> Kind.VAT_CODES;
            case JOURNALS -> Kind.JOURNALS;
            case COST_CENTERS -> Kind.COST_CENTERS;
            case COST_UNITS -> Kind.COST_UNITS;
            case PROJECTS -> Kind.PROJECTS;
            case PAYMENT_CONDITIONS -> Kind.PAYMENT_CONDITIONS;
        };
    }

    @Override
    public String toString() {
        return "Exact Online";
    }
}
