package nl.koppel.systems.moneybird;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/** The list-dossiers contract for Moneybird: {@code GET /api/v2/administrations.json} (one call, not paged). */
@Component("moneybirdAdministrations")
public class MoneybirdAdministrations {

    private final MoneybirdReplies replies;

    public MoneybirdAdministrations(MoneybirdReplies replies) {
        this.replies = replies;
    }

    public List<AccessibleDossier> list(@Body ApiReply reply) {
        JsonNode administrations = replies.parse(reply.text());
        if (!administrations.isArray()) {
            throw ConnectorException.transientFailure("Moneybird's administrations reply is not a list");
        }
        List<AccessibleDossier> dossiers = new ArrayList<>();
        for (JsonNode administration : administrations) {
            String id = administration.path("id").asText(null);
            if (id == null || id.isBlank()) {
                throw ConnectorException.transientFailure("Moneybird sent an administration without id");
            }
            // Moneybird has no archived state, KvK or VAT number on an administration, and never renumbers one
            dossiers.add(new AccessibleDossier(id, administration.path("name").asText(id), false, null, null, null));
        }
        return dossiers;
    }
}
