package nl.koppel.ops.jmx;

/** The background master-data sync of all connections ({@code nl.koppel:type=Scheduler}). */
public interface SchedulerMXBean {

    @Description("True when an operator paused all background sync (on every instance, kept across restarts)")
    boolean isSyncPaused();

    @Description("Since when all background sync is paused; empty when it runs")
    String getSyncPausedSince();

    @Description("Dossier turns this instance is running now")
    int getWorkInFlight();

    @Description("Dossier turns this instance may run at the same time (koppel.sync.concurrency)")
    int getConcurrency();

    @Description("Dossiers due now and waiting to be claimed: active, of connected connections whose sync is not paused")
    long getWorkDue();

    @Description("This instance's name in dossier leases")
    String getInstanceId();

    @Description("Pauses all background sync: no new turns on any instance (turns in flight finish)")
    String pauseAllSync();

    @Description("Resumes all background sync")
    String resumeAllSync();
}
