package nl.koppel.api;

import java.io.IOException;

/** A request body passed {@code koppel.sign-in.max-request-body} while it was read. */
public final class RequestBodyTooLargeException extends IOException {

    private final long maxBytes;

    public RequestBodyTooLargeException(long maxBytes) {
        super("The request body is larger than " + maxBytes + " bytes");
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
