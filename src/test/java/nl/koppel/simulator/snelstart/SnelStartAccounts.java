package nl.koppel.simulator.snelstart;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Connection keys and access tokens. A key belongs to one administration; it is {@code base64(user:password)}, as
 * SnelStart's .NET client decodes it, so the token endpoint takes it as {@code grant_type=clientkey} or as
 * {@code grant_type=password} with the decoded pair. Tokens live {@link #TOKEN_LIFETIME} and carry no refresh token.
 * A revoked key is refused by the token endpoint and its outstanding tokens stop working (assumption A-S2).
 * Thread-safe (one lock).
 */
final class SnelStartAccounts {

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(3599);
    /** What a key may do unless a test takes a scope away. */
    static final Set<String> ALL_SCOPES = Set.of("relaties:read", "boekhouden:read", "settings:read");

    static final class ConnectionKey {
        final String key;
        final String user;
        final String password;
        final String administrationId;
        final Set<String> scopes = new HashSet<>(ALL_SCOPES);
        boolean revoked;

        ConnectionKey(String key, String user, String password, String administrationId) {
            this.key = key;
            this.user = user;
            this.password = password;
            this.administrationId = administrationId;
        }
    }

    record Token(String value, ConnectionKey key, Instant expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConnectionKey> keys = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();

    SnelStartAccounts(Clock clock) {
        this.clock = clock;
    }

    synchronized String createKey(String administrationId) {
        String user = "koppel-" + HexFormat.of().formatHex(bytes(6));
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
        String key = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        keys.put(key, new ConnectionKey(key, user, password, administrationId));
        return key;
    }

    /** The coupling is deleted in SnelStart ("Delete"): the key and its tokens stop working. */
    synchronized void revoke(String key) {
        find(key).revoked = true;
    }

    synchronized void revokeAll(String administrationId) {
        keys.values().stream().filter(k -> k.administrationId.equals(administrationId)).forEach(k -> k.revoked = true);
    }

    synchronized void scopes(String key, Set<String> scopes) {
        ConnectionKey found = find(key);
        found.scopes.clear();
        found.scopes.addAll(scopes);
    }

    synchronized void expireTokens(String administrationId) {
        tokens.replaceAll((value, token) -> token.key().administrationId.equals(administrationId)
                ? new Token(value, token.key(), clock.instant().minusSeconds(1)) : token);
    }

    /** grant_type=clientkey: the key as the user copied it (surrounding blanks are not part of it). */
    synchronized Optional<Token> byClientKey(String key) {
        ConnectionKey found = key == null ? null : keys.get(key);
        return issue(found);
    }

    /** grant_type=password: the key's decoded user and password. */
    synchronized Optional<Token> byPassword(String user, String password) {
        return issue(keys.values().stream().filter(k -> k.user.equals(user) && k.password.equals(password))
                .findFirst().orElse(null));
    }

    /** The token's key while the token is valid: not expired, its key not revoked. */
    synchronized Optional<ConnectionKey> keyOf(String token) {
        Token found = token == null ? null : tokens.get(token);
        if (found == null || found.key().revoked || !clock.instant().isBefore(found.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(found.key());
    }

    synchronized boolean allowed(ConnectionKey key, String scope) {
        return key.scopes.contains(scope);
    }

    synchronized List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        keys.values().forEach(k -> {
            secrets.add(k.key);
            secrets.add(k.password);
        });
        secrets.addAll(tokens.keySet());
        return secrets;
    }

    private Optional<Token> issue(ConnectionKey key) {
        if (key == null || key.revoked) {
            return Optional.empty();
        }
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        Token token = new Token(value, key, clock.instant().plus(TOKEN_LIFETIME));
        tokens.put(value, token);
        return Optional.of(token);
    }

    private ConnectionKey find(String key) {
        ConnectionKey found = keys.get(key);
        if (found == null) {
            throw new NoSuchElementException("no such SnelStart connection key");
        }
        return found;
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
