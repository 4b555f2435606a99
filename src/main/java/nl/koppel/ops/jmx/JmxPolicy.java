package nl.koppel.ops.jmx;

import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import nl.koppel.ops.OperatorRole;

/**
 * What an operator may do with which MBean, for the RMI connector and Jolokia alike. Deny by default: a control
 * operator invokes Koppel's own operations ({@code nl.koppel}) and starts, stops, suspends and resumes Camel
 * routes, nothing else (no {@code requestBody} on the Camel context, no class loading, heap dumps, log levels,
 * file writes). Everyone signed in reads attributes, except the ones where a secret given on the command line
 * shows (system properties, JVM arguments) and Spring's environment.
 */
public final class JmxPolicy {

    private static final String CAMEL = "org.apache.camel";
    private static final Set<String> ROUTE_OPERATIONS = Set.of("start", "stop", "suspend", "resume",
            "dumpRouteStatsAsXml", "dumpStatsAsXml");
    /** type → attributes nobody reads remotely (a {@code -Dkoppel.secret=...} would show there). */
    private static final Map<String, Set<String>> HIDDEN_JAVA_LANG = Map.of("Runtime",
            Set.of("SystemProperties", "InputArguments", "ClassPath", "BootClassPath", "LibraryPath"));
    /** Spring Boot's endpoints over JMX (env, configprops) would show every property, secrets included. */
    private static final Set<String> HIDDEN_DOMAINS = Set.of("org.springframework.boot");

    private JmxPolicy() {
    }

    public static boolean mayRead(OperatorRole role, ObjectName name, String attribute) {
        if (role == null || name == null) {
            return false;
        }
        if (HIDDEN_DOMAINS.contains(name.getDomain())) {
            return false;
        }
        if (attribute == null) {
            return true; // "all attributes": Jolokia asks again for each one it reads
        }
        if (name.isPattern()) {
            // a pattern could match java.lang:type=Runtime: its hidden attribute names are hidden everywhere
            return HIDDEN_JAVA_LANG.values().stream().noneMatch(hidden -> hidden.contains(attribute));
        }
        return !("java.lang".equals(name.getDomain())
                && HIDDEN_JAVA_LANG.getOrDefault(name.getKeyProperty("type"), Set.of()).contains(attribute));
    }

    public static boolean mayWrite(OperatorRole role, ObjectName name) {
        return role == OperatorRole.CONTROL && name != null && !name.isPattern()
                && KoppelMBeans.DOMAIN.equals(name.getDomain());
    }

    /** {@code operation} may carry Jolokia's signature, {@code requestBody(java.lang.String,java.lang.Object)}. */
    public static boolean mayInvoke(OperatorRole role, ObjectName name, String operation) {
        if (role != OperatorRole.CONTROL || name == null || name.isPattern() || operation == null) {
            return false;
        }
        int signature = operation.indexOf('(');
        String bare = signature < 0 ? operation : operation.substring(0, signature);
        if (KoppelMBeans.DOMAIN.equals(name.getDomain())) {
            return true;
        }
        return CAMEL.equals(name.getDomain()) && "routes".equals(name.getKeyProperty("type"))
                && ROUTE_OPERATIONS.contains(bare);
    }
}
