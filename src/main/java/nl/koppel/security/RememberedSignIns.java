package nl.koppel.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Accepts a user name and password that passed the real check (bcrypt) a moment ago without checking them again,
 * for {@code koppel.sign-in.remember-success-for}: a client sending many requests pays bcrypt once per period.
 * The key is an HMAC of name and password under a random key made at start (never stored, never the same twice),
 * so the memory holds no password and no hash that could be attacked offline. A changed password or a disabled
 * user takes effect when the period ends.
 */
public final class RememberedSignIns implements AuthenticationProvider {

    private static final int MAX_ENTRIES = 10_000;

    private record Remembered(Authentication result, Instant until) {
    }

    private final AuthenticationProvider check;
    private final Duration period;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    public RememberedSignIns(AuthenticationProvider check, Duration period, Clock clock) {
        this.check = check;
        this.period = period;
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Object password = authentication.getCredentials();
        if (period.isZero() || password == null) {
            return check.authenticate(authentication);
        }
        String id = fingerprint(authentication.getName(), password.toString());
        Instant now = clock.instant();
        Remembered hit = remembered.get(id);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.result();
        }
        Authentication result = check.authenticate(authentication);
        if (result != null && result.isAuthenticated()) {
            if (remembered.size() >= MAX_ENTRIES) {
                remembered.values().removeIf(r -> !r.until().isAfter(now));
            }
            if (remembered.size() < MAX_ENTRIES) {
                remembered.put(id, new Remembered(result, now.plus(period)));
            }
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String fingerprint(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(name.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
