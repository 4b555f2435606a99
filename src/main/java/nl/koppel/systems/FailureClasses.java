package nl.koppel.systems;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** The error routes' classification step ({@code routes/errors.camel.yaml}): see {@link TransportFailures}. */
@Component("failureClasses")
public class FailureClasses {

    /** The class of the failure the error route caught: AUTH, ACCESS, RATE_LIMIT, TRANSIENT or REJECTED. */
    public String of(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable failure) {
        return TransportFailures.failureClass(failure).name();
    }
}
