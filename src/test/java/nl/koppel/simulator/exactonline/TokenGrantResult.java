package nl.koppel.simulator.exactonline;

/** What the token endpoint decided; {@link OAuthHandlers} turns it into Exact's exact HTTP answer. */
sealed interface TokenGrantResult {

    /** New tokens; {@code expiresInSeconds} is sent as a string, as Exact does. */
    record Issued(String accessToken, String refreshToken, long expiresInSeconds) implements TokenGrantResult {
    }

    /** An OAuth error: {@code {"error":..,"error_description":..}} with this status. */
    record Refused(int status, String error, String description) implements TokenGrantResult {
    }

    /** An already rotated refresh token: Exact answers 401 with a plain text body. */
    record OldRefreshTokenUsed() implements TokenGrantResult {
    }

    /** Over the daily token-call cap for the user: 429. */
    record DailyCapReached() implements TokenGrantResult {
    }
}
