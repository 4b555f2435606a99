package nl.koppel.ops.jmx;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.remote.MBeanServerForwarder;
import javax.security.auth.Subject;
import nl.koppel.ops.OperatorIdentity;
import nl.koppel.ops.OperatorRole;

/**
 * Sits between the RMI connector and the MBeanServer and checks every remote call against the caller's role:
 * a monitor may read, a control operator may also invoke operations and set attributes. Nobody may create,
 * register or unregister MBeans or reach class loaders remotely (the classic way to load code over JMX).
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
        return call(method, args);
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
