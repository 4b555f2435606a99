package nl.koppel.systems;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.koppel.connections.StatusReason;
import nl.koppel.support.KoppelIntegrationTest;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code api-call} route template as a connector instantiates it ({@code direct:exact-online-call}, against the
 * Exact Online simulator): the token goes only to the configured host, a failed reply is classified by the
 * connector's replies bean unless the request leaves it to the caller, and no header travels out.
 */
class ApiCallTemplateTest extends KoppelIntegrationTest {

    private static final String TOKEN = "not-a-token-of-exact-5b1f";

    @Autowired
    private ProducerTemplate producer;

    private HttpServer elsewhere;
    private final List<String> seenElsewhere = new CopyOnWriteArrayList<>();

    @BeforeEach
    void anotherHost() throws IOException {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", http -> {
            seenElsewhere.add(http.getRequestURI() + " " + http.getRequestHeaders().getFirst("Authorization"));
            http.sendResponseHeaders(200, -1);
            http.close();
        });
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        elsewhere.stop(0);
    }

    private Exchange call(ApiRequest request) {
        return producer.send("direct:exact-online-call", exchange -> {
            exchange.setProperty("accessToken", TOKEN);
            exchange.getMessage().setBody(request);
        });
    }

    @Test
    void theTokenGoesOnlyToTheConfiguredHost() {
        String other = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        String exactAuthority = exact.baseUrl().substring("http://".length());
        for (String link : List.of(other + "/api/v1/current/Me",
                "http://" + exactAuthority + "@127.0.0.1:" + elsewhere.getAddress().getPort() + "/api/v1/current/Me",
                "//127.0.0.1:" + elsewhere.getAddress().getPort() + "/api/v1/current/Me",
                exact.baseUrl().replace("http://", "https://") + "/api/v1/current/Me")) {
            Exchange done = call(ApiRequest.get(link, "system/Divisions"));
            assertThat(done.getException()).as(link).isInstanceOf(ConnectorException.class);
            ConnectorException refused = (ConnectorException) done.getException();
            assertThat(refused.getFailureClass()).isEqualTo(FailureClass.TRANSIENT);
            assertThat(refused.getMessage()).doesNotContain("127.0.0.1").doesNotContain(TOKEN);
        }
        assertThat(seenElsewhere).as("nothing reached the other host").isEmpty();
    }

    @Test
    void aFailedReplyIsClassifiedByTheConnectorsRepliesBean() {
        Exchange done = call(ApiRequest.get("/api/v1/current/Me", "current/Me"));
        assertThat(done.getException()).isInstanceOf(ConnectorException.class);
        ConnectorException failure = (ConnectorException) done.getException();
        assertThat(failure.getFailureClass()).isEqualTo(FailureClass.AUTH);
        assertThat(failure.getReason()).isEqualTo(StatusReason.CREDENTIALS_REVOKED);
        assertThat(failure.getMessage()).contains("current/Me").doesNotContain(TOKEN);
    }

    @Test
    void aStatusTheCallerHandlesComesBackAsTheReplyAndNoHeaderTravelsOut() {
        Exchange done = call(ApiRequest.get(exact.baseUrl() + "/api/v1/current/Me", "current/Me").handling(401));
        assertThat(done.getException()).isNull();
        ApiReply reply = done.getMessage().getBody(ApiReply.class);
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.ok()).isFalse();
        assertThat(done.getMessage().getHeaders()).as("no header in or out").isEmpty();
        assertThat(done.getProperty(ApiCalls.REQUEST)).isNull();
    }
}
