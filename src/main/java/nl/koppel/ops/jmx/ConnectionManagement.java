package nl.koppel.ops.jmx;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import nl.koppel.connections.ConnectionStatus;
import nl.koppel.office.Language;
import nl.koppel.ops.OperatorActions;
import nl.koppel.ops.OpsQueries;

/** The MBean of one connection: reads its facts on every access and hands operations to {@link OperatorActions}. */
final class ConnectionManagement extends DescribedMXBean implements ConnectionMXBean {

    private final UUID connectionId;
    private final OpsQueries queries;
    private final OperatorActions actions;

    ConnectionManagement(UUID connectionId, OpsQueries queries, OperatorActions actions) {
        super(ConnectionMXBean.class, "An office's connection to an accounting system: its status and its sync");
        this.connectionId = connectionId;
        this.queries = queries;
        this.actions = actions;
    }

    private <T> T fact(Function<OpsQueries.ConnectionFacts, T> field) {
        return queries.connection(connectionId).map(field).orElse(null);
    }

    @Override
    public String getConnectionId() {
        return connectionId.toString();
    }

    @Override
    public String getOffice() {
        return fact(OpsQueries.ConnectionFacts::officeName);
    }

    @Override
    public String getOfficeId() {
        return fact(f -> f.officeId().toString());
    }

    @Override
    public String getSystem() {
        return fact(OpsQueries.ConnectionFacts::systemType);
    }

    @Override
    public String getStatus() {
        return fact(OpsQueries.ConnectionFacts::status);
    }

    @Override
    public String getStatusLabel() {
        return fact(f -> ConnectionStatus.valueOf(f.status()).label(Language.NL));
    }

    @Override
    public String getReason() {
        return fact(OpsQueries.ConnectionFacts::statusReason);
    }

    @Override
    public String getSince() {
        return fact(f -> text(f.statusChangedAt()));
    }

    @Override
    public String getSyncUser() {
        return fact(f -> f.syncUserName() + " (" + f.syncUserUsername() + ")");
    }

    @Override
    public String getAccountingSystemUser() {
        return fact(f -> f.accountingSystemUser() == null ? "" : f.accountingSystemUser());
    }

    @Override
    public String getLastCheck() {
        return fact(f -> text(f.lastCheckedAt()));
    }

    @Override
    public String getLastSuccessfulSync() {
        return fact(f -> text(f.lastSuccessfulSyncAt()));
    }

    @Override
    public Map<String, Long> getDossierCounts() {
        return queries.dossierCounts(connectionId);
    }

    @Override
    public Integer getRateLimitMinuteRemaining() {
        return queries.budget(connectionId).minuteRemaining();
    }

    @Override
    public Integer getRateLimitDayRemaining() {
        return queries.budget(connectionId).dayRemaining();
    }

    @Override
    public String getRateLimitBlockedUntil() {
        return text(queries.budget(connectionId).blockedUntil());
    }

    @Override
    public boolean isSyncPaused() {
        return Boolean.TRUE.equals(fact(OpsQueries.ConnectionFacts::syncPaused));
    }

    @Override
    public String getSyncPausedSince() {
        return fact(f -> text(f.syncPausedAt()));
    }

    @Override
    public String checkNow() {
        return actions.checkNow(connectionId);
    }

    @Override
    public String syncNow(String dossier) {
        return actions.syncNow(connectionId, dossier);
    }

    @Override
    public String pauseSync() {
        return actions.setConnectionPaused(connectionId, true);
    }

    @Override
    public String resumeSync() {
        return actions.setConnectionPaused(connectionId, false);
    }

    static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
