package nl.koppel.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Assertions on the API's error shape: {@code {"message", "code", "_metadata": [...]}}, never a stack trace. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** Asserts the status, the code and the shape of an error reply; returns its JSON for further checks. */
    public static JsonNode assertApiError(TestApi.Reply reply, int status, String code) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type").orElse(""))
                .as("content type of %s", reply).startsWith("application/json");
        assertThat(reply.body()).as("no stack trace in %s", reply)
                .doesNotContain("Exception").doesNotContain("at nl.koppel").doesNotContain("\tat ")
                .doesNotContain("org.springframework").doesNotContain("\"trace\"");
        JsonNode json = reply.json();
        assertThat(json.path("code").asText()).as("code of %s", reply).isEqualTo(code);
        assertThat(json.path("message").isTextual()).as("message of %s", reply).isTrue();
        assertThat(json.path("message").asText()).as("message of %s", reply).isNotBlank();
        assertThat(json.path("_metadata").isArray()).as("_metadata array in %s", reply).isTrue();
        return json;
    }

    /** The fields named in an error's {@code _metadata}. */
    public static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.path("_metadata").forEach(problem -> fields.add(problem.path("field").asText()));
        return fields;
    }
}
