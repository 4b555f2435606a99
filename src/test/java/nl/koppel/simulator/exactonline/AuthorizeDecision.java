package nl.koppel.simulator.exactonline;

/** What the authorize endpoint decided; {@link OAuthHandlers} turns it into a 400 or a redirect. */
sealed interface AuthorizeDecision {

    /** A bad request that cannot safely be redirected (unknown app, wrong redirect URI): 400, no redirect. */
    record Rejected(String reason) implements AuthorizeDecision {
    }

    /** Nobody (or a disabled user) approves: redirect with {@code error=access_denied}. */
    record Denied() implements AuthorizeDecision {
    }

    /** The approving user consented: redirect with this (raw, not yet URL-encoded) code. */
    record Approved(String code) implements AuthorizeDecision {
    }
}
