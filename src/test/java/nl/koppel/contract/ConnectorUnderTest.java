package nl.koppel.contract;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.koppel.connections.StatusReason;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.support.MasterDataComparison.Normalised;

/**
 * What {@link ConnectorContractTest} needs from one accounting system: a small adapter around its simulator.
 * Adding a system to the suite is one line in {@link ConnectorContractTest#connectors()} plus an implementation of
 * this interface (see docs/connector-contract.md, "Testing a connector against a simulator").
 */
public interface ConnectorUnderTest {

    /** A user at the simulator: how it logs in, what whoami reports as username, which dossiers it can reach. */
    record Account(String login, String username, List<String> dossiers) {
    }

    /** The connection type, as in {@code koppel.systems.<type>} and {@code routes/systems/<type>.camel.yaml}. */
    String type();

    /** The kinds the connector supports; the suite expects the others to be NOT_SUPPORTED. */
    Set<MasterDataKind> supportedKinds();

    /** A new user at the simulator with {@code dossiers} generated dossiers of about {@code relations} relations. */
    Account newAccount(int seed, int dossiers, int relations);

    /** The next login at the simulator's authorize endpoint is as this user. */
    void approveAs(Account account);

    /** What Koppel must hold for the dossier's kind: the simulator's records, mapped independently of Koppel. */
    Map<String, Normalised> expected(String dossier, MasterDataKind kind);

    /** Changes at the source: relations updated, one created, one deleted; one GL account deleted. */
    void changeAndDelete(String dossier);

    /** False when incremental reads cannot see deletions (they show after the next full read, a reconciliation). */
    boolean seesDeletionsIncrementally();

    /** AUTH: the grant stops working at the source (revoked, user disabled, ...). */
    void breakLink(Account account);

    /** The status reason Koppel must give after {@link #breakLink}. */
    StatusReason authReason();

    /** ACCESS: the user can no longer reach this dossier (the link itself is fine). */
    void denyDossier(Account account, String dossier);

    void allowDossier(Account account, String dossier);

    /** RATE_LIMIT: the next master-data call of the dossier gets the system's 429, to retry after {@code wait}. */
    void tooManyRequestsNext(String dossier, Duration wait);

    /** The number of 429s the dossier's calls got so far from {@link #tooManyRequestsNext} faults still pending. */
    boolean rateLimitFaultPending();

    /** TRANSIENT: every master-data call of the dossier fails (5xx or garbage) until {@link #clearFaults}. */
    void serverErrors(String dossier);

    /** TRANSIENT: the calls of whoami (the link check) fail with a 5xx until {@link #clearFaults}. */
    void whoamiServerErrors();

    void clearFaults();

    // ---- systems linked by connection key (SnelStart): one key per dossier, entered on Koppel's key page ----

    /** True when the sync user links by entering one connection key per dossier instead of logging in. */
    default boolean linksByKey() {
        return false;
    }

    /** Linked by key: the connection key of each of the account's dossiers, in the order of its dossiers. */
    default List<String> connectionKeys(Account account) {
        throw new UnsupportedOperationException(type() + " links by OAuth");
    }

    /**
     * Linked by key: a new key for the dossier, the old one refused from now on (SnelStart's "Regenerate"). For
     * these systems {@link #breakLink} revokes the key of the account's last dossier only.
     */
    default String newKey(Account account, String dossier) {
        throw new UnsupportedOperationException(type() + " links by OAuth");
    }
}
