package nl.koppel.sync;

import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Claims due dossiers for this instance, never more than its free capacity, and tracks what is in flight. Called
 * by a worker that finished its turn (it claims the next at once) and by the tick (which only wakes idle ones).
 */
@Component("syncWork")
public class SyncWork {

    private final DossierLeases leases;
    private final SyncProperties properties;
    private final String instanceId;
    private final AtomicInteger inFlight = new AtomicInteger();

    public SyncWork(DossierLeases leases, SyncProperties properties) {
        this.leases = leases;
        this.properties = properties;
        this.instanceId = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public synchronized List<DossierLease> claim() {
        List<DossierLease> claimed = leases.claimDue(instanceId, properties.concurrency() - inFlight.get(), properties.lease());
        inFlight.addAndGet(claimed.size());
        return claimed;
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public String instanceId() {
        return instanceId;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "koppel";
        }
    }
}
