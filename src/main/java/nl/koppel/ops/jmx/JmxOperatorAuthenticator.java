package nl.koppel.ops.jmx;

import java.util.Set;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import nl.koppel.ops.OperatorAccounts;
import nl.koppel.ops.OperatorRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Lets a remote JMX client in with an operator's name and password; the Subject carries the operator's role. */
@Component
public class JmxOperatorAuthenticator implements JMXAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(JmxOperatorAuthenticator.class);

    private final OperatorAccounts accounts;

    public JmxOperatorAuthenticator(OperatorAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] pair) || pair.length != 2) {
            throw new SecurityException("Sign in with a user name and a password");
        }
        OperatorRole role = accounts.authenticate(pair[0], pair[1]).orElseThrow(() -> {
            log.warn("Remote JMX sign-in refused for user '{}'", pair[0]);
            return new SecurityException("Wrong user name or password");
        });
        log.info("Remote JMX sign-in of {} ({})", pair[0], role);
        return new Subject(true, Set.of(new JMXPrincipal(pair[0]), new OperatorPrincipal(role)), Set.of(), Set.of());
    }
}
