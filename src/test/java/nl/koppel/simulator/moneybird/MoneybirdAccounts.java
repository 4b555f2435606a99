package nl.koppel.simulator.moneybird;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moneybird's users, their access to administrations, and its OAuth server (Doorkeeper): authorization codes
 * (10 minutes, once), access tokens that never expire unless a lifetime is set (sources disagree: both are
 * served), refresh tokens that rotate, revocation. Knows nothing about HTTP. Thread-safe (one lock).
 */
final class MoneybirdAccounts {

    /** Doorkeeper's text for every refused grant. */
    static final String INVALID_GRANT_TEXT = "The provided authorization grant is invalid, expired, revoked, does not"
            + " match the redirection URI used in the authorization request, or was issued to another client.";

    /** {@code userType}: owner, employee or accountant (an office's sync user is usually an accountant). */
    record User(long id, String name, String email, String userType) {
    }

    /** The outcome of a token request. */
    sealed interface Grant {
        record Issued(String accessToken, String refreshToken, Long expiresInSeconds, long createdAt) implements Grant {
        }

        record Refused(int status, String error, String description) implements Grant {
        }
    }

    /** Why an access token does not work (null: it works). */
    enum TokenProblem {
        INVALID("The access token is invalid"),
        EXPIRED("The access token expired"),
        REVOKED("The access token was revoked");

        final String description;

        TokenProblem(String description) {
            this.description = description;
        }
    }

    private record Code(long userId, String redirectUri, Instant issuedAt, boolean used) {
    }

    private record AccessToken(long userId, Instant createdAt, Instant expiresAt, boolean revoked) {
    }

    private record RefreshToken(long userId, boolean revoked) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong userIds = new AtomicLong(300_000_000_000_000_000L);
    private final Map<String, User> usersByEmail = new LinkedHashMap<>();
    private final Map<Long, Set<String>> access = new HashMap<>();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final List<String> issuedSecrets = new ArrayList<>();
    private final Set<Long> deletedUsers = new HashSet<>();
    private String approvingEmail;

    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private Duration accessTokenLifetime;
    private boolean refreshTokensIssued = true;

    MoneybirdAccounts(Clock clock, String clientId, String clientSecret, String redirectUri) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    // ---- users and access ----------------------------------------------------------------

    synchronized User addUser(String name, String email, String userType) {
        if (usersByEmail.containsKey(email)) {
            throw new IllegalStateException("user exists: " + email);
        }
        User user = new User(userIds.addAndGet(1 + random.nextInt(1000)), name, email, userType);
        usersByEmail.put(email, user);
        access.put(user.id(), new LinkedHashSet<>());
        return user;
    }

    synchronized User user(String email) {
        User user = usersByEmail.get(email);
        if (user == null) {
            throw new NoSuchElementException("no user " + email);
        }
        return user;
    }

    synchronized Optional<User> user(long id) {
        return usersByEmail.values().stream().filter(u -> u.id() == id).findFirst();
    }

    synchronized void grant(String email, String administration) {
        access.get(user(email).id()).add(administration);
    }

    synchronized void revoke(String email, String administration) {
        access.get(user(email).id()).remove(administration);
    }

    synchronized boolean mayAccess(long userId, String administration) {
        return access.getOrDefault(userId, Set.of()).contains(administration);
    }

    synchronized List<String> administrationsOf(long userId) {
        return List.copyOf(access.getOrDefault(userId, Set.of()));
    }

    synchronized List<User> usersOf(String administration) {
        return usersByEmail.values().stream().filter(u -> access.get(u.id()).contains(administration)).toList();
    }

    synchronized void approveAs(String email) {
        if (email != null) {
            user(email);
        }
        approvingEmail = email;
    }

    /** The user removes Koppel's app in Moneybird: every token of the user stops working. */
    synchronized void revokeGrants(String email) {
        long id = user(email).id();
        accessTokens.replaceAll((t, a) -> a.userId() == id ? new AccessToken(id, a.createdAt(), a.expiresAt(), true) : a);
        refreshTokens.replaceAll((t, r) -> r.userId() == id ? new RefreshToken(id, true) : r);
    }

    /** Every access token of the user expires now (refresh tokens keep working). */
    synchronized void expireAccessTokens(String email) {
        long id = user(email).id();
        Instant now = clock.instant();
        accessTokens.replaceAll((t, a) -> a.userId() == id ? new AccessToken(id, a.createdAt(), now, a.revoked()) : a);
    }

    /** null: access tokens never expire and replies have no {@code expires_in}. */
    synchronized void accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
    }

    synchronized void refreshTokensIssued(boolean issued) {
        this.refreshTokensIssued = issued;
    }

    synchronized List<String> issuedSecrets() {
        return List.copyOf(issuedSecrets);
    }

    // ---- OAuth -------------------------------------------------------------------------------

    /** @return the code, or null when nobody approves (access_denied); throws for a bad client or redirect */
    synchronized String authorize(String requestClientId, String requestRedirectUri) {
        return authorizeAs(requestClientId, requestRedirectUri, approvingEmail);
    }

    /** The user who signed in on the sign-in page consents; throws for a bad client or redirect. */
    synchronized String authorizeAs(String requestClientId, String requestRedirectUri, String approvingEmail) {
        if (!clientId.equals(requestClientId)) {
            throw new IllegalArgumentException("Client authentication failed due to unknown client");
        }
        if (!redirectUri.equals(requestRedirectUri)) {
            throw new IllegalArgumentException("The redirect uri included is not valid.");
        }
        if (approvingEmail == null || !usersByEmail.containsKey(approvingEmail)) {
            return null;
        }
        String code = random(32);
        codes.put(code, new Code(user(approvingEmail).id(), requestRedirectUri, clock.instant(), false));
        issuedSecrets.add(code);
        return code;
    }

    synchronized Grant exchangeCode(String requestClientId, String requestSecret, String code, String requestRedirect) {
        if (!clientId.equals(requestClientId) || !clientSecret.equals(requestSecret)) {
            return invalidClient();
        }
        Code issued = code == null ? null : codes.get(code);
        if (issued == null || issued.used() || !issued.redirectUri().equals(requestRedirect)
                || clock.instant().isAfter(issued.issuedAt().plus(Duration.ofMinutes(10)))) {
            return new Grant.Refused(400, "invalid_grant", INVALID_GRANT_TEXT);
        }
        codes.put(code, new Code(issued.userId(), issued.redirectUri(), issued.issuedAt(), true));
        return issue(issued.userId());
    }

    synchronized Grant refresh(String requestClientId, String requestSecret, String refreshToken) {
        if (!clientId.equals(requestClientId) || !clientSecret.equals(requestSecret)) {
            return invalidClient();
        }
        RefreshToken token = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (token == null || token.revoked()) {
            return new Grant.Refused(400, "invalid_grant", INVALID_GRANT_TEXT);
        }
        // rotation: the used refresh token and its access tokens end
        refreshTokens.put(refreshToken, new RefreshToken(token.userId(), true));
        return issue(token.userId());
    }

    /** The user a token speaks for, or why it does not work. */
    synchronized Object check(String accessToken) {
        AccessToken token = accessToken == null ? null : accessTokens.get(accessToken);
        if (token == null || deletedUsers.contains(token.userId())) {
            return TokenProblem.INVALID;
        }
        if (token.revoked()) {
            return TokenProblem.REVOKED;
        }
        if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
            return TokenProblem.EXPIRED;
        }
        return user(token.userId()).orElseThrow();
    }

    /** {@code created_at} and the seconds left (null: never expires) of a working token. */
    synchronized long[] tokenTimes(String accessToken) {
        AccessToken token = accessTokens.get(accessToken);
        long left = token.expiresAt() == null ? -1
                : Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
        return new long[] {token.createdAt().getEpochSecond(), left};
    }

    private Grant issue(long userId) {
        Instant now = clock.instant();
        String access = random(32);
        Instant expiresAt = accessTokenLifetime == null ? null : now.plus(accessTokenLifetime);
        accessTokens.put(access, new AccessToken(userId, now, expiresAt, false));
        issuedSecrets.add(access);
        String refresh = null;
        if (refreshTokensIssued) {
            refresh = random(32);
            refreshTokens.put(refresh, new RefreshToken(userId, false));
            issuedSecrets.add(refresh);
        }
        return new Grant.Issued(access, refresh, accessTokenLifetime == null ? null : accessTokenLifetime.toSeconds(),
                now.getEpochSecond());
    }

    private static Grant invalidClient() {
        return new Grant.Refused(401, "invalid_client", "Client authentication failed due to unknown client, no client"
                + " authentication included, or unsupported authentication method.");
    }

    private String random(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
