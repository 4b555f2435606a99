package nl.koppel.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The error body of every failed call: a human message, a stable snake_case code, and field problems. */
public record ApiError(String message, String code, @JsonProperty("_metadata") List<FieldProblem> metadata) {

    public record FieldProblem(String field, String message, String code) {
    }

    public static ApiError of(String code, String message) {
        return new ApiError(message, code, List.of());
    }
}
