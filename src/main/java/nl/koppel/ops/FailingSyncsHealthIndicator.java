package nl.koppel.ops;

import java.util.List;
import nl.koppel.sync.FailingSyncs;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code failingSyncs} health contributor: the operators' signal for dossier kinds that failed
 * {@code koppel.sync.warn-after-failures} runs in a row. It stays UP (the service works; the accounting system or
 * one dossier has trouble) and lists them in the details, beside the {@code OPERATORS:} log line.
 */
@Component("failingSyncsHealthIndicator")
public class FailingSyncsHealthIndicator implements HealthIndicator {

    /** Longer lists belong in the database or the sync-status API, not in a health reply. */
    private static final int LISTED = 20;

    private final FailingSyncs failing;

    public FailingSyncsHealthIndicator(FailingSyncs failing) {
        this.failing = failing;
    }

    @Override
    public Health health() {
        List<FailingSyncs.FailingSync> all = failing.list();
        return Health.up()
                .withDetail("threshold", failing.threshold())
                .withDetail("failing", all.size())
                .withDetail("kinds", all.stream().limit(LISTED)
                        .map(f -> f.dossierId() + " " + f.kind() + ": " + f.failuresInARow() + " in a row, "
                                + (f.lastError() == null ? "" : f.lastError()))
                        .toList())
                .build();
    }
}
