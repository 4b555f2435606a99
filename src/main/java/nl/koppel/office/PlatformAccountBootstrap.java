package nl.koppel.office;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Makes sure the configured platform account exists with the configured password hash. */
@Component
@Order(0)
public class PlatformAccountBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PlatformAccountBootstrap.class);

    private final PlatformAccountProperties properties;
    private final OfficeUserRepository users;

    public PlatformAccountBootstrap(PlatformAccountProperties properties, OfficeUserRepository users) {
        this.properties = properties;
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.username() == null || properties.username().isBlank()) {
            log.warn("No platform account configured (koppel.platform.username): offices cannot be provisioned");
            return;
        }
        if (properties.passwordHash() == null || !properties.passwordHash().startsWith("$2")) {
            throw new IllegalStateException("koppel.platform.password-hash must be a bcrypt hash");
        }
        users.findByUsername(properties.username()).ifPresentOrElse(
                existing -> users.updatePasswordHash(existing.id(), properties.passwordHash()),
                () -> users.insert(new OfficeUser(UUID.randomUUID(), null, properties.username(), "Platform",
                        null, Role.PLATFORM, Language.EN), properties.passwordHash()));
        log.info("Platform account '{}' is ready", properties.username());
    }
}
