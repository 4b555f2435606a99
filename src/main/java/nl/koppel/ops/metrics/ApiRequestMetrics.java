package nl.koppel.ops.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import nl.koppel.systems.AccountingSystemsProperties;
import org.springframework.stereotype.Component;

/**
 * {@code koppel_api_requests_seconds{system,status}}: every HTTP call a route makes to an accounting system,
 * counted and timed per system and HTTP status ({@code none} when no reply came: timeout, refused). Camel tells
 * about every finished send, so the connectors need no code for it; the system is known by the configured host.
 */
@Component
public class ApiRequestMetrics extends EventNotifierSupport {

    static final String REQUESTS = "koppel.api.requests";

    private final MeterRegistry registry;
    private final Map<String, String> systemByHost = new LinkedHashMap<>();

    public ApiRequestMetrics(MeterRegistry registry, AccountingSystemsProperties systems) {
        this.registry = registry;
        systems.systems().forEach((type, settings) -> {
            String host = hostOf(settings.baseUrl());
            if (host != null) {
                systemByHost.put(host, type);
            }
        });
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
    }

    /** Sending events too: Camel times a send, and tells of it when done, only if a notifier took its start. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent || event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
            return;
        }
        String uri = sent.getEndpoint().getEndpointUri();
        if (!uri.startsWith("http")) {
            return;
        }
        Exchange exchange = sent.getExchange();
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String system = systemByHost.getOrDefault(hostOf(uri), "other");
        Timer.builder(REQUESTS).description("HTTP calls to accounting systems, per system and status code")
                .tag("system", system).tag("status", status == null ? "none" : status.toString())
                .register(registry).record(sent.getTimeTaken(), TimeUnit.MILLISECONDS);
    }

    private static String hostOf(String url) {
        try {
            URI parsed = URI.create(url.split("\\?")[0]);
            if (parsed.getHost() == null) {
                return null;
            }
            int port = parsed.getPort() != -1 ? parsed.getPort() : "https".equals(parsed.getScheme()) ? 443 : 80;
            return parsed.getHost().toLowerCase() + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
