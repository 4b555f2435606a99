package nl.koppel.systems.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.systems.ApiReply;
import nl.koppel.systems.ApiRequest;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The list-dossiers contract for Exact Online: {@code current/Me} gives the user's current division, and
 * {@code system/Divisions} (called in it) lists every division the user may access, 60 a page.
 */
@Component("exactOnlineDivisions")
public class ExactOnlineDivisions {

    static final String ACCUMULATED = "exactDivisions";

    private static final String SELECT = "Code,Description,Status,ChamberOfCommerceNumber,VATNumber,DivisionMoveDate";

    private final ExactOnlineReplies replies;

    public ExactOnlineDivisions(ExactOnlineReplies replies) {
        this.replies = replies;
    }

    /** Reads current/Me's reply; the first Divisions request (of the user's current division). */
    public ApiRequest start(@Body ApiReply reply, Exchange exchange) {
        JsonNode me = replies.results(reply.body(), "current/Me").path("results").path(0);
        if (!me.path("CurrentDivision").canConvertToLong()) {
            throw ConnectorException.transientFailure("Exact Online's current/Me reply has no CurrentDivision");
        }
        long current = me.path("CurrentDivision").asLong();
        exchange.setProperty(ACCUMULATED, new ArrayList<AccessibleDossier>());
        return ApiRequest.get("/api/v1/" + current + "/system/Divisions?$select=" + SELECT, "system/Divisions");
    }

    /** Adds a page's divisions; the request of the next page ({@code __next}), or null after the last. */
    public ApiRequest page(@Body ApiReply reply,
                           @ExchangeProperty(ACCUMULATED) List<AccessibleDossier> accumulated) {
        // a reply without a results array must not read as "no divisions": that would make every dossier INACCESSIBLE
        JsonNode d = replies.results(reply.body(), "system/Divisions");
        for (JsonNode division : d.path("results")) {
            if (!division.path("Code").canConvertToLong()) {
                throw ConnectorException.transientFailure("Exact Online sent a division without Code");
            }
            accumulated.add(new AccessibleDossier(division.path("Code").asText(),
                    division.path("Description").asText(""), division.path("Status").asInt(1) == 2,
                    blankToNull(division.path("ChamberOfCommerceNumber").asText(null)),
                    blankToNull(division.path("VATNumber").asText(null)),
                    blankToNull(division.path("DivisionMoveDate").asText(null))));
        }
        String next = d.path("__next").asText(null);
        // the api-call template follows it only on the configured host (ApiHost)
        return next == null ? null : ApiRequest.get(next, "system/Divisions");
    }

    public List<AccessibleDossier> result(@ExchangeProperty(ACCUMULATED) List<AccessibleDossier> accumulated) {
        return List.copyOf(accumulated);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || "null".equals(value) ? null : value.strip();
    }
}
