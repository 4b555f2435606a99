package nl.koppel.schedule;

import nl.koppel.connections.ConnectionLinked;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** A link made (again) puts the connection on the schedule, in the transaction that makes it "login gelukt". */
@Component
class ScheduleOnLink {

    private final ConnectionSchedule schedule;
    private final ScheduleProperties properties;

    ScheduleOnLink(ConnectionSchedule schedule, ScheduleProperties properties) {
        this.schedule = schedule;
        this.properties = properties;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void onLinked(ConnectionLinked event) {
        schedule.linked(event.connectionId(), properties.linkCheck().interval());
    }
}
