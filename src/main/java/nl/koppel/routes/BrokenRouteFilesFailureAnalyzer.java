package nl.koppel.routes;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link BrokenRouteFilesException} into Spring Boot's short "APPLICATION FAILED TO START" report. */
public class BrokenRouteFilesFailureAnalyzer extends AbstractFailureAnalyzer<BrokenRouteFilesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BrokenRouteFilesException cause) {
        String problems = cause.problems().stream().map(p -> "    " + p).collect(Collectors.joining("\n"));
        return new FailureAnalysis("Koppel refuses to start: " + cause.problems().size()
                + " problem(s) in its route files:\n" + problems,
                "Fix the file(s) at the line(s) named above, check them with"
                        + " `java -jar target/koppel-*.jar --validate-routes` (or `mvn -q test -Dtest=RouteFilesTest`),"
                        + " and start again.", cause);
    }
}
