package nl.koppel.office;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's service account that provisions offices and users.
 *
 * @param username     its user name; blank means no account is created
 * @param passwordHash its password as a bcrypt hash (never a plain password in configuration)
 */
@ConfigurationProperties("koppel.platform")
public record PlatformAccountProperties(String username, String passwordHash) {
}
