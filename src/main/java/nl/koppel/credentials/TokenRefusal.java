package nl.koppel.credentials;

/**
 * What a 401 on a token means. {@link Verdict#STALE_LINK}: the token belongs to an earlier link (a relink happened
 * meanwhile), so the refusal says nothing about the current link. {@link Verdict#RETRY}: the token was near its
 * expiry or had been replaced meanwhile; {@code retryWith} is a valid token for one more try.
 * {@link Verdict#REFUSED}: a token of the current link with time left was refused: the link is broken.
 */
public record TokenRefusal(Verdict verdict, AccessToken retryWith) {

    public enum Verdict { STALE_LINK, RETRY, REFUSED }

    static TokenRefusal staleLink() {
        return new TokenRefusal(Verdict.STALE_LINK, null);
    }

    static TokenRefusal refused() {
        return new TokenRefusal(Verdict.REFUSED, null);
    }

    static TokenRefusal retry(AccessToken token) {
        return new TokenRefusal(Verdict.RETRY, token);
    }
}
