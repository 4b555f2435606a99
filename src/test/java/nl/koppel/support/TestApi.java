package nl.koppel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Koppel's REST API over real HTTP, as a platform client or an office user would call it. Keeps cookies like a
 * browser does, so that the link's browser binding (an HttpOnly cookie set at the start URL, checked at the
 * callback) works as in the sync user's browser.
 */
public final class TestApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final java.net.CookieManager cookieJar = new java.net.CookieManager();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(cookieJar).followRedirects(HttpClient.Redirect.NEVER).build();

    public TestApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Reply(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("reply is not JSON: " + body, e);
            }
        }

        public String code() {
            return json().path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Reply get(String path, String user, String password) {
        return send(request(path, user, password).GET().build());
    }

    public Reply post(String path, String user, String password, Object body) {
        return send(request(path, user, password).POST(body(body)).header("Content-Type", "application/json").build());
    }

    public Reply postRaw(String path, String user, String password, String rawBody) {
        return send(request(path, user, password).POST(HttpRequest.BodyPublishers.ofString(rawBody))
                .header("Content-Type", "application/json").build());
    }

    public Reply put(String path, String user, String password, Object body) {
        return send(request(path, user, password).PUT(body(body)).header("Content-Type", "application/json").build());
    }

    public Reply patch(String path, String user, String password, Object body) {
        return send(request(path, user, password).method("PATCH", body(body))
                .header("Content-Type", "application/json").build());
    }

    public Reply delete(String path, String user, String password) {
        return send(request(path, user, password).DELETE().build());
    }

    /** A GET to any absolute URL without credentials (the browser's part of the OAuth flow). */
    public Reply browse(String absoluteUrl) {
        return send(HttpRequest.newBuilder(URI.create(absoluteUrl)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    /** The cookies this client keeps, like a browser's (e.g. the link's binding cookie). */
    public java.util.List<java.net.HttpCookie> cookies() {
        return cookieJar.getCookieStore().getCookies();
    }

    /** A GET to any absolute URL as a signed-in user (HTTP Basic), e.g. the link's start URL from a script. */
    public Reply browseAs(String absoluteUrl, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(absoluteUrl)).timeout(Duration.ofSeconds(20))
                .header("Authorization", basic(user, password)).GET().build());
    }

    /** A page of the screens as a browser asks for it (text/html), signed in with HTTP Basic. */
    public Reply page(String path, String user, String password) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html").header("Authorization", basic(user, password)).GET().build());
    }

    /** A form of the screens posted as a browser posts it (urlencoded), signed in with HTTP Basic. */
    public Reply form(String path, String user, String password, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(user, password)).POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sync user's browser part of a link whose consent the simulator gives at once (approveAs): Koppel's start
     * URL (signed in, binding the link to this client's cookies), the accounting system's authorize URL, and its
     * redirect to Koppel's callback with the code and state as they came.
     */
    public Reply completeLink(String startUrl, String user, String password) {
        String authorize = browseAs(startUrl, user, password).raw().headers().firstValue("Location").orElseThrow();
        URI location = URI.create(browse(authorize).raw().headers().firstValue("Location").orElseThrow());
        var query = org.springframework.web.util.UriComponentsBuilder.fromUri(location).build().getQueryParams();
        return get("/api/v1/oauth/callback?code=" + query.getFirst("code") + "&state=" + query.getFirst("state"),
                null, null);
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (user != null) {
            builder.header("Authorization", basic(user, password));
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
