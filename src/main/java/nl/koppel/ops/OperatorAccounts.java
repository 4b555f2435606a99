package nl.koppel.ops;

import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Checks an operator's name and password against the configured bcrypt hashes; one place for JMX and HTTP. */
@Component
public class OperatorAccounts {

    private final OperatorProperties properties;
    private final PasswordEncoder bcrypt = new BCryptPasswordEncoder();
    // compared against when the name is unknown, so an unknown name costs as much time as a wrong password
    private final String noSuchOperator = bcrypt.encode(java.util.UUID.randomUUID().toString());

    public OperatorAccounts(OperatorProperties properties) {
        this.properties = properties;
    }

    /** The operator's role when name and password match, else empty. */
    public Optional<OperatorRole> authenticate(String name, String password) {
        if (name == null || password == null) {
            return Optional.empty();
        }
        Optional<OperatorProperties.Operator> operator = find(name);
        String hash = operator.map(OperatorProperties.Operator::passwordHash).orElse(noSuchOperator);
        boolean matches = hash != null && bcrypt.matches(password, hash);
        return operator.filter(o -> matches && o.role() != null).map(OperatorProperties.Operator::role);
    }

    /** The configured operator of that name (for HTTP Basic, which compares the hash itself). */
    public Optional<OperatorProperties.Operator> find(String name) {
        return properties.users().stream().filter(o -> o.name() != null && o.name().equals(name)).findFirst();
    }
}
