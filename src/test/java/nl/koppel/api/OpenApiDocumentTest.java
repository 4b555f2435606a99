package nl.koppel.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nl.koppel.support.KoppelIntegrationTest;
import nl.koppel.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document at /v3/api-docs describes every endpoint Spring MVC serves under /api (and the link's start
 * URL), each with the API's error responses, and the ApiError schema names every error code the code can answer.
 */
class OpenApiDocumentTest extends KoppelIntegrationTest {

    /** Where the code gives an error its code: ApiException's factories, new ApiException(status, code), ApiError. */
    private static final Pattern CODE_IN_SOURCE = Pattern.compile("(?:ApiException\\.(?:badRequest|notFound|forbidden"
            + "|conflict|unprocessable|tooEarly)|new ApiException\\(HttpStatus\\.[A-Z_]+,|ApiError\\.of)\\(\\s*\"([a-z_]+)\""
            + "|new ApiError\\([^;]*?,\\s*\"([a-z_]+)\",");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void everyApiEndpointIsInTheDocument() {
        JsonNode document = document();
        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/") && !path.equals("/koppeling/start")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    endpoints++;
                    JsonNode operation = document.path("paths").path(path).path(method.name().toLowerCase());
                    if (operation.isMissingNode()) {
                        missing.add(method + " " + path);
                    } else {
                        assertThat(operation.path("responses").has("401")).as(method + " " + path).isTrue();
                    }
                }
            }
        }
        assertThat(endpoints).as("endpoints found in Spring MVC").isGreaterThan(25);
        assertThat(missing).as("endpoints missing from /v3/api-docs").isEmpty();
        assertThat(document.path("paths").has("/instellingen/kantoor/boekhoudsysteem")).as("screens are not API")
                .isFalse();
    }

    @Test
    void theMasterDataKindParameterNamesEveryKind() {
        JsonNode parameters = document().path("paths")
                .path("/api/v1/offices/{officeId}/dossiers/{dossierId}/master-data/{kind}").path("get")
                .path("parameters");
        List<String> kinds = new ArrayList<>();
        parameters.forEach(parameter -> {
            if ("kind".equals(parameter.path("name").asText())) {
                parameter.path("schema").path("enum").forEach(kind -> kinds.add(kind.asText()));
            }
        });
        assertThat(kinds).containsExactly("relations", "gl-accounts", "vat-codes", "journals", "cost-centers",
                "cost-units", "projects", "payment-conditions");
    }

    @Test
    void everyErrorCodeIsInTheDocument() throws IOException {
        Set<String> documented = new TreeSet<>();
        document().path("components").path("schemas").path("ApiError").path("properties").path("code").path("enum")
                .forEach(code -> documented.add(code.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ApiErrorCode.values()).map(ApiErrorCode::code).toList());

        Set<String> used = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = CODE_IN_SOURCE.matcher(Files.readString(source));
                while (matcher.find()) {
                    used.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                }
            }
        }
        assertThat(used).as("codes the code answers").hasSizeGreaterThan(30);
        assertThat(documented).as("codes the code answers, all documented (add them to ApiErrorCode)")
                .containsAll(used);
    }

    @Test
    void swaggerUiShowsTheDocument() {
        TestApi.Reply ui = api.get("/swagger-ui/index.html", null, null);
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }

    private JsonNode document() {
        TestApi.Reply reply = api.get("/v3/api-docs", null, null);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("openapi").asText()).startsWith("3.");
        return reply.json();
    }
}
