package org.liaison.core.internal.swap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.core.internal.conformance.ConformanceRunner;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.log.Logger;

/**
 * A framework that behaves, for what {@link PluginSwapper} uses of it, as Felix does: {@code update} stops an active
 * bundle, takes the new jar, fires {@code UPDATED} synchronously and starts it again, throwing when the start fails
 * (the new revision stays in, inactive); {@code installBundle} at a location already installed returns that bundle.
 * What a test jar does is said by its manifest: {@code Fake-Format: partner/format} (registered while active),
 * {@code Fake-Start: throws} (an activator that throws), {@code Fake-Resolve: fails}, {@code Fake-Samples: fail},
 * {@code Fake-Next-Update: refused} (the framework refuses to update the bundle away from this version).
 * It stands in for the plugin registry ({@link PluginGate}), the conformance runner, the audit trail and the log too.
 */
final class FakeFramework {

    static final String UNODC = "org.liaison.plugin.unodc";

    final List<FakeBundle> bundles = new CopyOnWriteArrayList<>();
    final List<BundleListener> listeners = new CopyOnWriteArrayList<>();
    final List<Map.Entry<String, Map<String, Object>>> audit = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final Map<Long, Integer> holds = new HashMap<>();
    final Path home;
    volatile boolean refuseUpdates;
    private long nextId = 10;

    FakeFramework(Path home) {
        this.home = home;
    }

    /** A plugin jar: its manifest says what the bundle does in this framework. */
    static byte[] jar(String version, String... fakeHeaders) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, UNODC);
        main.putValue(Constants.BUNDLE_VERSION, version);
        main.putValue(Constants.IMPORT_PACKAGE, "org.liaison.api.format;version=\"[1.0,2)\"");
        main.putValue("Fake-Format", "unodc/seizures-csv");
        for (int i = 0; i < fakeHeaders.length; i += 2) {
            main.putValue(fakeHeaders[i], fakeHeaders[i + 1]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("org/liaison/plugin/unodc/SeizuresCsvFormat.class"));
            out.write(new byte[4096]); // enough that a jar cut in two is cut inside an entry
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    PluginSwapper swapper() {
        return new PluginSwapper(context(), gate(), this::samples, (event, fields) -> audit.add(
                Map.entry(event, fields)), logger());
    }

    FakeBundle install(String location, byte[] jar) throws BundleException {
        for (FakeBundle bundle : bundles) {
            if (bundle.location.equals(location)) {
                return bundle; // as the OSGi spec says, and as FileInstall then believes it installed a new jar
            }
        }
        FakeBundle bundle = new FakeBundle(nextId++, location);
        bundle.take(jar);
        bundles.add(bundle);
        fire(bundle, BundleEvent.INSTALLED);
        return bundle;
    }

    FakeBundle bundle(String location) {
        return bundles.stream().filter(bundle -> bundle.location.equals(location)).findFirst().orElse(null);
    }

    List<String> events(String event) {
        return audit.stream().filter(entry -> entry.getKey().equals(event)).map(entry -> entry.getValue().toString())
                .toList();
    }

    Map<String, Object> last(String event) {
        List<Map<String, Object>> found = audit.stream().filter(entry -> entry.getKey().equals(event))
                .map(Map.Entry::getValue).toList();
        if (found.isEmpty()) {
            throw new AssertionError("no " + event + " in the audit: " + audit);
        }
        return found.get(found.size() - 1);
    }

    /** The plugin services the engine would find now: those of active bundles, held ones left out. */
    synchronized List<String> served() {
        return descriptions(false).stream().map(description -> description.kind().toString().toLowerCase() + " "
                + description.partner() + "/" + description.id() + " of " + description.bundleSymbolicName() + " "
                + description.bundleVersion()).toList();
    }

    private synchronized List<PluginDescription> descriptions(boolean includingHeld) {
        List<PluginDescription> found = new ArrayList<>();
        for (FakeBundle bundle : bundles) {
            String format = bundle.headers.get("Fake-Format");
            if (bundle.state == Bundle.ACTIVE && format != null
                    && (includingHeld || holds.getOrDefault(bundle.id, 0) == 0)) {
                String[] parts = format.split("/");
                found.add(new PluginDescription(PluginKind.FORMAT, parts[0], parts[1], bundle.symbolicName(),
                        bundle.version.toString(), bundle.id * 1000 + bundle.revision));
            }
        }
        return found;
    }

    private PluginGate gate() {
        return new PluginGate() {
            @Override
            public void hold(long bundleId) {
                synchronized (FakeFramework.this) {
                    holds.merge(bundleId, 1, Integer::sum);
                }
            }

            @Override
            public void release(long bundleId) {
                synchronized (FakeFramework.this) {
                    if (holds.merge(bundleId, -1, Integer::sum) < 0) {
                        throw new AssertionError("bundle " + bundleId + " released more often than held");
                    }
                }
            }

            @Override
            public List<PartnerPlugins> partnersIncludingHeld() {
                List<PluginDescription> all = descriptions(true);
                return all.isEmpty() ? List.of() : List.of(new PartnerPlugins("unodc", all, List.of(), List.of()));
            }
        };
    }

    private List<ConformanceRunner.Result> samples(String partner, String format, PartnerFormat service,
            Bundle bundle) {
        boolean fail = "fail".equals(bundle.getHeaders("").get("Fake-Samples"));
        return List.of(new ConformanceRunner.Result(partner, format, "unodc-published.csv", !fail,
                fail ? "record 0: countryCode is FRA, expected DZA" : "3 records as expected"));
    }

    private void fire(FakeBundle bundle, int type) {
        for (BundleListener listener : listeners) {
            listener.bundleChanged(new BundleEvent(type, bundle.proxy));
        }
    }

    private BundleContext context() {
        Bundle core = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundleId" -> 1L;
                    case "getSymbolicName" -> "org.liaison.core";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "liaison.home".equals(args[0]) ? home.toString() : null;
                    case "addBundleListener" -> listeners.add((BundleListener) args[0]);
                    case "removeBundleListener" -> listeners.remove(args[0]);
                    case "getBundles" -> bundles.stream().map(bundle -> bundle.proxy).toArray(Bundle[]::new);
                    case "getBundle" -> args == null ? core : args[0] instanceof String location
                            ? bundles.stream().filter(bundle -> bundle.location.equals(location))
                                    .map(bundle -> (Object) bundle.proxy).findFirst().orElse(null)
                            : bundles.stream().filter(bundle -> bundle.id == (Long) args[0])
                                    .map(bundle -> (Object) bundle.proxy).findFirst().orElse(null);
                    case "installBundle" -> install((String) args[0], ((InputStream) args[1]).readAllBytes()).proxy;
                    case "getServiceReferences" -> List.of(Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] { ServiceReference.class }, (p, m, a) -> null));
                    case "getService" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] { PartnerFormat.class }, (p, m, a) -> null);
                    case "ungetService" -> true;
                    case "hashCode" -> 2;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("BundleContext." + method.getName());
                });
    }

    private Logger logger() {
        return (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof String message) {
                        log.add(method.getName().toUpperCase() + " " + message);
                        return null;
                    }
                    return method.getReturnType() == boolean.class ? true : method.getName().equals("getName")
                            ? "swap" : null;
                });
    }

    /** One bundle; its state changes as Felix's would. */
    final class FakeBundle {

        final long id;
        final String location;
        final Bundle proxy;
        volatile int state = Bundle.INSTALLED;
        volatile Version version;
        volatile Map<String, String> headers = Map.of();
        volatile int revision;

        FakeBundle(long id, String location) {
            this.id = id;
            this.location = location;
            this.proxy = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Bundle.class },
                    (p, method, args) -> switch (method.getName()) {
                        case "getBundleId" -> id;
                        case "getLocation" -> location;
                        case "getSymbolicName" -> symbolicName();
                        case "getVersion" -> version;
                        case "getState" -> state;
                        case "getHeaders" -> new Hashtable<>(headers);
                        case "update" -> {
                            update(((InputStream) args[0]).readAllBytes());
                            yield null;
                        }
                        case "start" -> {
                            start();
                            yield null;
                        }
                        case "uninstall" -> {
                            uninstall();
                            yield null;
                        }
                        case "getEntryPaths", "getRegisteredServices", "adapt" -> null;
                        case "hashCode" -> Long.hashCode(id);
                        case "equals" -> p == args[0];
                        case "toString" -> symbolicName() + " [" + id + "]";
                        default -> throw new UnsupportedOperationException("Bundle." + method.getName());
                    });
        }

        String symbolicName() {
            return headers.get(Constants.BUNDLE_SYMBOLICNAME);
        }

        void take(byte[] jar) throws BundleException {
            Map<String, String> read = new HashMap<>();
            try (JarInputStream in = new JarInputStream(new java.io.ByteArrayInputStream(jar))) {
                Manifest manifest = in.getManifest();
                if (manifest == null) {
                    throw new BundleException("no manifest");
                }
                manifest.getMainAttributes().forEach((key, value) -> read.put(key.toString(), value.toString()));
            } catch (IOException e) {
                throw new BundleException("not a jar: " + e.getMessage(), e);
            }
            headers = Collections.unmodifiableMap(read);
            version = Version.parseVersion(read.get(Constants.BUNDLE_VERSION));
            revision++;
        }

        void update(byte[] jar) throws BundleException {
            if (refuseUpdates || "refused".equals(headers.get("Fake-Next-Update"))) {
                throw new BundleException("the framework refuses to update " + symbolicName() + " " + version);
            }
            boolean wasActive = state == Bundle.ACTIVE;
            state = Bundle.INSTALLED;
            take(jar);
            fire(this, BundleEvent.UPDATED);
            if (wasActive) {
                start();
            }
        }

        void start() throws BundleException {
            if ("fails".equals(headers.get("Fake-Resolve"))) {
                throw new BundleException("Unable to resolve " + symbolicName() + " [" + id + "](R " + id + "."
                        + revision + "): missing requirement osgi.wiring.package=org.example.gone",
                        BundleException.RESOLVE_ERROR);
            }
            state = Bundle.RESOLVED;
            if ("throws".equals(headers.get("Fake-Start"))) {
                throw new BundleException("Activator start error in bundle " + symbolicName() + " [" + id + "].",
                        BundleException.ACTIVATOR_ERROR, new IllegalStateException("the activator of " + version));
            }
            state = Bundle.ACTIVE;
            fire(this, BundleEvent.STARTED);
        }

        void uninstall() {
            state = Bundle.UNINSTALLED;
            bundles.remove(this);
            fire(this, BundleEvent.UNINSTALLED);
        }
    }
}
