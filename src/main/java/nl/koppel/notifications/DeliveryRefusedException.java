package nl.koppel.notifications;

/** A webhook receiver answered, but not with 2xx: the attempt failed and is retried later. */
public class DeliveryRefusedException extends RuntimeException {

    public DeliveryRefusedException(String message) {
        super(message);
    }
}
