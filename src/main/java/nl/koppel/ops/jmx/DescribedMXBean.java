package nl.koppel.ops.jmx;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

/**
 * An MXBean (open types only, so jconsole, VisualVM and Jolokia need no Koppel classes) whose attributes,
 * operations and parameters carry the texts of their {@link Description} annotations instead of "p0".
 */
abstract class DescribedMXBean extends StandardMBean {

    private final Class<?> mxbeanInterface;
    private final String description;

    protected <T> DescribedMXBean(Class<T> mxbeanInterface, String description) {
        super(mxbeanInterface, true);
        this.mxbeanInterface = mxbeanInterface;
        this.description = description;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        return description;
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        return annotation("get" + info.getName(), -1).or(() -> annotation("is" + info.getName(), -1))
                .map(Description::value).orElse(info.getName());
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        return annotation(info.getName(), info.getSignature().length).map(Description::value).orElse(info.getName());
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return annotation(op.getName(), op.getSignature().length)
                .filter(d -> d.parameters().length > sequence).map(d -> d.parameters()[sequence])
                .orElse(param.getName());
    }

    private Optional<Description> annotation(String method, int parameterCount) {
        return Arrays.stream(mxbeanInterface.getMethods())
                .filter(m -> m.getName().equals(method) && (parameterCount < 0 || m.getParameterCount() == parameterCount))
                .map((Method m) -> m.getAnnotation(Description.class)).filter(d -> d != null).findFirst();
    }
}
