package nl.koppel.api;

import java.util.Locale;

/**
 * Every {@code code} an API error can carry, with its HTTP status: the OpenAPI document lists them
 * ({@link OpenApiDocument}), and a test fails when the code uses one that is not here.
 */
public enum ApiErrorCode {
    // 400
    VALIDATION_FAILED(400, "a field of the body is missing or invalid; _metadata names each field"),
    MALFORMED_JSON(400, "the body is not valid JSON"),
    PARAMETER_MISSING(400, "a required query parameter is missing"),
    PAGING_INVALID(400, "limit or offset out of range, a malformed after cursor, or after and offset together"),
    OAUTH_STATE_MISSING(400, "the OAuth callback or start URL has no state"),
    OAUTH_CODE_MISSING(400, "the OAuth callback has no authorization code"),
    OAUTH_STATE_INVALID(400, "the state is unknown"),
    OAUTH_STATE_EXPIRED(400, "the link took longer than koppel.link.state-ttl"),
    OAUTH_STATE_USED(400, "the state was already used (a state works once)"),
    OAUTH_LINK_ALREADY_OPENED(400, "the start URL was already opened in a browser"),
    OAUTH_AUTHORIZATION_DENIED(400, "the sign-in at the accounting system was cancelled or refused"),
    OAUTH_CODE_REJECTED(400, "the accounting system refused the authorization code"),
    CONNECTION_KEY_INVALID(400, "what was entered as a connection key is not one (empty, too long, not printable)"),
    CONNECTION_KEY_REFUSED(400, "the accounting system does not accept the connection key; nothing was stored"),
    CONNECTION_KEY_NO_ADMINISTRATION(400, "the connection key gives access to no administration"),
    ACCOUNTING_SYSTEM_CREDENTIALS_INCORRECT(400, "the accounting system refused the login"),
    // 401
    AUTHENTICATION_REQUIRED(401, "no or wrong credentials (HTTP Basic)"),
    // 403
    FORBIDDEN(403, "the role may not do this"),
    ROLE_NOT_ALLOWED(403, "only a SUPERGEBRUIKER or ACCOUNTANT (or SUPERGEBRUIKER alone) may do this"),
    PLATFORM_ACCOUNT_REQUIRED(403, "only the platform account may provision"),
    PLATFORM_ACCOUNT_HAS_NO_OFFICE(403, "the platform account has no office screens"),
    ONLY_SYNC_USER_CAN_LINK(403, "only the sync user can make the link (the message names them)"),
    OAUTH_OTHER_BROWSER(403, "the callback came from another browser than the one that started the link"),
    // 404
    NOT_FOUND(404, "no such resource"),
    OFFICE_NOT_FOUND(404, "no such office (also for another office)"),
    ACCOUNTING_SYSTEM_NOT_FOUND(404, "no such accounting system in the office"),
    DOSSIER_NOT_FOUND(404, "no such dossier in the office"),
    MASTER_DATA_KIND_UNKNOWN(404, "no such kind of master data (relations, gl-accounts, ...)"),
    NOTIFICATION_NOT_FOUND(404, "no such notification of the user"),
    WEBHOOK_NOT_FOUND(404, "no such webhook in the office"),
    // 405, 406, 413, 415
    METHOD_NOT_ALLOWED(405, "the method is not allowed on this URL"),
    NOT_ACCEPTABLE(406, "the Accept header names no type Koppel can answer with (the API answers application/json)"),
    REQUEST_TOO_LARGE(413, "the request body is larger than koppel.sign-in.max-request-body"),
    UNSUPPORTED_MEDIA_TYPE(415, "send the body as application/json"),
    // 409
    ACCOUNTING_SYSTEM_ALREADY_ADDED(409, "the office already has this accounting system"),
    ACCOUNTING_SYSTEM_NOT_CONNECTED(409, "the connection is niet verbonden: the sync user must make the link"),
    SYNC_USER_CHANGED(409, "the sync user changed after the link was started"),
    USERNAME_TAKEN(409, "the user name is taken"),
    // 422
    ACCOUNTING_SYSTEM_TYPE_UNKNOWN(422, "unknown accounting-system type"),
    SYNCHRONIZATION_USER_NOT_FOUND(422, "the sync user does not exist"),
    SYNCHRONIZATION_USER_NOT_ALLOWED_TO_OFFICE(422, "the sync user is not a user of this office"),
    ROLE_NOT_ALLOWED_IN_OFFICE(422, "this role cannot be given to an office user"),
    DOSSIER_NOT_ACCESSIBLE(422, "a dossier is not accessible to the linked user; nothing was added"),
    MASTER_DATA_KIND_NOT_SUPPORTED(422, "the accounting system has no such master data"),
    WEBHOOK_URL_INVALID(422, "the webhook URL is not an http(s) URL"),
    WEBHOOK_URL_NOT_ALLOWED(422, "the webhook URL points to a private or local address"),
    WEBHOOK_EVENTS_INVALID(422, "unknown webhook event types"),
    WEBHOOK_LIMIT_REACHED(422, "the office has koppel.notifications.webhook.max-per-office webhooks already"),
    // 429
    TOO_MANY_FAILED_SIGN_INS(429, "too many failed sign-ins for this user name or address; Retry-After says when to try again"),
    SYNC_REQUESTED_TOO_SOON(429, "a manual sync of this dossier is allowed once per 15 minutes; Retry-After says when"),
    // 500, 502
    INTERNAL_ERROR(500, "Koppel could not handle the request; the error is logged"),
    ACCOUNTING_SYSTEM_UNAVAILABLE(502, "the accounting system could not be reached or failed");

    private final int status;
    private final String meaning;

    ApiErrorCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }
}
