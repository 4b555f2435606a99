package nl.koppel.credentials;

/** An access token handed out for a call, with what identifies its issue. */
public record AccessToken(String value, TokenIssue issue) {

    @Override
    public String toString() {
        return "AccessToken[hidden, " + issue + "]";
    }
}
