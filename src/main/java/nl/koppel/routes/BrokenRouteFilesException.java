package nl.koppel.routes;

import java.util.List;
import java.util.stream.Collectors;

/** Start-up stops: route files are broken. The message lists every problem as {@code file:line: message}. */
public class BrokenRouteFilesException extends RuntimeException {

    private final List<RouteValidator.Problem> problems;

    public BrokenRouteFilesException(List<RouteValidator.Problem> problems) {
        super("Broken route files:\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RouteValidator.Problem> problems() {
        return problems;
    }
}
