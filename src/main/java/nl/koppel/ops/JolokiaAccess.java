package nl.koppel.ops;

import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import nl.koppel.ops.jmx.JmxPolicy;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Jolokia's access rules (it picks up this bean as its restrictor): the signed-in operator's role and
 * {@link JmxPolicy} decide, as on the RMI connector. Monitors read, list and search; only control operators execute
 * the operations the policy allows. Proxying to other JMX servers, notifications and cross-origin (CORS) access are off.
 */
@Component
public class JolokiaAccess implements Restrictor {

    private static final Set<RequestType> READ = Set.of(RequestType.READ, RequestType.LIST, RequestType.SEARCH,
            RequestType.VERSION);
    private static final Set<RequestType> CONTROL = Set.of(RequestType.EXEC, RequestType.WRITE);

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return READ.contains(type) && signedIn() || CONTROL.contains(type) && control();
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return JmxPolicy.mayRead(role(), name, attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return JmxPolicy.mayWrite(role(), name);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return JmxPolicy.mayInvoke(role(), name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return true; // who may call is decided by the operator sign-in, not by the address
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        // no CORS headers for any other origin; Hawtio connects through its own server-side proxy
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private static boolean signedIn() {
        return role() != null;
    }

    private static boolean control() {
        return role() == OperatorRole.CONTROL;
    }

    /** The signed-in operator's role (control wins when both are granted), or null. */
    private static OperatorRole role() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            return null;
        }
        Set<String> granted = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return granted.contains(OperatorRole.CONTROL.authority()) ? OperatorRole.CONTROL
                : granted.contains(OperatorRole.MONITOR.authority()) ? OperatorRole.MONITOR : null;
    }
}
