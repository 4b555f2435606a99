package nl.koppel.simulator.exactonline;

/** A refusal to answer with Exact's OData error body: {@code {"error":{"code":"","message":{"lang":"","value":...}}}}. */
final class ODataException extends RuntimeException {

    static final String QUERY_SYNTAX = "Error in query syntax.";

    private final int status;

    ODataException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static ODataException querySyntax() {
        return new ODataException(400, QUERY_SYNTAX);
    }

    int status() {
        return status;
    }
}
