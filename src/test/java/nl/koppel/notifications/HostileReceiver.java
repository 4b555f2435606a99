package nl.koppel.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A webhook receiver on 127.0.0.1 that answers the way an attacker would: a 200 with a body that never ends, a
 * gzip bomb (a small packed reply that unpacks to gigabytes), or a reply dripped one byte at a time, each byte
 * in time to keep a socket timeout from firing. Raw sockets, so nothing in between behaves better than asked.
 */
final class HostileReceiver implements AutoCloseable {

    enum Behaviour { ENDLESS_BODY, GZIP_BOMB, SLOW_DRIP }

    private final Behaviour behaviour;
    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicInteger hangUps = new AtomicInteger();

    private HostileReceiver(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hostile-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static HostileReceiver start(Behaviour behaviour) throws IOException {
        return new HostileReceiver(behaviour);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook";
    }

    int requests() {
        return requests.get();
    }

    /** Bytes of the endless body written, counting those Koppel never read (they sat in the connection's buffers). */
    long bytesSent() {
        return bytesSent.get();
    }

    /** Answers that ended because Koppel closed the connection while this receiver was still writing. */
    int hangUps() {
        return hangUps.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread answer = new Thread(() -> answer(socket), "hostile-answer");
                answer.setDaemon(true);
                answer.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            readRequestHead(in);
            requests.incrementAndGet();
            switch (behaviour) {
                case ENDLESS_BODY -> {
                    out.write(head("HTTP/1.1 200 OK", "Content-Type: application/json"));
                    byte[] chunk = new byte[65536];
                    while (true) {
                        out.write(chunk);
                        bytesSent.addAndGet(chunk.length);
                    }
                }
                case GZIP_BOMB -> {
                    out.write(head("HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Encoding: gzip"));
                    GZIPOutputStream packed = new GZIPOutputStream(out, 65536);
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 10_240; i++) { // 10 GiB unpacked, about 10 MB packed
                        packed.write(zeros);
                    }
                    packed.finish();
                }
                case SLOW_DRIP -> {
                    byte[] reply = "HTTP/1.1 200 OK\r\nX-Drip: ".getBytes(StandardCharsets.US_ASCII);
                    for (byte b : reply) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(200);
                    }
                    while (true) { // a header line that never ends, a byte well within every socket timeout
                        out.write('a');
                        out.flush();
                        Thread.sleep(200);
                    }
                }
                default -> throw new IllegalStateException();
            }
        } catch (IOException gone) {
            hangUps.incrementAndGet(); // Koppel hung up: what this receiver wants to see
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("request ended early");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static byte[] head(String... lines) {
        return (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
