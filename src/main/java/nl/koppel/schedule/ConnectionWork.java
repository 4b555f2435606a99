package nl.koppel.schedule;

import java.util.List;
import java.util.UUID;
import nl.koppel.sync.SyncWork;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * This instance's claimer of due connection work ({@code routes/connection-schedule.camel.yaml}): claims at
 * most as many runs as it can start at once ({@code koppel.schedule.parallelism}), so no claimed run waits in a
 * queue while its lease runs out, and gives each back with its next due time when it is over.
 */
@Component("connectionWork")
public class ConnectionWork {

    private static final Logger log = LoggerFactory.getLogger(ConnectionWork.class);

    private final ConnectionSchedule schedule;
    private final ScheduleProperties properties;
    private final String instanceId;

    /** What one claim got; {@code more} when the batch was full, so more may be due right now. */
    public record DueWork(List<UUID> connections, boolean more) {
    }

    @Autowired
    public ConnectionWork(ConnectionSchedule schedule, ScheduleProperties properties, SyncWork instance) {
        this(schedule, properties, instance.instanceId()); // one instance id for dossier leases and schedules
    }

    /** A claimer under the given instance id (tests play several instances against one database). */
    public ConnectionWork(ConnectionSchedule schedule, ScheduleProperties properties, String instanceId) {
        this.schedule = schedule;
        this.properties = properties;
        this.instanceId = instanceId;
    }

    public DueWork claim(@Body ConnectionJob job) {
        int batch = properties.parallelism();
        List<UUID> claimed = schedule.claimDue(job, instanceId, batch, properties.of(job).lease());
        return new DueWork(claimed, claimed.size() == batch);
    }

    public void finished(@ExchangeProperty("job") ConnectionJob job, @ExchangeProperty("connectionId") UUID connectionId) {
        if (!schedule.finish(job, connectionId, instanceId, properties.of(job).interval())) {
            log.info("{} of connection {} outlasted its lease or the connection is no longer connected", job,
                    connectionId);
        }
    }

    public String instanceId() {
        return instanceId;
    }
}
