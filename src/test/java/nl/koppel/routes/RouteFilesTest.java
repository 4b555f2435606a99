package nl.koppel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file in routes/ passes {@link RouteValidator}: Camel's own YAML DSL schema (shipped in camel-yaml-dsl),
 * the .camel.yaml suffix, an id and a description on every route, unique ids, and loading into a CamelContext.
 * And the validator names file and line of what is wrong in a broken file.
 */
class RouteFilesTest {

    private static final Path ROUTES = Path.of("routes");
    private static final RouteValidator VALIDATOR = new RouteValidator(name -> Optional.empty());

    @TestFactory
    Stream<DynamicTest> everyRouteFileIsValidAndLoads() {
        List<Path> files = RouteValidator.routeFiles(ROUTES);
        assertThat(files).as("route files in routes/").isNotEmpty();
        // together, so that a route id used in two files is caught
        RouteValidator.Report all = VALIDATOR.validate(files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file + " is valid, loads, and its routes have"
                + " ids and descriptions", () -> assertThat(all.problems().stream().filter(p -> p.file().equals(file))
                .map(RouteValidator.Problem::toString)).isEmpty()));
    }

    @Test
    void aYamlSyntaxErrorIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path file = write(dir, "broken.camel.yaml", """
                - route:
                    id: broken
                    description: A route
                    from:
                      uri: direct:broken
                      steps:
                        - log:
                            message: hello
                           loggingLevel: INFO
                """);
        assertThat(VALIDATOR.validateDirectory(dir).problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void aMisspeltOptionIsCaughtBySchemaWithItsLine(@TempDir Path dir) throws IOException {
        Path file = write(dir, "typo.camel.yaml", """
                - route:
                    id: typo
                    description: A route
                    from:
                      uri: direct:typo
                      steps:
                        - bean:
                            refx: someBean
                            method: go
                """);
        List<RouteValidator.Problem> problems = VALIDATOR.validateDirectory(dir).problems();
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo(file));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).as("the line of the misspelt option").isEqualTo(8);
            assertThat(p.message()).contains("schema").contains("refx");
        });
    }

    @Test
    void routesNeedAnIdAndADescriptionAndIdsAreUniqueAcrossFiles(@TempDir Path dir) throws IOException {
        write(dir, "a.camel.yaml", """
                - route:
                    id: same
                    description: First
                    from:
                      uri: direct:a
                      steps:
                        - log:
                            message: a
                - route:
                    from:
                      uri: direct:b
                      steps:
                        - log:
                            message: b
                """);
        write(dir, "b.camel.yaml", """
                - route:
                    id: same
                    from:
                      uri: direct:c
                      steps:
                        - log:
                            message: c
                """);
        write(dir, "c.yaml", """
                - route:
                    id: other
                    description: Wrong suffix
                    from:
                      uri: direct:d
                      steps:
                        - log:
                            message: d
                """);
        List<String> problems = VALIDATOR.validateDirectory(dir).problems().stream()
                .map(p -> p.file().getFileName() + ":" + p.line() + ": " + p.message()).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("a.camel.yaml:9: route without an id"));
        assertThat(problems).anyMatch(p -> p.startsWith("a.camel.yaml:9: route has no description"));
        assertThat(problems).anyMatch(p -> p.startsWith("b.camel.yaml:2: route id 'same' is already used at ")
                && p.endsWith("a.camel.yaml:2"));
        assertThat(problems).anyMatch(p -> p.startsWith("b.camel.yaml:1: route 'same' has no description"));
        assertThat(problems).anyMatch(p -> p.startsWith("c.yaml:1: a route file's name must end in .camel.yaml"));
    }

    @Test
    void routeTemplatesAndTemplatedRoutesAreCheckedInAnyFileOrder(@TempDir Path dir) throws IOException {
        // a.camel.yaml uses the template of z-templates.camel.yaml: the templates are loaded first
        write(dir, "a.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: answer
                    routeId: a-answer
                    parameters:
                      - name: endpoint
                        value: a-answer
                - templatedRoute:
                    routeTemplateRef: answer
                    parameters:
                      - name: endpoint
                        value: a-nameless
                """);
        write(dir, "z-templates.camel.yaml", """
                - routeTemplate:
                    id: answer
                    description: Answers
                    parameters:
                      - name: endpoint
                    route:
                      description: An answer
                      from:
                        uri: "direct:{{endpoint}}"
                        steps:
                          - log:
                              message: answered
                - routeTemplate:
                    id: undescribed
                    from:
                      uri: direct:undescribed
                      steps:
                        - log:
                            message: x
                """);
        write(dir, "b.camel.yaml", """
                - templatedRoute:
                    routeTemplateRef: no-such-template
                    routeId: b-answer
                """);
        List<String> problems = VALIDATOR.validateDirectory(dir).problems().stream()
                .map(p -> p.file().getFileName() + ":" + p.line() + ": " + p.message()).toList();
        assertThat(problems).anyMatch(p -> p.startsWith("a.camel.yaml:7: route without an id")
                && p.contains("routeId of a templatedRoute"));
        assertThat(problems).noneMatch(p -> p.startsWith("a.camel.yaml") && p.contains("Camel cannot load it"));
        assertThat(problems).anyMatch(p -> p.startsWith("z-templates.camel.yaml:13: route 'undescribed' has no"
                + " description"));
        assertThat(problems).anyMatch(p -> p.startsWith("b.camel.yaml") && p.contains("Camel cannot load it")
                && p.contains("no-such-template"));
        assertThat(problems).noneMatch(p -> p.contains("loaded no route"));
    }

    @Test
    void theCommandPrintsOneLinePerProblemAndFailsOrSaysOk(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int ok = RouteValidator.run(ROUTES, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(ok).as(buffer.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).startsWith("OK: ");

        write(dir, "x.camel.yaml", "- route:\n    id: x\n    description: d\n    from:\n      uri: direct:x\n"
                + "      steps:\n        - setBody:\n            constant: [1\n");
        buffer.reset();
        int failed = RouteValidator.run(dir, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(failed).isEqualTo(1);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains(dir.resolve("x.camel.yaml") + ":9: not valid YAML")
                .contains("FAILED: 1 problem(s) in 1 of 1 route files");
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
