package org.liaison.launcher;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Copies log entries up to a level (by default warnings) from the OSGi LogService to stderr. Without it the errors
 * that only bundles see (FileInstall failing to start a jar of deploy/, a DS component failing to activate) would
 * sit in the log's memory, unseen by whoever runs {@code bin/liaison run}. The level is the framework property
 * {@code liaison.log.stderr}: {@code off}, {@code error}, {@code warn} (default), {@code info} or {@code debug}.
 * The log API lives in a bundle, out of the launcher's class loader, so the listener is a reflection proxy.
 */
final class LogToStderr {

    static final String LEVEL_PROPERTY = "liaison.log.stderr";
    private static final String READER = "org.osgi.service.log.LogReaderService";
    private static final String LISTENER = "org.osgi.service.log.LogListener";

    private LogToStderr() {
    }

    /**
     * Registers a listener on every LogReaderService registered from now on. Felix keeps the system bundle's
     * service listeners when the framework restarts, but not its context: {@code context} gives the current one.
     */
    static void attach(Supplier<BundleContext> context, PrintStream err) {
        int level = level(context.get().getProperty(LEVEL_PROPERTY));
        if (level == 0) {
            return;
        }
        try {
            context.get().addServiceListener(event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    listen(context.get(), event.getServiceReference(), level, err);
                }
            }, "(objectClass=" + READER + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int level(String name) {
        return switch (name == null ? "warn" : name.strip().toLowerCase(Locale.ROOT)) {
            case "off" -> 0;
            case "error" -> 1;
            case "info" -> 3;
            case "debug" -> 4;
            default -> 2;
        };
    }

    private static void listen(BundleContext context, ServiceReference<?> reference, int level, PrintStream err) {
        Object reader = context.getService(reference);
        if (reader == null) {
            return;
        }
        try {
            ClassLoader loader = reader.getClass().getClassLoader();
            Class<?> listenerType = loader.loadClass(LISTENER);
            Object listener = Proxy.newProxyInstance(loader, new Class<?>[] {listenerType},
                    new Printer(level, err));
            loader.loadClass(READER).getMethod("addLogListener", listenerType).invoke(reader, listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            err.println("liaison: log entries will not be shown on stderr: " + Platform.describe(e));
        }
    }

    /** The LogListener: {@code logged(LogEntry)} prints the entry when its level is high enough. */
    private static final class Printer implements InvocationHandler {

        private final int level;
        private final PrintStream err;

        Printer(int level, PrintStream err) {
            this.level = level;
            this.err = err;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "logged":
                    print(args[0]);
                    return null;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "liaison stderr log listener";
                default:
                    return null;
            }
        }

        // getLevel() (the int level) is deprecated since Log 1.4 but present in every version
        private void print(Object entry) throws ReflectiveOperationException {
            Class<?> type = entry.getClass().getClassLoader().loadClass("org.osgi.service.log.LogEntry");
            int entryLevel = (Integer) type.getMethod("getLevel").invoke(entry);
            if (entryLevel > level) {
                return;
            }
            Bundle bundle = (Bundle) type.getMethod("getBundle").invoke(entry);
            Object message = type.getMethod("getMessage").invoke(entry);
            Throwable exception = (Throwable) type.getMethod("getException").invoke(entry);
            StringBuilder line = new StringBuilder("liaison: ").append(levelName(entryLevel)).append(' ');
            if (bundle != null) {
                line.append(bundle.getSymbolicName()).append(": ");
            }
            line.append(message);
            if (exception != null) {
                line.append(": ");
                // Felix's log hands out a copy whose message starts with the original exception's class name
                if (!exception.getClass().getName().equals("org.apache.felix.log.LogException")) {
                    line.append(exception.getClass().getName()).append(": ");
                }
                line.append(Platform.describe(exception));
            }
            err.println(line);
        }

        private static String levelName(int level) {
            return switch (level) {
                case 1 -> "ERROR";
                case 2 -> "WARN";
                case 3 -> "INFO";
                default -> "DEBUG";
            };
        }
    }
}
