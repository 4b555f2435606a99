package nl.koppel.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits on HTTP Basic sign-in and on requests (see {@code config/application.yaml}, {@code koppel.sign-in}).
 *
 * @param maxFailuresPerUser    failed sign-ins of one user name within the window before it is refused for a while
 * @param maxFailuresPerAddress failed sign-ins from one client address within the window before it is refused
 * @param failureWindow         how long a failed sign-in counts
 * @param blockFor              how long a user name or address is refused (429, Retry-After) once over its limit
 * @param rememberSuccessFor    how long a checked user name and password are accepted without bcrypt again
 * @param maxRequestBody        the largest request body accepted (larger: 413)
 */
@ConfigurationProperties("koppel.sign-in")
public record SignInProperties(int maxFailuresPerUser, int maxFailuresPerAddress, Duration failureWindow,
                               Duration blockFor, Duration rememberSuccessFor, DataSize maxRequestBody) {
    public SignInProperties {
        maxFailuresPerUser = maxFailuresPerUser <= 0 ? 5 : maxFailuresPerUser;
        maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 50 : maxFailuresPerAddress;
        failureWindow = failureWindow == null ? Duration.ofMinutes(15) : failureWindow;
        blockFor = blockFor == null ? Duration.ofMinutes(5) : blockFor;
        rememberSuccessFor = rememberSuccessFor == null ? Duration.ofSeconds(30) : rememberSuccessFor;
        maxRequestBody = maxRequestBody == null ? DataSize.ofMegabytes(1) : maxRequestBody;
    }
}
