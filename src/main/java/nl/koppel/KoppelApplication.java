package nl.koppel;

import java.nio.file.Path;
import java.util.Arrays;
import nl.koppel.routes.RouteValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class KoppelApplication {

    /** {@code java -jar koppel.jar --validate-routes [directory]} checks route files and exits; Spring never starts. */
    static final String VALIDATE_ROUTES = "--validate-routes";

    public static void main(String[] args) {
        int validate = Arrays.asList(args).indexOf(VALIDATE_ROUTES);
        if (validate >= 0) {
            String directory = args.length > validate + 1 && !args[validate + 1].startsWith("--")
                    ? args[validate + 1] : "routes";
            if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
                root.setLevel(ch.qos.logback.classic.Level.WARN); // the report is the output, not Camel's INFO lines
            }
            System.exit(RouteValidator.run(Path.of(directory), System.out));
        }
        SpringApplication.run(KoppelApplication.class, args);
    }
}
