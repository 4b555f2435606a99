package nl.koppel.systems;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An accounting system's reply to an {@link ApiRequest}: status, headers (rate limits, {@code Link},
 * {@code Retry-After}) and the body as bytes (JSON is parsed from bytes: no text copy of a large page).
 */
public record ApiReply(int status, Map<String, Object> headers, byte[] body) {

    public ApiReply {
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header by name in any case; null when absent. */
    public String header(String name) {
        return HttpReplies.header(headers, name);
    }

    @Override
    public String toString() {
        return "ApiReply[status=" + status + ", " + body.length + " bytes]";
    }
}
