package nl.koppel.sync;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import nl.koppel.masterdata.MasterDataKind;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the background master-data sync runs.
 *
 * @param concurrency           dossiers synced at the same time by this instance
 * @param interval              time between two sync turns of one dossier (and of each kind without its own)
 * @param kindIntervals         kinds read less often than every turn, e.g. VAT codes every hour
 * @param reconciliationInterval a kind's full read is due this long after its last one
 * @param reconciliationJitter  up to this much earlier, at random, so that full reads spread over the day
 * @param lease                 how long a claimed dossier stays claimed without a sign of life
 * @param maxPagesPerTurn       incremental pages per turn before a dossier yields to the others
 * @param manualSyncMinInterval a super user may start a sync by hand at most this often per dossier
 * @param retryBackoff          first wait after a failed run; doubles per failure in a row (with jitter)
 * @param maxRetryBackoff       the longest wait after failures
 * @param warnAfterFailures     failed runs in a row of one dossier kind after which the operators are warned
 */
@ConfigurationProperties("koppel.sync")
public record SyncProperties(int concurrency, Duration interval, Map<MasterDataKind, Duration> kindIntervals,
                             Duration reconciliationInterval, Duration reconciliationJitter, Duration lease,
                             int maxPagesPerTurn, Duration manualSyncMinInterval, Duration retryBackoff,
                             Duration maxRetryBackoff, int warnAfterFailures) {

    /** Kinds that rarely change: read hourly unless configured otherwise. */
    static final Map<MasterDataKind, Duration> SLOW_KINDS = Map.of(MasterDataKind.VAT_CODES, Duration.ofHours(1),
            MasterDataKind.JOURNALS, Duration.ofHours(1), MasterDataKind.COST_CENTERS, Duration.ofHours(1),
            MasterDataKind.COST_UNITS, Duration.ofHours(1), MasterDataKind.PAYMENT_CONDITIONS, Duration.ofHours(1));

    public SyncProperties {
        concurrency = concurrency <= 0 ? 24 : concurrency;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        Map<MasterDataKind, Duration> intervals = new EnumMap<>(SLOW_KINDS);
        if (kindIntervals != null) {
            intervals.putAll(kindIntervals);
        }
        kindIntervals = Map.copyOf(intervals);
        reconciliationInterval = reconciliationInterval == null ? Duration.ofHours(24) : reconciliationInterval;
        reconciliationJitter = reconciliationJitter == null ? Duration.ofHours(2) : reconciliationJitter;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        maxPagesPerTurn = maxPagesPerTurn <= 0 ? 50 : maxPagesPerTurn;
        manualSyncMinInterval = manualSyncMinInterval == null ? Duration.ofMinutes(15) : manualSyncMinInterval;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(30) : retryBackoff;
        maxRetryBackoff = maxRetryBackoff == null ? Duration.ofMinutes(30) : maxRetryBackoff;
        warnAfterFailures = warnAfterFailures <= 0 ? 5 : warnAfterFailures;
    }

    /** How often the kind is read: its own interval, or every turn. */
    public Duration intervalOf(MasterDataKind kind) {
        return kindIntervals.getOrDefault(kind, interval);
    }
}
