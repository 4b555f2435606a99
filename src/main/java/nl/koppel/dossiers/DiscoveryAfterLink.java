package nl.koppel.dossiers;

import nl.koppel.connections.ConnectionLinked;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Right after the link is made: catch up every dossier from its saved cursors, and wake this instance's claimer
 * of discoveries (the link made the connection's discovery due now, {@code ScheduleOnLink}) without waiting for
 * the next tick.
 */
@Component
public class DiscoveryAfterLink {

    private final ProducerTemplate camel;
    private final DossierRepository dossiers;

    public DiscoveryAfterLink(ProducerTemplate camel, DossierRepository dossiers) {
        this.camel = camel;
        this.dossiers = dossiers;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void onLinked(ConnectionLinked event) {
        dossiers.makeDueNow(event.connectionId());
        camel.asyncSendBody("direct:run-due-connection-work", "DISCOVERY");
    }
}
