package nl.koppel.notifications;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The socket of one webhook delivery (connections are not reused, so one socket is one delivery). It ends the
 * delivery when its deadline passes, counted from before the connect, however the receiver trickles its bytes
 * (a socket timeout alone restarts with every byte), and when the receiver has sent more than the reply limit:
 * a receiver cannot hold a delivery thread or fill the memory.
 */
final class DeliverySocket extends Socket {

    private final long deadline;
    private final long maxReplyBytes;
    private int configuredTimeout;
    private InputStream bounded;

    DeliverySocket(Duration deadline, long maxReplyBytes) {
        this.deadline = System.nanoTime() + deadline.toNanos();
        this.maxReplyBytes = maxReplyBytes;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        int left = millisLeft();
        super.connect(endpoint, timeout == 0 ? left : Math.min(timeout, left));
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        configuredTimeout = timeout;
        super.setSoTimeout(timeout);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (bounded == null) {
            bounded = new Bounded(super.getInputStream());
        }
        return bounded;
    }

    /** Time left before the deadline, at least 1 ms; past the deadline the delivery ends. */
    private int millisLeft() throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new DeadlinePassed();
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The delivery took longer than its deadline (connect and whole exchange). */
    static final class DeadlinePassed extends SocketTimeoutException {
        DeadlinePassed() {
            super("the receiver did not finish within the delivery deadline");
        }
    }

    /** The receiver sent more than the reply limit. */
    static final class ReplyTooLong extends IOException {
        ReplyTooLong(long limit) {
            super("the receiver's reply is longer than " + limit + " bytes");
        }
    }

    /** The message of a DeliverySocket failure somewhere in the chain, if there is one. */
    static java.util.Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DeadlinePassed || t instanceof ReplyTooLong) {
                return java.util.Optional.of(t.getMessage());
            }
        }
        return java.util.Optional.empty();
    }

    private final class Bounded extends FilterInputStream {

        private long received;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int left = millisLeft();
            boolean deadlineFirst = configuredTimeout == 0 || left < configuredTimeout;
            DeliverySocket.super.setSoTimeout(deadlineFirst ? left : configuredTimeout);
            long allowed = maxReplyBytes - received;
            if (allowed <= 0) {
                throw new ReplyTooLong(maxReplyBytes);
            }
            int read;
            try {
                read = super.read(buffer, offset, (int) Math.min(length, allowed));
            } catch (SocketTimeoutException timedOut) {
                if (deadlineFirst) {
                    throw new DeadlinePassed();
                }
                throw timedOut;
            }
            if (read > 0) {
                received += read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            int chunk = (int) Math.max(0, Math.min(n, 8192));
            return Math.max(0, read(new byte[chunk], 0, chunk));
        }
    }
}
