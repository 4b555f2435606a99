package nl.koppel.ops;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The people who operate Koppel, over JMX (RMI) and over HTTP (Jolokia, Prometheus, health details). They are
 * not office users: an office user can never reach the operations side, and an operator no office's data.
 *
 * @param users the operators; none configured means nobody can connect
 */
@ConfigurationProperties("koppel.operators")
public record OperatorProperties(List<Operator> users) {

    public OperatorProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * @param name         the user name
     * @param passwordHash bcrypt hash of the password (never a plain password in configuration)
     * @param role         monitor (read only) or control (may invoke operations)
     */
    public record Operator(String name, String passwordHash, OperatorRole role) {

        @Override
        public String toString() {
            return "Operator[" + name + ", " + role + ", hash hidden]";
        }
    }
}
