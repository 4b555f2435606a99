package nl.koppel.ops.jmx;

import java.security.Principal;
import nl.koppel.ops.OperatorRole;

/** The role of a remote JMX user, carried in the Subject of the connection. */
record OperatorPrincipal(OperatorRole role) implements Principal {

    @Override
    public String getName() {
        return role.name();
    }
}
