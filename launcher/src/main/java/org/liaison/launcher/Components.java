package org.liaison.launcher;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The state of the Declarative Services components, read from the framework's {@code ServiceComponentRuntime}.
 * That API lives in a bundle, out of the launcher's class loader, so it is called through reflection on the
 * interface and on the public fields of its DTOs; the state numbers are those of DS 1.4+
 * ({@code ComponentConfigurationDTO}).
 */
final class Components {

    private static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final int UNSATISFIED_CONFIGURATION = 1;
    private static final int UNSATISFIED_REFERENCE = 2;
    private static final int FAILED_ACTIVATION = 16;

    /** A component configuration that is not (yet) working. */
    record Issue(String component, String bundle, Kind kind, String detail) {

        enum Kind { UNSATISFIED_REFERENCE, FAILED_ACTIVATION, WAITING_FOR_CONFIGURATION }

        /** Configuration may legitimately be absent (a factory with no instance yet), so that is no problem. */
        boolean isProblem() {
            return kind != Kind.WAITING_FOR_CONFIGURATION;
        }

        @Override
        public String toString() {
            return "component " + component + " (" + bundle + ") " + detail;
        }
    }

    private Components() {
    }

    /**
     * The issues of every enabled component, or empty when no DS runtime is registered. Throws
     * {@link ReflectiveOperationException} when the runtime does not look like DS 1.4+.
     */
    static Optional<List<Issue>> issues(BundleContext context) throws ReflectiveOperationException {
        ServiceReference<?> reference = context.getServiceReference(RUNTIME);
        if (reference == null) {
            return Optional.empty();
        }
        Object runtime = context.getService(reference);
        if (runtime == null) {
            return Optional.empty();
        }
        try {
            Class<?> api = runtime.getClass().getClassLoader().loadClass(RUNTIME);
            Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
            Class<?> descriptionType = api.getClassLoader()
                    .loadClass("org.osgi.service.component.runtime.dto.ComponentDescriptionDTO");
            Method configurations = api.getMethod("getComponentConfigurationDTOs", descriptionType);
            List<Issue> issues = new ArrayList<>();
            for (Object description : (Collection<?>) descriptions.invoke(runtime, (Object) new Bundle[0])) {
                String name = (String) field(description, "name");
                Object bundle = field(description, "bundle");
                String bundleName = field(bundle, "symbolicName") + " [" + field(bundle, "id") + "]";
                for (Object configuration : (Collection<?>) configurations.invoke(runtime, description)) {
                    issue(name, bundleName, configuration, description).ifPresent(issues::add);
                }
            }
            return Optional.of(issues);
        } finally {
            context.ungetService(reference);
        }
    }

    private static Optional<Issue> issue(String name, String bundle, Object configuration, Object description)
            throws ReflectiveOperationException {
        int state = (Integer) field(configuration, "state");
        switch (state) {
            case UNSATISFIED_REFERENCE:
                List<String> missing = new ArrayList<>();
                Object unsatisfied = field(configuration, "unsatisfiedReferences");
                for (int i = 0; unsatisfied != null && i < Array.getLength(unsatisfied); i++) {
                    missing.add(describeReference(Array.get(unsatisfied, i), description));
                }
                return Optional.of(new Issue(name, bundle, Issue.Kind.UNSATISFIED_REFERENCE,
                        "is unsatisfied: no service for " + String.join(", ", missing)));
            case FAILED_ACTIVATION:
                Object failure = optionalField(configuration, "failure"); // DS 1.5
                String reason = failure == null ? "" : ": " + failure.toString().lines().findFirst().orElse("");
                return Optional.of(new Issue(name, bundle, Issue.Kind.FAILED_ACTIVATION,
                        "failed to activate" + reason));
            case UNSATISFIED_CONFIGURATION:
                return Optional.of(new Issue(name, bundle, Issue.Kind.WAITING_FOR_CONFIGURATION,
                        "waits for a configuration (configuration-policy " + field(description,
                                "configurationPolicy") + ")"));
            default:
                return Optional.empty();
        }
    }

    /** "reference name (interface, target filter)"; the interface comes from the description. */
    private static String describeReference(Object unsatisfied, Object description)
            throws ReflectiveOperationException {
        String name = (String) field(unsatisfied, "name");
        String target = (String) field(unsatisfied, "target");
        String service = null;
        Object references = field(description, "references");
        for (int i = 0; references != null && i < Array.getLength(references); i++) {
            Object reference = Array.get(references, i);
            if (name.equals(field(reference, "name"))) {
                service = (String) field(reference, "interfaceName");
            }
        }
        StringBuilder text = new StringBuilder("reference ").append(name).append(" (");
        text.append(service == null ? "?" : service);
        if (target != null && !target.isEmpty()) {
            text.append(", target ").append(target);
        }
        return text.append(')').toString();
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        return dto.getClass().getField(name).get(dto);
    }

    private static Object optionalField(Object dto, String name) throws ReflectiveOperationException {
        try {
            return field(dto, name);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
