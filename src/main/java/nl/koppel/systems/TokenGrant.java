package nl.koppel.systems;

import java.time.Duration;

/** Tokens an accounting system handed out. {@link #toString()} hides them, so a stray log line leaks nothing. */
public record TokenGrant(String accessToken, String refreshToken, Duration expiresIn) {

    @Override
    public String toString() {
        return "TokenGrant[expiresIn=" + expiresIn + ", tokens hidden]";
    }
}
