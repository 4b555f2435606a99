package nl.koppel.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.koppel.support.SideApplication;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A broken route file stops the start, before Camel (or the database) starts, with file and line. */
class RouteFilesAtStartTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration(CamelAutoConfiguration.class)
    static class CamelOnly {
    }

    @Test
    void aBrokenRouteFileStopsTheStartNamingFileAndLine(@TempDir Path routes) throws IOException {
        Path good = routes.resolve("good.camel.yaml");
        Files.writeString(good, """
                - route:
                    id: good
                    description: Fine
                    from:
                      uri: direct:good
                      steps:
                        - log:
                            message: fine
                """);
        Path broken = routes.resolve("broken.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: broken
                    description: A typo on line 8
                    from:
                      uri: direct:broken
                      steps:
                        - bean:
                            refx: someBean
                """);

        Throwable failure = catchThrowable(() -> SideApplication.run(CamelOnly.class,
                "--camel.main.name=start-check-test",
                "--camel.main.routes-include-pattern=file:" + routes + "/*.camel.yaml").close());

        assertThat(failure).isInstanceOf(BrokenRouteFilesException.class);
        assertThat(((BrokenRouteFilesException) failure).problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(broken);
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.message()).contains("refx");
        });
        FailureAnalysis analysis = new BrokenRouteFilesFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).startsWith("Koppel refuses to start")
                .contains(broken + ":8: Camel cannot load it: Unsupported field: refx");
        assertThat(analysis.getAction()).contains("--validate-routes");
    }

    @Test
    void includePatternsFindTheFilesCamelWouldLoad(@TempDir Path routes) throws IOException {
        Files.createDirectories(routes.resolve("systems"));
        Files.writeString(routes.resolve("a.camel.yaml"), "");
        Files.writeString(routes.resolve("notes.txt"), "");
        Files.writeString(routes.resolve("systems/b.camel.yaml"), "");
        assertThat(RouteFilesCheck.filesOf("file:" + routes + "/*.camel.yaml, file:" + routes
                + "/systems/*.camel.yaml,classpath:camel/*.yaml"))
                .containsExactly(routes.resolve("a.camel.yaml"), routes.resolve("systems/b.camel.yaml"));
        assertThat(RouteFilesCheck.filesOf("file:" + routes + "/**/*.camel.yaml"))
                .containsExactly(routes.resolve("systems/b.camel.yaml"));
    }
}
