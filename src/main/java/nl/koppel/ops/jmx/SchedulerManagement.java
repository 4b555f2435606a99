package nl.koppel.ops.jmx;

import nl.koppel.ops.OperatorActions;
import nl.koppel.ops.OpsQueries;
import nl.koppel.ops.SyncPauses;
import nl.koppel.sync.SyncProperties;
import nl.koppel.sync.SyncWork;

/** The scheduler's MBean: the Koppel-wide pause switch and how much work there is. */
final class SchedulerManagement extends DescribedMXBean implements SchedulerMXBean {

    private final SyncPauses pauses;
    private final SyncWork work;
    private final SyncProperties properties;
    private final OpsQueries queries;
    private final OperatorActions actions;

    SchedulerManagement(SyncPauses pauses, SyncWork work, SyncProperties properties, OpsQueries queries,
                        OperatorActions actions) {
        super(SchedulerMXBean.class, "The background master-data sync of all connections");
        this.pauses = pauses;
        this.work = work;
        this.properties = properties;
        this.queries = queries;
        this.actions = actions;
    }

    @Override
    public boolean isSyncPaused() {
        return pauses.allPaused();
    }

    @Override
    public String getSyncPausedSince() {
        return ConnectionManagement.text(pauses.allPausedSince());
    }

    @Override
    public int getWorkInFlight() {
        return work.inFlight();
    }

    @Override
    public int getConcurrency() {
        return properties.concurrency();
    }

    @Override
    public long getWorkDue() {
        return queries.workDue();
    }

    @Override
    public String getInstanceId() {
        return work.instanceId();
    }

    @Override
    public String pauseAllSync() {
        return actions.setAllPaused(true);
    }

    @Override
    public String resumeAllSync() {
        return actions.setAllPaused(false);
    }
}
