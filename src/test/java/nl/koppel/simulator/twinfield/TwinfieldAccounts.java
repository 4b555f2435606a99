package nl.koppel.simulator.twinfield;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Twinfield's organisations, users and their OpenID Connect login server (an IdentityServer): authorization codes
 * (5 minutes, once), access tokens of an hour, refresh tokens that live for years but of which a user has one per
 * organisation (a new login replaces the old one), and the user states the SOAP API reports by fault code:
 * disabled (105), deleted (104), credentials no longer valid (103), organisation inactive (106). Knows nothing
 * about HTTP. Thread-safe (one lock).
 */
final class TwinfieldAccounts {

    record Organisation(String code, String id, String cluster, boolean active) {
    }

    /** A user of an organisation; {@code login} is {@code USERCODE@ORGCODE}. */
    record User(String id, String code, String organisation, UserState state) {
        String login() {
            return code + "@" + organisation;
        }
    }

    enum UserState { ACTIVE, DISABLED, DELETED, CREDENTIALS_INVALID }

    sealed interface Grant {
        record Issued(String accessToken, String refreshToken, long expiresIn, String idToken) implements Grant {
        }

        record Refused(int status, String error) implements Grant {
        }
    }

    /** Who a token speaks for, or why it does not. */
    record TokenCheck(User user, Instant expiresAt, String problem) {
    }

    /** {@code codeChallenge}: the PKCE S256 challenge of the authorize request, null without PKCE. */
    private record Code(String login, String redirectUri, Instant issuedAt, boolean used, String codeChallenge) {
    }

    private record AccessToken(String login, Instant expiresAt, boolean revoked) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Organisation> organisations = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Set<String>> access = new HashMap<>();
    private final Map<String, Code> codes = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    /** The one refresh token of each user (per organisation: the login includes it). */
    private final Map<String, String> refreshTokenOf = new HashMap<>();
    private final List<String> issuedSecrets = new ArrayList<>();
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private String approvingLogin;
    private Duration accessTokenLifetime = Duration.ofHours(1);
    private String expiredTokenFault = "354";

    TwinfieldAccounts(Clock clock, String clientId, String clientSecret, String redirectUri) {
        this.clock = clock;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    // ---- organisations, users, access -----------------------------------------------------

    synchronized Organisation addOrganisation(String code, String cluster) {
        if (organisations.containsKey(code)) {
            throw new IllegalStateException("organisation exists: " + code);
        }
        Organisation organisation = new Organisation(code, UUID.randomUUID().toString(), cluster, true);
        organisations.put(code, organisation);
        return organisation;
    }

    synchronized Organisation organisation(String code) {
        Organisation organisation = organisations.get(code);
        if (organisation == null) {
            throw new NoSuchElementException("no organisation " + code);
        }
        return organisation;
    }

    synchronized void moveOrganisation(String code, String cluster) {
        Organisation o = organisation(code);
        organisations.put(code, new Organisation(o.code(), o.id(), cluster, o.active()));
    }

    synchronized void deactivateOrganisation(String code) {
        Organisation o = organisation(code);
        organisations.put(code, new Organisation(o.code(), o.id(), o.cluster(), false));
    }

    synchronized User addUser(String organisation, String userCode) {
        organisation(organisation);
        User user = new User(UUID.randomUUID().toString(), userCode, organisation, UserState.ACTIVE);
        if (users.containsKey(user.login())) {
            throw new IllegalStateException("user exists: " + user.login());
        }
        users.put(user.login(), user);
        access.put(user.login(), new LinkedHashSet<>());
        return user;
    }

    synchronized User user(String login) {
        User user = users.get(login);
        if (user == null) {
            throw new NoSuchElementException("no user " + login);
        }
        return user;
    }

    synchronized void state(String login, UserState state) {
        User u = user(login);
        users.put(login, new User(u.id(), u.code(), u.organisation(), state));
    }

    synchronized void grant(String login, String office) {
        access.get(user(login).login()).add(office);
    }

    synchronized void revoke(String login, String office) {
        access.get(user(login).login()).remove(office);
    }

    synchronized List<String> officesOf(String login) {
        return List.copyOf(access.getOrDefault(login, Set.of()));
    }

    synchronized boolean mayAccess(String login, String office) {
        return access.getOrDefault(login, Set.of()).contains(office);
    }

    synchronized String approvingLogin() {
        return approvingLogin;
    }

    synchronized void approveAs(String login) {
        if (login != null) {
            user(login);
        }
        approvingLogin = login;
    }

    /** The user's grant is revoked: the refresh token and every access token stop working. */
    synchronized void revokeGrants(String login) {
        refreshTokenOf.remove(login);
        accessTokens.replaceAll((t, a) -> a.login().equals(login) ? new AccessToken(login, a.expiresAt(), true) : a);
    }

    synchronized void expireAccessTokens(String login) {
        Instant now = clock.instant();
        accessTokens.replaceAll((t, a) -> a.login().equals(login) ? new AccessToken(login, now, a.revoked()) : a);
    }

    synchronized void accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
    }

    synchronized List<String> issuedSecrets() {
        return List.copyOf(issuedSecrets);
    }

    // ---- OpenID Connect ----------------------------------------------------------------------

    /** @return the code, or null when nobody logs in (access_denied); throws for a bad client or redirect */
    synchronized String authorize(String requestClientId, String requestRedirectUri, String scope, String nonce) {
        return authorizeAs(requestClientId, requestRedirectUri, scope, nonce, null, null, approvingLogin);
    }

    /**
     * The user who signed in consents (null: nobody). PKCE as an OpenID Connect server does it: with a
     * {@code code_challenge} (only {@code S256} taken) the code exchange must bring the matching verifier.
     */
    synchronized String authorizeAs(String requestClientId, String requestRedirectUri, String scope, String nonce,
                                    String codeChallenge, String challengeMethod, String approvingLogin) {
        if (codeChallenge != null && !"S256".equals(challengeMethod)) {
            throw new IllegalArgumentException("invalid_request: code_challenge_method must be S256");
        }
        if (!clientId.equals(requestClientId)) {
            throw new IllegalArgumentException("unauthorized_client");
        }
        if (!redirectUri.equals(requestRedirectUri)) {
            throw new IllegalArgumentException("The redirect URI is not registered for this client");
        }
        if (scope == null || !List.of(scope.split(" ")).contains("openid") || nonce == null || nonce.isBlank()) {
            throw new IllegalArgumentException("invalid_request: openid scope and nonce are required");
        }
        if (approvingLogin == null || !users.containsKey(approvingLogin)
                || user(approvingLogin).state() != UserState.ACTIVE) {
            return null;
        }
        String code = random(24);
        codes.put(code, new Code(approvingLogin, requestRedirectUri, clock.instant(), false, codeChallenge));
        issuedSecrets.add(code);
        return code;
    }

    synchronized Grant exchangeCode(String[] basic, String code, String requestRedirectUri) {
        return exchangeCode(basic, code, requestRedirectUri, null);
    }

    synchronized Grant exchangeCode(String[] basic, String code, String requestRedirectUri, String codeVerifier) {
        if (!client(basic)) {
            return new Grant.Refused(400, "invalid_client");
        }
        Code issued = code == null ? null : codes.get(code);
        if (issued == null || issued.used() || !issued.redirectUri().equals(requestRedirectUri)
                || clock.instant().isAfter(issued.issuedAt().plus(Duration.ofMinutes(5)))
                || !pkceMatches(issued.codeChallenge(), codeVerifier)) {
            return new Grant.Refused(400, "invalid_grant");
        }
        codes.put(code, new Code(issued.login(), issued.redirectUri(), issued.issuedAt(), true,
                issued.codeChallenge()));
        // one refresh token per user and organisation: a new login replaces the previous one
        String refresh = random(32);
        refreshTokenOf.put(issued.login(), refresh);
        issuedSecrets.add(refresh);
        return issueAccess(issued.login(), refresh);
    }

    /** Without a challenge no verifier is needed; with one, BASE64URL(SHA-256(verifier)) must equal it. */
    private static boolean pkceMatches(String challenge, String verifier) {
        if (challenge == null) {
            return true;
        }
        if (verifier == null) {
            return false;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).equals(challenge);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Grant refresh(String[] basic, String refreshToken) {
        if (!client(basic)) {
            return new Grant.Refused(400, "invalid_client");
        }
        String login = refreshTokenOf.entrySet().stream().filter(e -> e.getValue().equals(refreshToken))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (login == null || user(login).state() == UserState.DELETED) {
            return new Grant.Refused(400, "invalid_grant");
        }
        return issueAccess(login, refreshToken); // the refresh token is reused, not rotated
    }

    synchronized TokenCheck check(String accessToken) {
        AccessToken token = accessToken == null ? null : accessTokens.get(accessToken);
        if (token == null) {
            return new TokenCheck(null, null, "invalid_token");
        }
        if (token.revoked()) {
            return new TokenCheck(null, null, "invalid_token");
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            return new TokenCheck(null, null, "expired_token");
        }
        return new TokenCheck(user(token.login()), token.expiresAt(), null);
    }

    private Grant issueAccess(String login, String refresh) {
        String access = random(48);
        accessTokens.put(access, new AccessToken(login, clock.instant().plus(accessTokenLifetime), false));
        issuedSecrets.add(access);
        String idToken = "eyJhbGciOiJub25lIn0." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"" + user(login).id() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".";
        return new Grant.Issued(access, refresh, accessTokenLifetime.toSeconds(), idToken);
    }

    /** HTTP Basic of the plain {@code client_id:client_secret}, as Twinfield reads it (no URL-decoding). */
    boolean client(String[] basic) {
        return basic != null && clientId.equals(basic[0]) && clientSecret.equals(basic[1]);
    }

    /** The fault an expired access token gets: 354, sometimes 103. */
    synchronized String expiredTokenFault() {
        return expiredTokenFault;
    }

    synchronized void expiredTokenFault(String code) {
        this.expiredTokenFault = code;
    }

    Optional<Organisation> organisationOf(User user) {
        return Optional.ofNullable(organisations.get(user.organisation()));
    }

    private String random(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
