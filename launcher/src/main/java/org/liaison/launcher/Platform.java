package org.liaison.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.liaison.launcher.ConfigProperties.ConfigException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Requirement;

/**
 * One Felix framework of a {@link LiaisonHome}. Bundles are installed by reference ({@code reference:file:...}):
 * Felix reads each jar where it lies instead of copying it into its cache, which saves a copy of every jar at every
 * start (the cache is emptied at every start, so its absolute locations never outlive a move of the home). Every
 * bundle that cannot be installed, resolved or started becomes a {@link Problem} instead of stopping the launch.
 */
final class Platform {

    /** How the launcher runs the framework; bundles read it from the framework property {@code liaison.mode}. */
    enum Mode {
        RUN, CONSOLE, CHECK;

        String propertyValue() {
            return name().toLowerCase();
        }
    }

    static final String MODE_PROPERTY = "liaison.mode";
    static final String FILEINSTALL = "org.apache.felix.fileinstall";
    static final String SHELL = "org.apache.felix.gogo.shell";
    static final String SCR = "org.apache.felix.scr";
    static final String CORE = "org.liaison.core";
    /** Registered by the core once agreements are loaded and the journal is open (see ExchangeEngine). */
    static final String READY_CONDITION = "liaison.ready";
    /** Registered by the core instead when it cannot take input; its property liaison.reason says why. */
    static final String FAILED_CONDITION = "liaison.failed";
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    static final String CONFIG_DISPLAY_NAME = "conf/config.properties";
    private static final long STOP_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(10);

    /** A bundle the launcher installed, with the file it came from relative to the home. */
    record InstalledBundle(Bundle bundle, String file) {

        String describe() {
            return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + file + ")";
        }

        boolean is(String symbolicName) {
            return symbolicName.equals(bundle.getSymbolicName());
        }

        boolean isFragment() {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        }
    }

    /** Something that keeps a bundle or a component from working: what it is, and why. */
    record Problem(String subject, String reason) {

        @Override
        public String toString() {
            return subject + ": " + reason;
        }
    }

    private final LiaisonHome home;
    private final PrintStream err;
    private final Framework framework;
    private final List<InstalledBundle> installed = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final StartupTrace trace = StartupTrace.fromSystemProperty();

    Platform(LiaisonHome home, Map<String, String> properties, PrintStream err) {
        this.home = home;
        this.err = err;
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Platform.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path: "
                        + "lib/org.apache.felix.framework.jar is missing"));
        this.framework = factory.newFramework(properties);
    }

    /**
     * The framework properties for {@code mode}: {@code conf/config.properties} with {@code ${liaison.home}}
     * substituted, then the values the launcher owns (they win over the file).
     */
    static Map<String, String> frameworkProperties(LiaisonHome home, Mode mode, Path storage)
            throws IOException, ConfigException {
        Path configFile = home.configFile();
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigException(CONFIG_DISPLAY_NAME + " not found in " + home.root());
        }
        String root = home.root().toString();
        Map<String, String> properties = new HashMap<>(ConfigProperties.load(configFile, CONFIG_DISPLAY_NAME,
                Map.of(LiaisonHome.PROPERTY, root)));
        properties.put(LiaisonHome.PROPERTY, root);
        properties.put(MODE_PROPERTY, mode.propertyValue());
        // FileInstall would resolve a relative folder against the working directory
        properties.put(FILEINSTALL_DIR, String.join(",", fileInstallDirs(home, properties).stream()
                .map(Path::toString).toList()));
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        // Bundles are installed again at every start; a kept cache would shadow a replaced jar of bundle/.
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Set per launch: a gosh.args in config.properties would beat -Dgosh.args. Interactive login shells
        // stop the framework at end of input, which is what Ctrl-D in the console should do.
        properties.put("gosh.args", mode == Mode.CONSOLE ? "" : "--nointeractive");
        // The shell looks for etc/gosh_profile under gosh.home, else under the working directory.
        properties.putIfAbsent("gosh.home", root);
        return properties;
    }

    /**
     * The folders of {@code felix.fileinstall.dir} (comma-separated, as FileInstall reads it), each resolved
     * against the home; {@code deploy/} when the property is not set.
     */
    static List<Path> fileInstallDirs(LiaisonHome home, Map<String, String> properties) {
        String dirs = properties.get(FILEINSTALL_DIR);
        if (dirs == null || dirs.isBlank()) {
            return List.of(home.deployDir());
        }
        return Arrays.stream(dirs.split(",")).map(String::strip).filter(dir -> !dir.isEmpty())
                .map(dir -> home.root().resolve(dir).normalize()).toList();
    }

    /** Initialises the framework; from here on, {@link #stop()} must be called or the JVM will not exit. */
    void init() throws BundleException {
        framework.init();
    }

    /**
     * Installs every {@code *.jar} of {@code dir}, in name order. The jars are read in place while Liaison runs:
     * replace them only while it is stopped (deploy/, which FileInstall copies, is the folder for hot swaps).
     */
    void install(Path dir) throws IOException {
        BundleContext context = framework.getBundleContext();
        for (Path jar : LiaisonHome.jars(dir)) {
            String file = home.display(jar);
            try {
                installed.add(new InstalledBundle(context.installBundle("reference:" + jar.toUri()), file));
            } catch (BundleException e) {
                problems.add(new Problem(file, "cannot be installed: " + describe(e)));
            }
        }
    }

    void startFramework() throws BundleException {
        framework.start();
    }

    /**
     * Resolves all installed bundles in one go (so fragments attach before their hosts resolve), then starts, in
     * installation order, every one that is not a fragment and that {@code later} does not hold back.
     */
    void startBundles(Predicate<InstalledBundle> later) {
        FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
        wiring.resolveBundles(installed.stream().map(InstalledBundle::bundle).toList());
        trace.phase("resolve bundle/");
        for (InstalledBundle candidate : installed) {
            if (candidate.isFragment()) {
                if (candidate.bundle().getState() == Bundle.INSTALLED) {
                    problems.add(new Problem(candidate.describe(), unresolvedReason(wiring, candidate.bundle())));
                }
            } else if (!later.test(candidate)) {
                start(candidate);
            }
        }
    }

    /** Starts the installed bundles named {@code symbolicName}, as {@link #start(InstalledBundle)} does. */
    List<Problem> start(String symbolicName) {
        List<Problem> failed = new ArrayList<>();
        for (InstalledBundle candidate : installed) {
            if (candidate.is(symbolicName)) {
                start(candidate).ifPresent(failed::add);
            }
        }
        return failed;
    }

    /** Starts {@code candidate}; when it does not start, the problem is recorded and returned. */
    Optional<Problem> start(InstalledBundle candidate) {
        try {
            candidate.bundle().start();
            trace.phase("start " + candidate.bundle().getSymbolicName());
            return Optional.empty();
        } catch (BundleException | RuntimeException e) {
            Problem problem = new Problem(candidate.describe(), "did not start: " + describe(e));
            problems.add(problem);
            return Optional.of(problem);
        }
    }

    /**
     * Why {@code bundle} did not resolve, for fragments, which are never started (starting is what makes Felix
     * explain it): the mandatory requirements that nothing installed offers.
     */
    private static String unresolvedReason(FrameworkWiring wiring, Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        List<String> missing = new ArrayList<>();
        for (Requirement requirement : revision.getRequirements(null)) {
            if (Constants.RESOLUTION_OPTIONAL.equals(requirement.getDirectives().get(Constants.RESOLUTION_DIRECTIVE))) {
                continue;
            }
            Collection<?> providers = wiring.findProviders(requirement);
            if (providers.isEmpty()) {
                missing.add("missing requirement " + requirement.getNamespace() + "; "
                        + requirement.getDirectives().getOrDefault("filter", ""));
            }
        }
        if (missing.isEmpty()) {
            return "is not resolved: each requirement has a provider, but a provider did not resolve itself "
                    + "(see the other problems)";
        }
        return "is not resolved: " + String.join(", ", missing);
    }

    /** A one-line description of {@code e} with its causes, which hold an activator's own exception. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getName()
                : oneLine(e.getMessage()));
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append("; caused by ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                text.append(": ").append(oneLine(cause.getMessage()));
            }
        }
        return text.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /**
     * Waits until the core says whether it is ready to take input (agreements loaded, journal open) with the OSGi
     * condition {@value #READY_CONDITION} or {@value #FAILED_CONDITION}. Returns empty once ready, or what keeps it
     * from being ready: the core's reason, that the core bundle is not active, or that {@code timeout} passed.
     * Without a core bundle in {@code bundle/} (a framework of other bundles only) there is nothing to wait for.
     */
    Optional<String> awaitReady(Duration timeout) throws InterruptedException {
        List<InstalledBundle> cores = installed.stream().filter(b -> b.is(CORE)).toList();
        if (cores.isEmpty()) {
            return Optional.empty();
        }
        if (cores.stream().noneMatch(b -> b.bundle().getState() == Bundle.ACTIVE)) {
            return Optional.of("the core bundle " + CORE + " is not active");
        }
        BundleContext context = framework.getBundleContext();
        String filter = "(&(objectClass=org.osgi.service.condition.Condition)(|(osgi.condition.id="
                + READY_CONDITION + ")(osgi.condition.id=" + FAILED_CONDITION + ")))";
        CountDownLatch announced = new CountDownLatch(1);
        ServiceListener listener = event -> announced.countDown();
        try {
            context.addServiceListener(listener, filter);
            try {
                ServiceReference<?>[] present = context.getServiceReferences((String) null, filter);
                if (present == null && !announced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return Optional.of("the core did not say it was ready within " + timeout.toSeconds()
                            + " s (see logs/liaison.log)");
                }
                ServiceReference<?>[] references = context.getServiceReferences((String) null, filter);
                if (references == null) {
                    return Optional.of("the core stopped before it was ready");
                }
                for (ServiceReference<?> reference : references) {
                    if (FAILED_CONDITION.equals(reference.getProperty("osgi.condition.id"))) {
                        return Optional.of(String.valueOf(reference.getProperty("liaison.reason")));
                    }
                }
                return Optional.empty();
            } finally {
                context.removeServiceListener(listener);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    StartupTrace trace() {
        return trace;
    }

    List<InstalledBundle> installed() {
        return List.copyOf(installed);
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** The installed bundles (so never the system bundle) in state ACTIVE. */
    long activeCount() {
        return installed.stream().filter(b -> b.bundle().getState() == Bundle.ACTIVE).count();
    }

    BundleContext systemContext() {
        return framework.getBundleContext();
    }

    FrameworkEvent waitForStop() throws InterruptedException {
        return framework.waitForStop(0);
    }

    /** Waits until the framework, stopped for an update, is starting or active again. */
    boolean awaitRestart(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Stops the framework if it runs and waits up to 10 s for its bundles to stop; safe to call at any time. */
    void stop() {
        if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) == 0) {
            return;
        }
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException e) {
            err.println("liaison: the framework did not stop cleanly: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
