package nl.koppel.simulator.exactonline;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Exact Online's OAuth rules: users, authorization codes, token chains with refresh rotation,
 * the minimum refresh interval, the daily token-call cap, and the chain breakage caused by two
 * concurrent refreshes. Knows nothing about HTTP.
 * <p>
 * All state is guarded by {@code this}. A refresh holds the lock only to check and to rotate, and
 * sleeps {@link SimulatorSettings#refreshLatency()} in between while the chain is marked in flight:
 * that window is what lets a second, concurrent refresh break the chain as the real API does.
 */
final class SimulatedAuthorizationServer {

    private static final String TOKEN_PREFIX = "stampNL001.";
    private static final String INVALID_GRANT = "invalid_grant";
    private static final String INVALID_REQUEST = "invalid_request";
    private static final String USER_DISABLED = "The user account is disabled";

    private final SimulatorSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, AccountingUser> usersByName = new LinkedHashMap<>();
    private final Set<String> disabledUsers = new HashSet<>();
    private String approvingUserName;

    private final Map<String, IssuedCode> codes = new HashMap<>();
    private final List<TokenChain> chains = new ArrayList<>();
    /** Current and rotated refresh tokens, so an old one can be recognised as old. */
    private final Map<String, TokenChain> chainsByRefreshToken = new HashMap<>();
    private final Map<String, IssuedAccessToken> accessTokens = new HashMap<>();
    private final Map<String, DailyTokenCalls> tokenCallsByUser = new HashMap<>();
    private final List<String> issuedSecrets = new ArrayList<>();

    private record IssuedCode(String userName, String redirectUri, Instant issuedAt, boolean used) {
    }

    private record IssuedAccessToken(TokenChain chain, Instant expiresAt) {
    }

    private record DailyTokenCalls(LocalDate day, int count) {
    }

    SimulatedAuthorizationServer(SimulatorSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    // ---- users -------------------------------------------------------------------------------

    synchronized AccountingUser addUser(AccountingUser user) {
        if (usersByName.containsKey(user.userName())) {
            throw new IllegalStateException("user already exists: " + user.userName());
        }
        usersByName.put(user.userName(), user);
        return user;
    }

    synchronized boolean hasUser(String userName) {
        return usersByName.containsKey(userName);
    }

    synchronized List<AccountingUser> users() {
        return List.copyOf(usersByName.values());
    }

    /** The user the authorize endpoint approves as; null means nobody approves (access_denied). */
    synchronized void approveAs(String userName) {
        if (userName != null) {
            requireUser(userName);
        }
        approvingUserName = userName;
    }

    synchronized void disableUser(String userName) {
        requireUser(userName);
        disabledUsers.add(userName);
    }

    synchronized void enableUser(String userName) {
        requireUser(userName);
        disabledUsers.remove(userName);
    }

    /** Ends every chain of the user: access tokens get 401, refreshes "grant has been revoked". */
    synchronized void revokeGrants(String userName) {
        requireUser(userName);
        chainsOf(userName).stream()
                .filter(chain -> !chain.isRevoked())
                .forEach(chain -> chain.revocation = TokenChain.Revocation.REVOKED);
    }

    /** Makes every access token of the user expire now; the chains may then be refreshed at once. */
    synchronized void expireAccessTokens(String userName) {
        requireUser(userName);
        Instant now = clock.instant();
        accessTokens.replaceAll((token, issued) -> issued.chain().userName.equals(userName) && issued.expiresAt().isAfter(now)
                ? new IssuedAccessToken(issued.chain(), now)
                : issued);
        chainsOf(userName).forEach(chain -> chain.accessExpiresAt = now);
    }

    /** Makes the current refresh token of every chain of the user expire now. */
    synchronized void expireRefreshTokens(String userName) {
        requireUser(userName);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        chainsOf(userName).forEach(chain -> chain.refreshForcedExpiry = now);
    }

    /** Chains of the user that have not been revoked or broken. */
    synchronized int activeGrants(String userName) {
        return (int) chainsOf(userName).stream().filter(chain -> !chain.isRevoked()).count();
    }

    synchronized List<String> issuedSecrets() {
        return List.copyOf(issuedSecrets);
    }

    synchronized void resetDailyTokenCalls() {
        tokenCallsByUser.clear();
    }

    // ---- authorize ---------------------------------------------------------------------------

    synchronized AuthorizeDecision authorize(String clientId, String redirectUri, String responseType) {
        return authorizeAs(clientId, redirectUri, responseType, approvingUserName);
    }

    /** The request itself is bad (unknown app, wrong redirect URI): a 400 to the browser, never a redirect. */
    synchronized AuthorizeDecision.Rejected reject(String clientId, String redirectUri, String responseType) {
        return authorizeAs(clientId, redirectUri, responseType, null) instanceof AuthorizeDecision.Rejected r ? r : null;
    }

    /** The user who signed in on the sign-in page consents (null: nobody, access_denied). */
    synchronized AuthorizeDecision authorizeAs(String clientId, String redirectUri, String responseType,
                                               String approvingUserName) {
        if (!settings.clientId().equals(clientId)) {
            return new AuthorizeDecision.Rejected("unknown client_id");
        }
        if (!settings.redirectUri().equals(redirectUri)) {
            return new AuthorizeDecision.Rejected("redirect_uri does not match the registered redirect URI");
        }
        if (!"code".equals(responseType)) {
            return new AuthorizeDecision.Rejected("unsupported response_type; only 'code' is supported");
        }
        if (approvingUserName == null || disabledUsers.contains(approvingUserName)) {
            return new AuthorizeDecision.Denied();
        }
        // the '!' is in real Exact codes too; it arrives as %21, so a client must decode exactly once
        String code = TOKEN_PREFIX + randomText(24) + "!" + randomText(48);
        codes.put(code, new IssuedCode(approvingUserName, redirectUri, clock.instant(), false));
        issuedSecrets.add(code);
        return new AuthorizeDecision.Approved(code);
    }

    // ---- token -------------------------------------------------------------------------------

    synchronized TokenGrantResult exchangeCode(String clientId, String clientSecret, String code, String redirectUri) {
        if (!isRegisteredClient(clientId, clientSecret)) {
            return invalidClient();
        }
        if (isBlank(code)) {
            return new TokenGrantResult.Refused(400, INVALID_REQUEST, "code is missing");
        }
        IssuedCode issued = codes.get(code);
        if (issued == null) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, "Invalid authorization code");
        }
        if (!countTokenCall(issued.userName())) {
            return new TokenGrantResult.DailyCapReached();
        }
        Instant now = clock.instant();
        if (issued.used()) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, "The authorization code has already been used");
        }
        if (!now.isBefore(issued.issuedAt().plus(settings.codeLifetime()))) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, "The authorization code has expired");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT,
                    "redirect_uri does not match the redirect_uri used to obtain the code");
        }
        if (disabledUsers.contains(issued.userName())) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, USER_DISABLED);
        }
        codes.put(code, new IssuedCode(issued.userName(), issued.redirectUri(), issued.issuedAt(), true));
        TokenChain chain = new TokenChain(issued.userName());
        chains.add(chain);
        return issueTokens(chain);
    }

    TokenGrantResult refresh(String clientId, String clientSecret, String refreshToken) {
        TokenChain chain;
        synchronized (this) {
            TokenGrantResult refused = checkRefresh(clientId, clientSecret, refreshToken);
            if (refused != null) {
                return refused;
            }
            chain = chainsByRefreshToken.get(refreshToken);
            chain.refreshInFlight = true;
        }
        sleep(settings.refreshLatency());
        synchronized (this) {
            chain.refreshInFlight = false;
            if (chain.revocation == TokenChain.Revocation.REVOKED) {
                return new TokenGrantResult.Refused(400, INVALID_GRANT, chain.revocation.description);
            }
            // Also when a concurrent refresh broke the chain meanwhile: this caller still gets tokens,
            // but they are dead on arrival, the way the real API leaves a racing client stranded.
            return issueTokens(chain);
        }
    }

    /** @return the refusal, or null when the refresh may go ahead */
    private TokenGrantResult checkRefresh(String clientId, String clientSecret, String refreshToken) {
        if (!isRegisteredClient(clientId, clientSecret)) {
            return invalidClient();
        }
        if (isBlank(refreshToken)) {
            return new TokenGrantResult.Refused(400, INVALID_REQUEST, "refresh_token is missing");
        }
        TokenChain chain = chainsByRefreshToken.get(refreshToken);
        if (chain == null) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, "Invalid refresh token");
        }
        if (!countTokenCall(chain.userName)) {
            return new TokenGrantResult.DailyCapReached();
        }
        if (chain.isRevoked()) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, chain.revocation.description);
        }
        if (disabledUsers.contains(chain.userName)) {
            return new TokenGrantResult.Refused(400, INVALID_GRANT, USER_DISABLED);
        }
        if (!refreshToken.equals(chain.currentRefreshToken)) {
            return new TokenGrantResult.OldRefreshTokenUsed();
        }
        Instant now = clock.instant();
        Instant refreshExpiresAt = chain.refreshExpiresAt(settings.refreshTokenLifetime());
        if (!now.isBefore(refreshExpiresAt)) {
            return new TokenGrantResult.Refused(400, INVALID_REQUEST,
                    "The refresh token expired at " + refreshExpiresAt.truncatedTo(ChronoUnit.SECONDS));
        }
        if (chain.refreshInFlight) {
            chain.revocation = TokenChain.Revocation.BROKEN_BY_CONCURRENT_REFRESH;
            return new TokenGrantResult.Refused(400, INVALID_GRANT, chain.revocation.description);
        }
        boolean intervalPassed = !now.isBefore(chain.accessIssuedAt.plus(settings.minRefreshInterval()));
        boolean accessExpired = !now.isBefore(chain.accessExpiresAt);
        if (!intervalPassed && !accessExpired) {
            return new TokenGrantResult.Refused(400, INVALID_REQUEST, "access_token not expired");
        }
        return null;
    }

    // ---- API access --------------------------------------------------------------------------

    /** The user an access token speaks for, if it is known, unexpired, its chain intact and the user enabled. */
    synchronized Optional<AccountingUser> userForAccessToken(String accessToken) {
        IssuedAccessToken issued = accessToken == null ? null : accessTokens.get(accessToken);
        if (issued == null
                || !clock.instant().isBefore(issued.expiresAt())
                || issued.chain().isRevoked()
                || disabledUsers.contains(issued.chain().userName)) {
            return Optional.empty();
        }
        return Optional.ofNullable(usersByName.get(issued.chain().userName));
    }

    // ---- internals ---------------------------------------------------------------------------

    /** Rotation: a new access and refresh token; the previous refresh token stays known, as "old". */
    private TokenGrantResult.Issued issueTokens(TokenChain chain) {
        Instant now = clock.instant();
        Duration accessLifetime = settings.accessTokenLifetime();
        String accessToken = TOKEN_PREFIX + randomText(96);
        String refreshToken = TOKEN_PREFIX + randomText(12) + "!" + randomText(72);
        accessTokens.put(accessToken, new IssuedAccessToken(chain, now.plus(accessLifetime)));
        chainsByRefreshToken.put(refreshToken, chain);
        chain.currentRefreshToken = refreshToken;
        chain.refreshIssuedAt = now;
        chain.refreshForcedExpiry = null;
        chain.accessIssuedAt = now;
        chain.accessExpiresAt = now.plus(accessLifetime);
        issuedSecrets.add(accessToken);
        issuedSecrets.add(refreshToken);
        return new TokenGrantResult.Issued(accessToken, refreshToken, accessLifetime.toSeconds());
    }

    /** Counts a token call for the user; false when it goes over today's cap. */
    private boolean countTokenCall(String userName) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        DailyTokenCalls calls = tokenCallsByUser.get(userName);
        int count = calls == null || !calls.day().equals(today) ? 1 : calls.count() + 1;
        tokenCallsByUser.put(userName, new DailyTokenCalls(today, count));
        return count <= settings.tokenCallsPerDay();
    }

    private boolean isRegisteredClient(String clientId, String clientSecret) {
        return settings.clientId().equals(clientId) && settings.clientSecret().equals(clientSecret);
    }

    private static TokenGrantResult invalidClient() {
        return new TokenGrantResult.Refused(400, "invalid_client", null);
    }

    private List<TokenChain> chainsOf(String userName) {
        return chains.stream().filter(chain -> chain.userName.equals(userName)).toList();
    }

    private void requireUser(String userName) {
        if (!usersByName.containsKey(userName)) {
            throw new NoSuchElementException("no such user: " + userName);
        }
    }

    /** URL-safe random text of {@code bytes} random bytes (4/3 as many characters). */
    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
