package nl.koppel.api;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal the caller can act on: its HTTP status, a stable code and a message. Messages are written for
 * the caller and never carry a secret.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<ApiError.FieldProblem> problems;
    private Long retryAfterSeconds;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(HttpStatus status, String code, String message, List<ApiError.FieldProblem> problems) {
        super(message);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(HttpStatus.NOT_FOUND, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(HttpStatus.FORBIDDEN, code, message);
    }

    public static ApiException unprocessable(String code, String message, String field) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code, message,
                List.of(new ApiError.FieldProblem(field, message, code)));
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message);
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message);
    }

    /** 429: when the caller may try again. */
    public static ApiException tooEarly(String code, String message, long retryAfterSeconds) {
        ApiException e = new ApiException(HttpStatus.TOO_MANY_REQUESTS, code, message);
        e.retryAfterSeconds = retryAfterSeconds;
        return e;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ApiError toBody() {
        return new ApiError(getMessage(), code, problems);
    }
}
