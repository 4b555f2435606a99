package nl.koppel.support;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a small Spring Boot application beside the cached test context without taking over the JVM's logging.
 * Every SpringApplication re-initialises the one logging system of the JVM (and cleans it up when closed): after a
 * side application the test profile's JSON log file got no more lines, and a test that reads it
 * ({@code OperationsRunTest}) failed whenever it ran after one.
 */
public final class SideApplication {

    private SideApplication() {
    }

    /** {@code configuration} without a web server or banner, with {@code args} as its command line. */
    public static ConfigurableApplicationContext run(Class<?> configuration, String... args) {
        String before = System.getProperty(LoggingSystem.SYSTEM_PROPERTY);
        // read once, when the application starts: it keeps this no-op logging system until it is closed
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try {
            return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF).run(args);
        } finally {
            if (before == null) {
                System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
            } else {
                System.setProperty(LoggingSystem.SYSTEM_PROPERTY, before);
            }
        }
    }
}
