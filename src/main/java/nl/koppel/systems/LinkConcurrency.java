package nl.koppel.systems;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * How many dossiers of one link may be synced at the same time, per system type
 * ({@code koppel.systems.<type>.dossiers-at-once-per-link}), for the claim of due dossiers: Twinfield advises one
 * concurrent action per organisation, and Moneybird's limit is one budget for all of a user's administrations.
 */
@Component
public class LinkConcurrency {

    private final String limits;

    public LinkConcurrency(AccountingSystemsProperties properties, ObjectMapper json) {
        ObjectNode byType = json.createObjectNode();
        properties.systems().forEach((type, settings) -> {
            Integer atOnce = settings.dossiersAtOncePerLink();
            if (atOnce != null) {
                if (atOnce < 1) {
                    throw new IllegalStateException("koppel.systems." + type
                            + ".dossiers-at-once-per-link must be at least 1 (leave it out for no limit)");
                }
                byType.put(type, atOnce);
            }
        });
        this.limits = byType.toString();
    }

    /** {@code {"<type>": n, ...}} for the types with a limit, as JSON text (a bind parameter of the claim). */
    public String limitsJson() {
        return limits;
    }
}
