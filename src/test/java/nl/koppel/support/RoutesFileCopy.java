package nl.koppel.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spring.spi.ApplicationContextBeanRepository;
import org.apache.camel.support.DefaultRegistry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.context.ApplicationContext;

/**
 * A connector's routes file as given — the file itself, or a copy with one value edited — running in a Camel context
 * of its own, with Koppel's beans and configuration: a test calls its contract routes and the simulator tells what was
 * asked. So a test shows that what the file says is what Koppel requests, without replacing the routes of the running
 * application (Camel's reload would not re-create templated routes anyway). Before the file it loads
 * {@code routes/errors.camel.yaml} (the route configuration {@code connector-contract}) and the shared route templates
 * of {@code routes/systems/connector-templates.camel.yaml}.
 */
public final class RoutesFileCopy implements AutoCloseable {

    private static final Path ERRORS = Path.of("routes/errors.camel.yaml");
    private static final Path TEMPLATES = Path.of("routes/systems/connector-templates.camel.yaml");

    private final DefaultCamelContext camel;

    private RoutesFileCopy(DefaultCamelContext camel) {
        this.camel = camel;
    }

    /**
     * The routes file {@code file} with {@code original} replaced by {@code edited}; {@code original} must occur
     * exactly once in it (else the test would prove nothing), and equal texts run the file as it is.
     */
    public static RoutesFileCopy start(ApplicationContext spring, Path folder, Path file, String original,
                                       String edited) throws Exception {
        String text = Files.readString(file);
        int at = text.indexOf(original);
        if (at < 0 || text.indexOf(original, at + 1) >= 0) {
            throw new AssertionError(file + " should hold exactly once: " + original);
        }
        return start(spring, folder, file.getFileName().toString(), text.replace(original, edited));
    }

    /** Routes file text, written to {@code folder/name} and loaded into a Camel context of its own, started. */
    public static RoutesFileCopy start(ApplicationContext spring, Path folder, String name, String routes)
            throws Exception {
        Files.createDirectories(folder);
        Path copy = folder.resolve(name);
        Files.writeString(copy, routes);
        DefaultCamelContext camel = new DefaultCamelContext(new DefaultRegistry(
                new ApplicationContextBeanRepository(spring)));
        try {
            camel.getPropertiesComponent().addPropertiesSource(new SpringProperties(spring));
            var loader = PluginHelper.getRoutesLoader(camel);
            loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:" + ERRORS));
            if (Files.exists(TEMPLATES)) {
                loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:" + TEMPLATES));
            }
            loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:" + copy));
            camel.start();
        } catch (Exception | AssertionError e) {
            camel.close();
            throw e;
        }
        return new RoutesFileCopy(camel);
    }

    public CamelContext camel() {
        return camel;
    }

    /** Calls {@code direct:<route>} with the body and exchange properties; its failure is thrown. */
    public <T> T call(String route, Object body, Map<String, Object> properties, Class<T> type) throws Exception {
        Exchange reply = camel.createProducerTemplate().request("direct:" + route, exchange -> {
            exchange.getIn().setBody(body);
            properties.forEach(exchange::setProperty);
        });
        if (reply.getException() != null) {
            throw reply.getException();
        }
        return reply.getMessage().getBody(type);
    }

    @Override
    public void close() throws IOException {
        camel.close();
    }

    /** {@code {{...}}} in the routes from Koppel's configuration, as in Koppel's own Camel context. */
    private record SpringProperties(ApplicationContext spring) implements PropertiesSource {
        @Override
        public String getName() {
            return "koppel-configuration";
        }

        @Override
        public String getProperty(String name) {
            return spring.getEnvironment().getProperty(name);
        }
    }
}
