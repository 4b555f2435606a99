package nl.koppel.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import nl.koppel.systems.ConnectorException;
import nl.koppel.systems.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure into the API's JSON error shape; a stack trace never leaves the service. */
@RestControllerAdvice
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    private final ObjectMapper json;

    public ApiErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> refused(ApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e.retryAfterSeconds() != null) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return response.body(e.toBody());
    }

    @ExceptionHandler(ConnectorException.class)
    ResponseEntity<ApiError> accountingSystem(ConnectorException e) {
        if (e.getFailureClass() == FailureClass.AUTH) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ApiError.of("accounting_system_not_connected", e.getMessage()));
        }
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                .body(ApiError.of("accounting_system_unavailable", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> invalid(MethodArgumentNotValidException e) {
        List<ApiError.FieldProblem> problems = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiError.FieldProblem(f.getField(), f.getDefaultMessage(), problemCode(f.getCode())))
                .toList();
        return ResponseEntity.badRequest()
                .body(new ApiError("The request has invalid or missing fields", "validation_failed", problems));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(RequestBodyLimit.tooLarge(tooLarge.maxBytes()));
            }
        }
        if (e.getCause() instanceof InvalidFormatException format && !format.getPath().isEmpty()) {
            String field = format.getPath().get(format.getPath().size() - 1).getFieldName();
            return ResponseEntity.badRequest().body(new ApiError("Field '" + field + "' has a value of the wrong form",
                    "validation_failed", List.of(new ApiError.FieldProblem(field, "wrong form", "invalid_format"))));
        }
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            return ResponseEntity.badRequest().body(new ApiError("Field '" + field + "' has a value of the wrong type",
                    "validation_failed", List.of(new ApiError.FieldProblem(field, "wrong type", "invalid_type"))));
        }
        return ResponseEntity.badRequest().body(ApiError.of("malformed_json", "The request body is not valid JSON"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(new ApiError("Query parameter '" + e.getParameterName() + "' is missing",
                "parameter_missing", List.of(new ApiError.FieldProblem(e.getParameterName(), "missing", "required"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        // An id that is not even a UUID names nothing that exists.
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ApiError.of("not_found", "No resource with " + e.getName() + " '" + e.getValue() + "'"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(ApiError.of("unsupported_media_type", "Send the body as application/json"));
    }

    /**
     * The Accept header asks for nothing Koppel can write (e.g. XML, or JSON from the Prometheus endpoint): 406,
     * with the error as JSON whatever was asked for (the one form every error has), and no ERROR in the log.
     */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    void notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        String offered = e.getSupportedMediaTypes().isEmpty() ? "application/json"
                : MediaType.toString(e.getSupportedMediaTypes());
        json.writeValue(response.getOutputStream(), ApiError.of("not_acceptable",
                "Koppel cannot answer in the form the Accept header asks for; it offers " + offered));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .body(ApiError.of("method_not_allowed", "Method " + e.getMethod() + " is not allowed here"));
    }

    /** An unknown URL (spring.mvc.throw-exception-if-no-handler-found makes it a NoHandlerFoundException). */
    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ApiError> noResource(Exception e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of("not_found", "No such resource"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure while handling a request ({})", e.getClass().getName(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiError.of("internal_error", "Koppel could not handle the request; the error is logged"));
    }

    private static String problemCode(String constraint) {
        if (constraint == null) {
            return "invalid";
        }
        return switch (constraint) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            default -> constraint.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
        };
    }
}
