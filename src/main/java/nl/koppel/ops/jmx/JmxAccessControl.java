package nl.koppel.ops.jmx;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;
import nl.koppel.ops.OperatorIdentity;
import nl.koppel.ops.OperatorRole;

/**
 * Sits between the RMI connector and the MBeanServer and checks every remote call against the caller's role and
 * {@link JmxPolicy} (which MBean, which attribute or operation): a monitor may read, a control operator may also
 * invoke Koppel's operations and Camel's route start/stop. Nobody may create, register or unregister MBeans or
 * reach class loaders remotely (the classic way to load code over JMX).
 */
final class JmxAccessControl implements InvocationHandler {

    private static final Set<String> READ = Set.of("getAttribute", "getAttributes", "getMBeanInfo", "queryMBeans",
            "queryNames", "isRegistered", "getMBeanCount", "getDefaultDomain", "getDomains", "isInstanceOf",
            "getObjectInstance", "addNotificationListener", "removeNotificationListener");
    private static final Set<String> CONTROL = Set.of("invoke", "setAttribute", "setAttributes");
    // the connector itself asks for these to unmarshal arguments (before sign-in, too); clients cannot call them
    private static final Set<String> CONNECTOR_INTERNAL = Set.of("getClassLoaderRepository", "getClassLoaderFor",
            "getClassLoader");

    private MBeanServer server;

    static MBeanServerForwarder forwarder() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] {MBeanServerForwarder.class}, new JmxAccessControl());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "getMBeanServer":
                return server;
            case "setMBeanServer":
                server = (MBeanServer) args[0];
                return null;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "JmxAccessControl[" + server + "]";
            default:
                if (CONNECTOR_INTERNAL.contains(name)) {
                    return call(method, args);
                }
                break;
        }
        OperatorRole role = roleOfCaller();
        if (role == null) {
            throw new SecurityException("Access denied: not signed in");
        }
        if (CONTROL.contains(name)) {
            if (role != OperatorRole.CONTROL) {
                throw new SecurityException("Access denied: " + name + " needs the control role; "
                        + "this user has the monitor role (read only)");
            }
        } else if (!READ.contains(name)) {
            throw new SecurityException("Access denied: " + name + " is not allowed over remote JMX");
        }
        return call(method, checked(role, name, args));
    }

    /** The arguments to pass on, with unreadable attributes left out of a bulk read; throws when refused. */
    private static Object[] checked(OperatorRole role, String method, Object[] args) {
        switch (method) {
            case "invoke" -> {
                ObjectName target = (ObjectName) args[0];
                if (!JmxPolicy.mayInvoke(role, target, (String) args[1])) {
                    throw new SecurityException("Access denied: operation " + args[1] + " of " + target
                            + " is not one an operator may invoke");
                }
            }
            case "setAttribute", "setAttributes" -> {
                if (!JmxPolicy.mayWrite(role, (ObjectName) args[0])) {
                    throw new SecurityException("Access denied: attributes of " + args[0] + " are read only");
                }
            }
            case "getAttribute" -> {
                if (!JmxPolicy.mayRead(role, (ObjectName) args[0], (String) args[1])) {
                    throw new SecurityException("Access denied: attribute " + args[1] + " of " + args[0]
                            + " is not shown to operators");
                }
            }
            case "getAttributes" -> {
                ObjectName target = (ObjectName) args[0];
                String[] readable = args[1] == null ? null : Arrays.stream((String[]) args[1])
                        .filter(attribute -> JmxPolicy.mayRead(role, target, attribute)).toArray(String[]::new);
                return new Object[] {target, readable};
            }
            default -> {
                // the rest of READ names MBeans or listens, it reads no attribute value
            }
        }
        return args;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(server, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static OperatorRole roleOfCaller() {
        Subject subject = OperatorIdentity.jmxSubject();
        if (subject == null) {
            return null;
        }
        return subject.getPrincipals(OperatorPrincipal.class).stream().map(OperatorPrincipal::role)
                .reduce((a, b) -> a == OperatorRole.CONTROL ? a : b).orElse(null);
    }
}
