package nl.koppel.ops;

import java.security.AccessController;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who invoked an operation, for the audit trail: the remote JMX user, the Jolokia user, or a local JMX client. */
public final class OperatorIdentity {

    private OperatorIdentity() {
    }

    /** The Subject of the current remote JMX call (the RMI connector runs each call as its Subject), or null. */
    @SuppressWarnings("removal") // Subject.current() replaces this from Java 18 on; Koppel runs on 17
    public static Subject jmxSubject() {
        return Subject.getSubject(AccessController.getContext());
    }

    public static String current() {
        Subject subject = jmxSubject();
        if (subject != null) {
            return subject.getPrincipals(JMXPrincipal.class).stream().findFirst()
                    .map(p -> "operator " + p.getName() + " (JMX)").orElse("operator (JMX)");
        }
        Authentication http = SecurityContextHolder.getContext().getAuthentication();
        if (http != null && http.isAuthenticated()) {
            return "operator " + http.getName() + " (Jolokia)";
        }
        return "operator (local JMX)";
    }
}
