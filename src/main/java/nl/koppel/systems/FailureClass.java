package nl.koppel.systems;

/** What a failed call to an accounting system means for Koppel; decided in one place per connector. */
public enum FailureClass {
    /** The link itself is broken (401, revoked or expired grant): flip to niet verbonden, stop calling. */
    AUTH,
    /** The linked user may not reach one dossier (403, wrong division). */
    ACCESS,
    /** Too many calls: wait until the reset, show no error. */
    RATE_LIMIT,
    /** Timeouts, refused connections, 5xx, garbage replies: retry later, status unchanged. */
    TRANSIENT,
    /** The accounting system refused what Koppel sent (e.g. a used or expired authorization code). */
    REJECTED
}
