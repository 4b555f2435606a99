package nl.koppel.systems.exactonline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import nl.koppel.dossiers.AccessibleDossier;
import nl.koppel.systems.AccountingSystemCatalog;
import nl.koppel.systems.ConnectorException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The list-dossiers contract for Exact Online: {@code current/Me} gives the user's current division, and
 * {@code system/Divisions} (called in it) lists every division the user may access, 60 a page.
 */
@Component("exactOnlineDivisions")
public class ExactOnlineDivisions {

    static final String ACCUMULATED = "exactDivisions";
    static final String MORE = "exactDivisionsMore";

    private static final String SELECT = "Code,Description,Status,ChamberOfCommerceNumber,VATNumber,DivisionMoveDate";

    private final AccountingSystemCatalog catalog;
    private final ExactOnlineReplies replies;

    public ExactOnlineDivisions(AccountingSystemCatalog catalog, ExactOnlineReplies replies) {
        this.catalog = catalog;
        this.replies = replies;
    }

    /** Reads current/Me's reply and sets up the first Divisions request. */
    public void start(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body, Exchange exchange) {
        if (status == null || status != 200) {
            throw replies.apiFailure(status, body, "current/Me");
        }
        JsonNode me = replies.results(body, "current/Me").path("results").path(0);
        if (!me.path("CurrentDivision").canConvertToLong()) {
            throw ConnectorException.transientFailure("Exact Online's current/Me reply has no CurrentDivision");
        }
        long current = me.path("CurrentDivision").asLong();
        exchange.setProperty(ACCUMULATED, new ArrayList<AccessibleDossier>());
        exchange.setProperty(MORE, true);
        exchange.setProperty(ExactOnlineMasterData.REQUEST_URL, catalog.settings(ExactOnlineOAuth.TYPE).baseUrl()
                + "/api/v1/" + current + "/system/Divisions?$select=" + SELECT);
    }

    @SuppressWarnings("unchecked")
    public void page(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
                     @ExchangeProperty(ACCUMULATED) List<AccessibleDossier> accumulated, Exchange exchange) {
        if (status == null || status != 200) {
            throw replies.apiFailure(status, body, "system/Divisions");
        }
        // a reply without a results array must not read as "no divisions": that would make every dossier INACCESSIBLE
        JsonNode d = replies.results(body, "system/Divisions");
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
        String baseUrl = catalog.settings(ExactOnlineOAuth.TYPE).baseUrl();
        if (next != null && !next.startsWith(baseUrl + "/")) {
            throw ConnectorException.transientFailure("Exact Online's __next link points to another host");
        }
        exchange.setProperty(MORE, next != null);
        exchange.setProperty(ExactOnlineMasterData.REQUEST_URL, next);
    }

    public List<AccessibleDossier> result(@ExchangeProperty(ACCUMULATED) List<AccessibleDossier> accumulated) {
        return List.copyOf(accumulated);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || "null".equals(value) ? null : value.strip();
    }
}
