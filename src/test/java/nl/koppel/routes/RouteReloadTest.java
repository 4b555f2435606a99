package nl.koppel.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import nl.koppel.support.SideApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Development: with the settings of config/application-demo.yaml, a changed route file is reloaded while Camel
 * runs, the routes of the other files keep running, and a bad save leaves the routes that ran before in place. A small Spring Boot application with only Camel (the
 * same auto-configuration Koppel uses), on route files in a temporary folder.
 */
class RouteReloadTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class CamelOnly {
    }

    @Test
    void aChangedRouteFileIsReloadedWithoutARestart(@TempDir Path routes) throws IOException {
        Path greeting = routes.resolve("greeting.camel.yaml");
        Files.writeString(greeting, route("greeting", "Hallo"));
        Files.createDirectories(routes.resolve("systems"));
        Files.writeString(routes.resolve("systems/other.camel.yaml"), route("other", "Ander"));

        try (ConfigurableApplicationContext app = watching(routes, "reload-test",
                "file:" + routes + "/*.camel.yaml,file:" + routes + "/systems/*.camel.yaml")) {
            ProducerTemplate producer = app.getBean(CamelContext.class).createProducerTemplate();
            assertThat(producer.requestBody("direct:greeting", "", String.class)).isEqualTo("Hallo");

            Files.writeString(greeting, route("greeting", "Goedemorgen"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(producer.requestBody("direct:greeting", "", String.class)).isEqualTo("Goedemorgen"));
            // the route of the file that did not change was left alone
            assertThat(producer.requestBody("direct:other", "", String.class)).isEqualTo("Ander");

            // a file in a sub-folder (routes/systems/) is watched too
            Files.writeString(routes.resolve("systems/other.camel.yaml"), route("other", "Nieuw"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(producer.requestBody("direct:other", "", String.class)).isEqualTo("Nieuw"));

            // a bad save (a misspelt step) is not loaded: Camel logs file, line and problem, and the routes loaded
            // before keep running, so one typo does not take the sync down; the next good save is loaded. (Files
            // saved together are loaded together: a bad one holds back the good ones of the same batch.)
            RouteWatcherReloadStrategy watcher = app.getBean(CamelContext.class)
                    .hasService(RouteWatcherReloadStrategy.class);
            int failedBefore = watcher.getFailedCounter();
            Files.writeString(greeting, route("greeting", "Kapot").replace("setBody:", "setBodyy:"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    watcher.getFailedCounter() > failedBefore);
            assertThat(producer.requestBody("direct:greeting", "", String.class)).isEqualTo("Goedemorgen");
            assertThat(producer.requestBody("direct:other", "", String.class)).isEqualTo("Nieuw");
            Files.writeString(greeting, route("greeting", "Hersteld"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(producer.requestBody("direct:greeting", "", String.class)).isEqualTo("Hersteld"));
        }
    }

    /**
     * A connector file with routes and templatedRoutes (routes/systems/): on a save its routes are reloaded, and the
     * routes made from templates keep running as they were — Camel 4.17's reload does not make them again, so a
     * change of a templatedRoute's parameters (or of a template) takes a restart (docs/connector-contract.md §8).
     */
    @Test
    void theTemplatedRoutesOfAReloadedFileKeepRunning(@TempDir Path routes) throws IOException {
        Files.createDirectories(routes.resolve("systems"));
        Files.writeString(routes.resolve("systems/templates.camel.yaml"), """
                - routeTemplate:
                    id: answer
                    description: Answers the text it is given
                    parameters:
                      - name: endpoint
                      - name: text
                    route:
                      description: An answer from the answer template
                      from:
                        uri: "direct:{{endpoint}}"
                        steps:
                          - setBody:
                              constant:
                                expression: "{{text}}"
                """);
        Path connector = routes.resolve("systems/connector.camel.yaml");
        Files.writeString(connector, templated("Hallo"));

        try (ConfigurableApplicationContext app = watching(routes, "reload-templates-test",
                "file:" + routes + "/systems/*.camel.yaml")) {
            ProducerTemplate producer = app.getBean(CamelContext.class).createProducerTemplate();
            assertThat(producer.requestBody("direct:connector-answer", "", String.class)).isEqualTo("Hallo");

            Files.writeString(connector, templated("Goedemorgen"));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(producer.requestBody("direct:connector-plain", "", String.class))
                            .isEqualTo("Goedemorgen"));
            assertThat(producer.requestBody("direct:connector-answer", "", String.class)).as("not made again")
                    .isEqualTo("Hallo");
        }
    }

    /** Camel alone on the route files, with the demo profile's reload settings (config/application-demo.yaml). */
    private static ConfigurableApplicationContext watching(Path routes, String name, String includePattern) {
        return SideApplication.run(CamelOnly.class, "--camel.main.name=" + name,
                "--camel.main.routes-include-pattern=" + includePattern,
                "--camel.main.routes-reload-enabled=true",
                "--camel.main.routes-reload-directory=" + routes,
                "--camel.main.routes-reload-directory-recursive=true",
                "--camel.main.routes-reload-pattern=*.camel.yaml",
                "--camel.main.routes-reload-remove-all-routes=false");
    }

    private static String templated(String text) {
        return route("connector-plain", text) + """
                - templatedRoute:
                    routeTemplateRef: answer
                    routeId: connector-answer
                    parameters:
                      - name: endpoint
                        value: connector-answer
                      - name: text
                        value: %s
                """.formatted(text);
    }

    private static String route(String id, String body) {
        return """
                - route:
                    id: %1$s
                    description: Answers %2$s
                    from:
                      uri: direct:%1$s
                      steps:
                        - setBody:
                            constant:
                              expression: %2$s
                """.formatted(id, body);
    }
}
