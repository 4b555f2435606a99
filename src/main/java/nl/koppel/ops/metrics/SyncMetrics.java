package nl.koppel.ops.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import nl.koppel.masterdata.MasterDataKind;
import nl.koppel.masterdata.PageWriteResult;
import nl.koppel.systems.AccountingSystemsProperties;
import org.springframework.stereotype.Component;

/**
 * The master-data sync's meters. Prometheus names: {@code koppel_sync_records_total{kind,outcome}},
 * {@code koppel_sync_duration_seconds{kind,outcome}}, {@code koppel_sync_rate_limit_wait_seconds{system}}.
 * Every kind and outcome is registered at start, so dashboards show zeros instead of gaps.
 */
@Component
public class SyncMetrics {

    static final String RECORDS = "koppel.sync.records";
    static final String DURATION = "koppel.sync.duration";
    static final String RATE_LIMIT_WAIT = "koppel.sync.rate.limit.wait";

    private final MeterRegistry registry;

    public SyncMetrics(MeterRegistry registry, AccountingSystemsProperties systems) {
        this.registry = registry;
        for (MasterDataKind kind : MasterDataKind.values()) {
            for (String outcome : new String[] {"inserted", "updated", "deleted", "unchanged"}) {
                records(kind, outcome);
            }
            for (String outcome : new String[] {"complete", "paused", "failed"}) {
                duration(kind, outcome);
            }
        }
        systems.systems().keySet().forEach(this::rateLimitWait);
    }

    /** One committed page's counts. */
    public void pageWritten(MasterDataKind kind, PageWriteResult written) {
        records(kind, "inserted").increment(written.inserted());
        records(kind, "updated").increment(written.updated());
        records(kind, "deleted").increment(written.deleted());
        records(kind, "unchanged").increment(written.unchanged());
    }

    /**
     * A kind's run ended: {@code complete}; {@code paused} (yielded to other dossiers, or stopped by a rate limit,
     * to go on later); or {@code failed} (the link broke, no access, or an error: the time spent until then).
     */
    public void kindRun(MasterDataKind kind, String outcome, Duration took) {
        duration(kind, outcome).record(took);
    }

    /** A rate limit stopped a dossier's turn until {@code retryAt}: that wait is time the sync could not work. */
    public void rateLimited(String system, Instant retryAt) {
        Duration wait = Duration.between(Instant.now(), retryAt);
        rateLimitWait(system).record(wait.isNegative() ? Duration.ZERO : wait);
    }

    private Counter records(MasterDataKind kind, String outcome) {
        return Counter.builder(RECORDS).description("Master-data records written by the sync, per kind and outcome")
                .tag("kind", kind.path()).tag("outcome", outcome).register(registry);
    }

    private Timer duration(MasterDataKind kind, String outcome) {
        return Timer.builder(DURATION).description("How long a kind's sync run took, page by page until done")
                .tag("kind", kind.path()).tag("outcome", outcome).register(registry);
    }

    private Timer rateLimitWait(String system) {
        return Timer.builder(RATE_LIMIT_WAIT)
                .description("Time sync turns are told to wait for an accounting system's rate limit to reset")
                .tag("system", system).register(registry);
    }
}
