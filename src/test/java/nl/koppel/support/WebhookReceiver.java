package nl.koppel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver of webhooks (the JDK's HttpServer on 127.0.0.1): it records every request with its
 * headers and body, and answers 204 unless told otherwise for the next requests (a status, or a delay first).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as it arrived. Header names are lower case. */
    public record Received(Map<String, String> headers, String body, Instant at, int answeredWith) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("webhook body is not JSON: " + body, e);
            }
        }

        public String type() {
            return json().path("type").asText();
        }

        /** Checks the Standard Webhooks signature independently of Koppel's code. */
        public boolean signatureVerifies(String secret) {
            try {
                byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                String signed = header("webhook-id") + "." + header("webhook-timestamp") + "." + body;
                String expected = "v1," + Base64.getEncoder().encodeToString(
                        mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
                for (String candidate : header("webhook-signature").split(" ")) {
                    if (candidate.equals(expected)) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private record Reply(int status, Duration delay) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private int defaultStatus = 204;

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            Reply reply = next();
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            synchronized (this) {
                received.add(new Received(headers, new String(bytes, StandardCharsets.UTF_8), Instant.now(),
                        reply.status()));
            }
            try {
                if (reply.status() == 204) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    byte[] body = ("status " + reply.status()).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(reply.status(), body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            } catch (IOException closedByClient) {
                // the caller gave up waiting (a timeout): the request is still recorded
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static WebhookReceiver start() {
        try {
            return new WebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request is answered with this status. */
    public synchronized WebhookReceiver thenAnswer(int status) {
        script.add(new Reply(status, Duration.ZERO));
        return this;
    }

    /** The next request is answered (204) only after this delay. */
    public synchronized WebhookReceiver thenAnswerAfter(Duration delay) {
        script.add(new Reply(204, delay));
        return this;
    }

    /** Every request not scripted is answered with this status (204 at first). */
    public synchronized void alwaysAnswer(int status) {
        defaultStatus = status;
    }

    private synchronized Reply next() {
        Reply scripted = script.poll();
        return scripted != null ? scripted : new Reply(defaultStatus, Duration.ZERO);
    }

    public synchronized List<Received> received() {
        return List.copyOf(received);
    }

    public synchronized List<Received> ofType(String type) {
        return received.stream().filter(r -> type.equals(r.type())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
