package nl.koppel.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Every file in routes/ must be valid against Camel's own YAML DSL schema (shipped in camel-yaml-dsl) and
 * must load into a CamelContext. Errors name the file and line.
 */
class RouteFilesTest {

    private static final Path ROUTES = Path.of("routes");

    @TestFactory
    Stream<DynamicTest> everyRouteFileIsValidAndLoads() throws IOException {
        JsonSchema schema = camelSchema();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROUTES)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("route files in routes/").isNotEmpty();
        return files.stream().flatMap(file -> Stream.of(
                DynamicTest.dynamicTest(file + " matches Camel's YAML DSL schema", () -> {
                    List<String> problems = validate(schema, file);
                    assertThat(problems).as("schema problems in " + file).isEmpty();
                }),
                DynamicTest.dynamicTest(file + " uses the .camel.yaml suffix",
                        () -> assertThat(file.getFileName().toString()).endsWith(".camel.yaml")),
                DynamicTest.dynamicTest(file + " loads into a CamelContext", () -> load(file))));
    }

    static JsonSchema camelSchema() throws IOException {
        try (InputStream in = DefaultCamelContext.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("schema/camelYamlDsl.json inside camel-yaml-dsl").isNotNull();
            JsonNode schemaNode = new ObjectMapper().readTree(in);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.LEGACY).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode, config);
        }
    }

    /** Validates one file; each problem is "file:line: message". */
    static List<String> validate(JsonSchema schema, Path file) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        JsonNode document;
        try (Reader reader = Files.newBufferedReader(file)) {
            Node root = new Yaml(new LoaderOptions()).compose(reader);
            document = root == null ? JsonNodeFactory.instance.arrayNode() : toJson(root, "$", lines);
        }
        Set<ValidationMessage> messages = schema.validate(document);
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : messages) {
            String path = message.getInstanceLocation().toString();
            problems.add(file + ":" + lineOf(path, lines) + ": " + message.getMessage());
        }
        return problems;
    }

    private static void load(Path file) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("koppel.link-check.cron", "0 0 0 * * ?");
            context.getPropertiesComponent().addInitialProperty("koppel.systems.exact-online.base-url",
                    "http://localhost");
            PluginHelper.getRoutesLoader(context)
                    .loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            ModelCamelContext model = context;
            assertThat(model.getRouteDefinitions().size() + model.getRouteConfigurationDefinitions().size())
                    .as("routes and route configurations in " + file).isPositive();
            model.getRouteDefinitions().forEach(route -> {
                assertThat(route.getId()).as("every route in " + file + " has an id").isNotBlank();
                assertThat(route.getDescriptionText()).as("route " + route.getId() + " has a description")
                        .isNotBlank();
            });
        }
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
            return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
        }
        if (tag.endsWith(":bool")) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
        }
        if (tag.endsWith(":null")) {
            return JsonNodeFactory.instance.nullNode();
        }
        return JsonNodeFactory.instance.textNode(value);
    }
}
