package nl.koppel.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nl.koppel.masterdata.MasterDataKind;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API's OpenAPI 3 document (springdoc, generated from the controllers): {@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}. Every operation lists the error responses with the codes each status can carry
 * ({@link ApiErrorCode}); the {@code ApiError} schema enumerates them all.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDocument {

    static final String ERROR_SCHEMA = "ApiError";

    @Bean
    OpenAPI koppelApi() {
        return new OpenAPI()
                .info(new Info().title("Koppel API").version("v1").description("""
                        Links an accounting office to its accounting systems through one sync user per system.
                        JSON over HTTP Basic. "Koppeling maken": POST .../link answers a Koppel start URL \
                        (authorizeUrl) that the sync user's browser opens signed in; it binds the link to that \
                        browser (an HttpOnly cookie) and goes on to the accounting system, whose redirect comes \
                        back to /api/v1/oauth/callback. Errors: {"message", "code", "_metadata"}."""))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    @Bean
    OpenApiCustomizer errorResponses() {
        return api -> {
            api.getComponents().addSchemas(ERROR_SCHEMA, errorSchema());
            Map<Integer, String> codesByStatus = new TreeMap<>(Arrays.stream(ApiErrorCode.values()).collect(
                    Collectors.groupingBy(ApiErrorCode::status, Collectors.mapping(
                            c -> "`" + c.code() + "`: " + c.meaning(), Collectors.joining("; ")))));
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                    codesByStatus.forEach((status, codes) -> addError(operation, status, codes))));
        };
    }

    /** The {@code kind} path parameter (master data) names the kinds there are: the document follows the code. */
    @Bean
    OpenApiCustomizer masterDataKinds() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().stream()
                            .filter(parameter -> "kind".equals(parameter.getName()) && "path".equals(parameter.getIn()))
                            .forEach(parameter -> {
                                StringSchema kinds = new StringSchema();
                                Arrays.stream(MasterDataKind.values()).forEach(kind -> kinds.addEnumItem(kind.path()));
                                parameter.schema(kinds.description("the kind of master data; a kind the dossier's"
                                        + " accounting system does not offer answers 422"));
                            });
                }
            }));
        };
    }

    private static void addError(Operation operation, int status, String codes) {
        operation.getResponses().computeIfAbsent(Integer.toString(status), s -> new ApiResponse()
                .description("Error; the code is one of: " + codes)
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA)))));
    }

    private static Schema<?> errorSchema() {
        StringSchema code = new StringSchema();
        Arrays.stream(ApiErrorCode.values()).forEach(c -> code.addEnumItem(c.code()));
        ObjectSchema problem = new ObjectSchema();
        problem.addProperty("field", new StringSchema());
        problem.addProperty("message", new StringSchema());
        problem.addProperty("code", new StringSchema());
        ObjectSchema error = new ObjectSchema();
        error.description("Every error of the API");
        error.addProperty("message", new StringSchema().description("what went wrong and what to do, in words"));
        error.addProperty("code", code.description("machine-readable, stable"));
        error.addProperty("_metadata", new ArraySchema().items(problem).description("one entry per invalid field"));
        return error;
    }
}
