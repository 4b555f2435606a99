package nl.koppel.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the background master-data sync runs.
 *
 * @param concurrency           dossiers synced at the same time by this instance
 * @param interval              time between two sync turns of one dossier
 * @param lease                 how long a claimed dossier stays claimed without a sign of life
 * @param maxPagesPerTurn       incremental pages per turn before a dossier yields to the others
 * @param manualSyncMinInterval a super user may start a sync by hand at most this often per dossier
 * @param retryBackoff          first wait after a failed run; doubles per failure in a row (with jitter)
 * @param maxRetryBackoff       the longest wait after failures
 * @param warnAfterFailures     failed runs in a row of one dossier kind after which the operators are warned
 */
@ConfigurationProperties("koppel.sync")
public record SyncProperties(int concurrency, Duration interval, Duration lease, int maxPagesPerTurn,
                             Duration manualSyncMinInterval, Duration retryBackoff, Duration maxRetryBackoff,
                             int warnAfterFailures) {
    public SyncProperties {
        concurrency = concurrency <= 0 ? 24 : concurrency;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        maxPagesPerTurn = maxPagesPerTurn <= 0 ? 50 : maxPagesPerTurn;
        manualSyncMinInterval = manualSyncMinInterval == null ? Duration.ofMinutes(15) : manualSyncMinInterval;
        retryBackoff = retryBackoff == null ? Duration.ofSeconds(30) : retryBackoff;
        maxRetryBackoff = maxRetryBackoff == null ? Duration.ofMinutes(30) : maxRetryBackoff;
        warnAfterFailures = warnAfterFailures <= 0 ? 5 : warnAfterFailures;
    }
}
