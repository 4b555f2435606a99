package nl.koppel.sync;

import java.sql.Timestamp;
import java.time.Instant;
import nl.koppel.systems.ConnectorException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What an accounting system's rate-limit headers last said, per scope (Exact Online: per division), shared by
 * every instance through PostgreSQL. A call is not made while the budget is known to be spent.
 */
@Repository
public class RateLimitBudgets {

    private final JdbcClient jdbc;

    public RateLimitBudgets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Budget(Integer minuteRemaining, Instant minuteResetAt, Integer dayRemaining, Instant dayResetAt) {
    }

    public void record(String systemType, String scope, Budget budget) {
        jdbc.sql("""
                INSERT INTO rate_limit_budget (system_type, scope, minute_remaining, minute_reset_at, day_remaining,
                                               day_reset_at, updated_at)
                VALUES (:type, :scope, :minRem, :minReset, :dayRem, :dayReset, now())
                ON CONFLICT (system_type, scope) DO UPDATE SET minute_remaining = EXCLUDED.minute_remaining,
                    minute_reset_at = EXCLUDED.minute_reset_at, day_remaining = EXCLUDED.day_remaining,
                    day_reset_at = EXCLUDED.day_reset_at, updated_at = now()""")
                .param("type", systemType).param("scope", scope)
                .param("minRem", budget.minuteRemaining()).param("minReset", timestamp(budget.minuteResetAt()))
                .param("dayRem", budget.dayRemaining()).param("dayReset", timestamp(budget.dayResetAt()))
                .update();
    }

    /** A 429 arrived: nothing is sent in this scope before {@code until}, whatever the headers said. */
    public void block(String systemType, String scope, Instant until) {
        jdbc.sql("""
                INSERT INTO rate_limit_budget (system_type, scope, blocked_until, updated_at)
                VALUES (:type, :scope, :until, now())
                ON CONFLICT (system_type, scope) DO UPDATE SET blocked_until = EXCLUDED.blocked_until,
                    updated_at = now()""")
                .param("type", systemType).param("scope", scope).param("until", timestamp(until)).update();
    }

    /** @throws ConnectorException RATE_LIMIT with the moment calls may go on, when the budget is spent */
    public void checkAvailable(String systemType, String scope) {
        jdbc.sql("""
                SELECT until FROM (
                    SELECT GREATEST(
                        CASE WHEN blocked_until > now() THEN blocked_until END,
                        CASE WHEN minute_remaining <= 0 AND minute_reset_at > now() THEN minute_reset_at END,
                        CASE WHEN day_remaining <= 0 AND day_reset_at > now() THEN day_reset_at END) AS until
                    FROM rate_limit_budget WHERE system_type = :type AND scope = :scope) budget
                WHERE until IS NOT NULL""")
                .param("type", systemType).param("scope", scope).query(Timestamp.class).optional()
                .ifPresent(until -> {
                    throw ConnectorException.rateLimited("Rate limit of " + systemType + " " + scope
                            + " reached; calls go on at " + until.toInstant(), until.toInstant());
                });
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
