package nl.koppel.sync;

import nl.koppel.systems.AccountingSystemsProperties;
import org.springframework.stereotype.Component;

/**
 * Which rate-limit budget ({@link RateLimitBudgets}) a call spends: the dossier's (Exact Online counts per
 * division), or, for a system whose limit counts per user ({@code koppel.systems.<type>.rate-limit-per-link}:
 * Moneybird's is platform-wide per user), the link's, shared by all of its dossiers.
 */
@Component
public class RateLimitScopes {

    private final AccountingSystemsProperties properties;

    public RateLimitScopes(AccountingSystemsProperties properties) {
        this.properties = properties;
    }

    public String of(SyncedDossier dossier) {
        AccountingSystemsProperties.SystemSettings settings = properties.systems().get(dossier.systemType());
        return settings != null && settings.rateLimitPerLink() ? "link:" + dossier.connectionId() : dossier.scope();
    }
}
