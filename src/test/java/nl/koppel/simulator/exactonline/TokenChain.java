package nl.koppel.simulator.exactonline;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One grant: the tokens that descend from one authorization code by refresh rotation.
 * Exact ties refresh tokens to such a chain (its "chainId"); breaking the chain ends all its tokens.
 * Not thread-safe on its own: guarded by the lock of {@link SimulatedAuthorizationServer}.
 */
final class TokenChain {

    /** Why a chain no longer works; the description is what a later refresh is told. */
    enum Revocation {
        REVOKED("The authorization grant has been revoked"),
        BROKEN_BY_CONCURRENT_REFRESH("Token is not allowed, because of invalid or empty chainId");

        final String description;

        Revocation(String description) {
            this.description = description;
        }
    }

    final String chainId = UUID.randomUUID().toString();
    final String userName;
    String currentRefreshToken;
    Instant refreshIssuedAt;
    /** Set by the control API to expire the current refresh token early; null otherwise. */
    Instant refreshForcedExpiry;
    Instant accessIssuedAt;
    Instant accessExpiresAt;
    Revocation revocation;
    boolean refreshInFlight;

    TokenChain(String userName) {
        this.userName = userName;
    }

    boolean isRevoked() {
        return revocation != null;
    }

    /** Evaluated with the lifetime setting at the time of use, so tests can shrink it afterwards. */
    Instant refreshExpiresAt(Duration refreshTokenLifetime) {
        Instant byLifetime = refreshIssuedAt.plus(refreshTokenLifetime);
        return refreshForcedExpiry != null && refreshForcedExpiry.isBefore(byLifetime) ? refreshForcedExpiry : byLifetime;
    }
}
