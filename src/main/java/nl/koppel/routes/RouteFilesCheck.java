package nl.koppel.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Koppel refuses to start on a broken route file, and says which file and line, before anything else starts
 * (the database, Camel). Runs {@link RouteValidator} on the files that {@code camel.main.routes-include-pattern}
 * names with {@code file:}, as soon as the configuration is read. Registered in {@code META-INF/spring.factories},
 * so it guards every way Koppel starts (the jar, the demo, the tests). {@code koppel.routes.check-at-start=false}
 * turns it off. Camel's JSON schema is left to {@code --validate-routes} and the tests unless
 * {@code koppel.routes.schema-check-at-start=true}: it costs seconds at every start.
 */
public class RouteFilesCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(RouteFilesCheck.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!environment.getProperty("koppel.routes.check-at-start", Boolean.class, true)) {
            return;
        }
        String patterns = environment.getProperty("camel.main.routes-include-pattern", "");
        List<Path> files = filesOf(patterns);
        if (files.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        boolean withSchema = environment.getProperty("koppel.routes.schema-check-at-start", Boolean.class, false);
        RouteValidator validator = new RouteValidator(name -> Optional.ofNullable(environment.getProperty(name)),
                withSchema);
        RouteValidator.Report report = validator.validate(files);
        if (!report.ok()) {
            throw new BrokenRouteFilesException(report.problems());
        }
        log.info("Route files checked: {} files are valid YAML{}, load into Camel, and every route has an id and a"
                        + " description ({} ms)", files.size(), withSchema ? ", match Camel's YAML DSL schema" : "",
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The files that {@code file:} patterns such as {@code file:routes/*.camel.yaml} match, in order. */
    static List<Path> filesOf(String includePatterns) {
        Set<Path> files = new LinkedHashSet<>();
        for (String raw : includePatterns.split(",")) {
            String pattern = raw.strip();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            pattern = pattern.substring("file:".length());
            int wildcard = firstWildcard(pattern);
            int slash = pattern.lastIndexOf('/', wildcard < 0 ? pattern.length() - 1 : wildcard);
            Path directory = Path.of(slash < 0 ? "." : pattern.substring(0, slash));
            String glob = pattern.substring(slash + 1);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            int depth = glob.contains("**") ? Integer.MAX_VALUE : glob.split("/").length;
            try (Stream<Path> walk = Files.walk(directory, depth)) {
                walk.filter(Files::isRegularFile).filter(p -> matcher.matches(directory.relativize(p)))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        return new ArrayList<>(files);
    }

    private static int firstWildcard(String pattern) {
        return Arrays.stream(new int[] {pattern.indexOf('*'), pattern.indexOf('?'), pattern.indexOf('{')})
                .filter(i -> i >= 0).min().orElse(-1);
    }
}
