package nl.koppel.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks route files the way Koppel needs them, naming file and line for every problem:
 * <ol>
 *   <li>the file is YAML and matches Camel's own YAML DSL schema ({@code schema/camelYamlDsl.json} inside
 *       camel-yaml-dsl), so a misspelt step or option is caught before Camel guesses;</li>
 *   <li>its name ends in {@code .camel.yaml}; every route has an {@code id} and a {@code description}, and no id
 *       is used twice (across all files checked together);</li>
 *   <li>it loads into a (never started) CamelContext, as Koppel would load it.</li>
 * </ol>
 * Used by {@code java -jar koppel.jar --validate-routes}, by Koppel's start-up check ({@link RouteFilesCheck})
 * and by the tests.
 */
public final class RouteValidator {

    /** One problem: {@code routes/x.camel.yaml:12: message}. */
    public record Problem(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    /** What one run checked and found. */
    public record Report(List<Path> files, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final Pattern CAMEL_LINE = Pattern.compile("line (\\d+)");

    private final JsonSchema schema;
    private final Function<String, Optional<String>> properties;

    /**
     * Every check, Camel's schema included.
     *
     * @param properties resolves {@code {{placeholders}}} while loading; a placeholder it does not know is given a
     *                   stand-in value, because this check is about the file, not about configuration
     */
    public RouteValidator(Function<String, Optional<String>> properties) {
        this(properties, true);
    }

    /**
     * @param withSchema false skips Camel's JSON schema: compiling the 800 kB schema and matching every step
     *                   against it takes seconds (up to 20 s in a cold JVM), too long for every start-up; YAML syntax,
     *                   ids, descriptions and Camel's own loading (which refuses unknown fields) are checked anyway
     */
    public RouteValidator(Function<String, Optional<String>> properties, boolean withSchema) {
        this.schema = withSchema ? camelSchema() : null;
        this.properties = properties;
    }

    /** Every {@code *.yaml} file under {@code directory}, in path order. */
    public static List<Path> routeFiles(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list route files in " + directory, e);
        }
    }

    public Report validateDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            return new Report(List.of(), List.of(new Problem(directory, 0, "no such directory")));
        }
        return validate(routeFiles(directory));
    }

    /** Checks the files together (route ids must be unique across them). */
    public Report validate(List<Path> files) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Problem> firstUseOfId = new HashMap<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setName("koppel-route-check");
            context.getPropertiesComponent().addPropertiesSource(new StandInProperties(properties));
            // route templates first: a templatedRoute in any file needs its template loaded
            List<Path> templatesFirst = files.stream().sorted(Comparator.comparing(file -> !holdsRouteTemplates(file)))
                    .toList();
            for (Path file : templatesFirst) {
                problems.addAll(validate(context, file, firstUseOfId));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the route check's CamelContext", e);
        }
        return new Report(List.copyOf(files), List.copyOf(problems));
    }

    private static boolean holdsRouteTemplates(Path file) {
        try {
            return Files.readString(file).contains("- routeTemplate:");
        } catch (IOException | RuntimeException e) {
            return false; // reported as unreadable where it is validated
        }
    }

    private List<Problem> validate(DefaultCamelContext context, Path file, Map<String, Problem> firstUseOfId) {
        List<Problem> problems = new ArrayList<>();
        if (!file.getFileName().toString().endsWith(".camel.yaml")) {
            problems.add(new Problem(file, 1, "a route file's name must end in .camel.yaml (Camel tooling and"
                    + " Koppel's include pattern look for that suffix)"));
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode document;
        try (Reader reader = Files.newBufferedReader(file)) {
            Node root = new Yaml(new LoaderOptions()).compose(reader);
            document = root == null ? JsonNodeFactory.instance.arrayNode() : toJson(root, "$", lines);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(file, mark == null ? 1 : mark.getLine() + 1, "not valid YAML: "
                    + oneLine((e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem())));
            return problems;
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "cannot read: " + e.getMessage()));
            return problems;
        } catch (RuntimeException e) {
            problems.add(new Problem(file, 1, "not valid YAML: " + oneLine(e.getMessage())));
            return problems;
        }
        List<Problem> schemaProblems = new ArrayList<>();
        for (ValidationMessage message : specific(schema == null ? Set.of() : schema.validate(document))) {
            String path = message.getInstanceLocation().toString();
            // an unknown property: the line of that property, not of the step it is in
            if (message.getProperty() != null && lines.containsKey(path + "." + message.getProperty())) {
                path = path + "." + message.getProperty();
            }
            schemaProblems.add(new Problem(file, lineOf(path, lines), "Camel YAML DSL schema: " + message.getMessage()));
        }
        schemaProblems.sort(Comparator.comparingInt(Problem::line));
        problems.addAll(schemaProblems);
        problems.addAll(routeRules(file, document, lines, firstUseOfId));
        if (schemaProblems.isEmpty()) {
            loadIntoCamel(context, file).ifPresent(problems::add);
        }
        return problems;
    }

    private static final Set<String> GENERIC_KEYWORDS = Set.of("oneOf", "anyOf", "type");

    /**
     * A misspelt option fails every alternative of a step's {@code oneOf}; of the messages about one place, keep the
     * specific ones (unknown property, missing property, wrong value) and drop "0 of the alternatives are valid".
     */
    private static List<ValidationMessage> specific(Set<ValidationMessage> messages) {
        Map<String, List<ValidationMessage>> byPlace = new LinkedHashMap<>();
        for (ValidationMessage message : messages) {
            byPlace.computeIfAbsent(message.getInstanceLocation().toString(), k -> new ArrayList<>()).add(message);
        }
        List<ValidationMessage> kept = new ArrayList<>();
        for (List<ValidationMessage> place : byPlace.values()) {
            List<ValidationMessage> specific = place.stream().filter(m -> !GENERIC_KEYWORDS.contains(m.getType()))
                    .toList();
            kept.addAll(specific.isEmpty() ? place : specific);
        }
        return kept;
    }

    /** Every route has a stable id and a description; ids are unique. */
    private static List<Problem> routeRules(Path file, JsonNode document, Map<String, Integer> lines,
                                            Map<String, Problem> firstUseOfId) {
        List<Problem> problems = new ArrayList<>();
        if (!document.isArray()) {
            return problems;
        }
        for (int i = 0; i < document.size(); i++) {
            JsonNode entry = document.get(i);
            JsonNode route = entry.path("route");
            String at = "$[" + i + "].route";
            String idField = "id";
            if (entry.has("routeTemplate")) {
                // a template: its id and description; the routes made from it get the description of its route
                route = entry.path("routeTemplate");
                at = "$[" + i + "].routeTemplate";
            } else if (entry.has("templatedRoute")) {
                route = entry.path("templatedRoute");
                at = "$[" + i + "].templatedRoute";
                idField = "routeId";
            }
            if (route.isMissingNode()) {
                continue;
            }
            int line = lineOf("$[" + i + "]", lines); // the "- route:" line
            String id = route.path(idField).asText("");
            if (id.isBlank()) {
                problems.add(new Problem(file, line, "route without an id: give every route a stable id"
                        + (idField.equals("routeId") ? " (routeId of a templatedRoute)" : "")));
            } else {
                Problem earlier = firstUseOfId.putIfAbsent(id, new Problem(file, lineOf(at + "." + idField, lines),
                        id));
                if (earlier != null) {
                    problems.add(new Problem(file, lineOf(at + "." + idField, lines), "route id '" + id
                            + "' is already used at " + earlier.file() + ":" + earlier.line()));
                }
            }
            if (!idField.equals("routeId") && route.path("description").asText("").isBlank()) {
                problems.add(new Problem(file, line, "route " + (id.isBlank() ? "" : "'" + id + "' ")
                        + "has no description: say in one line what it does"));
            }
        }
        return problems;
    }

    /** Loads the file into the run's scratch CamelContext (never started), then removes what it loaded again. */
    private Optional<Problem> loadIntoCamel(DefaultCamelContext context, Path file) {
        ModelCamelContext model = context;
        int templatesBefore = model.getRouteTemplateDefinitions().size();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            if (model.getRouteDefinitions().isEmpty() && model.getRouteConfigurationDefinitions().isEmpty()
                    && model.getRouteTemplateDefinitions().size() == templatesBefore) {
                return Optional.of(new Problem(file, 1, "Camel loaded no route, route template or route configuration"
                        + " from it"));
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(camelProblem(file, e));
        } finally {
            try {
                model.removeRouteDefinitions(List.copyOf(model.getRouteDefinitions()));
                for (var configuration : List.copyOf(model.getRouteConfigurationDefinitions())) {
                    model.removeRouteConfiguration(configuration);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot clear the route check's CamelContext", e);
            }
        }
    }

    private static Problem camelProblem(Path file, Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String text = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        Matcher line = CAMEL_LINE.matcher(text);
        int at = line.find() ? Integer.parseInt(line.group(1)) : 1;
        String first = text.lines().findFirst().orElse(text).strip();
        return new Problem(file, at, "Camel cannot load it: " + first);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static int lineOf(String path, Map<String, Integer> lines) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    /** Builds the JSON tree the schema checks, remembering the 1-based line of every path. */
    private static JsonNode toJson(Node node, String path, Map<String, Integer> lines) {
        lines.put(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                object.set(key, toJson(tuple.getValueNode(), path + "." + key, lines));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                array.add(toJson(items.get(i), path + "[" + i + "]", lines));
            }
            return array;
        }
        String value = ((ScalarNode) node).getValue();
        String tag = node.getTag().getValue();
        if (tag.endsWith(":int")) {
            try {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return JsonNodeFactory.instance.textNode(value);
            }
        }
        if (tag.endsWith(":bool")) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
        }
        if (tag.endsWith(":null")) {
            return JsonNodeFactory.instance.nullNode();
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    private static JsonSchema camelSchema() {
        try (InputStream in = DefaultCamelContext.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            if (in == null) {
                throw new IllegalStateException("schema/camelYamlDsl.json is missing: camel-yaml-dsl is not on the"
                        + " class path");
            }
            JsonNode schemaNode = new ObjectMapper().readTree(in);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.LEGACY).build();
            // Camel's schema marks options "deprecated": an annotation, not a rule
            JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                    .keyword(new NonValidationKeyword("deprecated")).build();
            return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                    .metaSchema(metaSchema).build().getSchema(schemaNode, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Camel's YAML DSL schema", e);
        }
    }

    /** Placeholders from the given source, else a stand-in, so that loading checks the file and not the config. */
    private static final class StandInProperties implements org.apache.camel.spi.PropertiesSource {
        private final Function<String, Optional<String>> properties;
        private final Map<String, String> standIns = new LinkedHashMap<>();

        StandInProperties(Function<String, Optional<String>> properties) {
            this.properties = properties;
        }

        @Override
        public String getName() {
            return "koppel-route-validator";
        }

        @Override
        public String getProperty(String name) {
            return properties.apply(name).orElseGet(() -> standIns.computeIfAbsent(name, n -> "0"));
        }
    }

    /**
     * {@code java -jar koppel.jar --validate-routes [directory]}: prints a report; exit code 0 only when clean. It
     * leaves the JVM's logging alone (the command's {@code main} quiets it): a test calling it once turned every later
     * test's INFO lines off.
     */
    public static int run(Path directory, java.io.PrintStream out) {
        RouteValidator validator = new RouteValidator(name -> Optional.empty());
        Report report = validator.validateDirectory(directory);
        report.problems().forEach(out::println);
        if (report.ok()) {
            out.println("OK: " + report.files().size() + " route files in " + directory
                    + " match Camel's YAML DSL schema and load; every route has an id and a description");
            return 0;
        }
        out.println("FAILED: " + report.problems().size() + " problem(s) in "
                + report.problems().stream().map(Problem::file).distinct().count() + " of " + report.files().size()
                + " route files in " + directory);
        return 1;
    }
}
