package org.liaison.core.internal.swap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.api.transport.DataSource;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.conformance.ConformanceRunner;
import org.liaison.core.internal.registry.PluginTracker;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * Replaces a partner plugin with a new version and keeps the new version only if it proves itself: it resolves,
 * starts, brings back every plugin service the previous version had (and a format for each format it ships
 * conformance samples for), and decodes every conformance sample into exactly its expected records. Otherwise the
 * previous version goes back in at once. Both outcomes are audited ({@value #SWAPPED}, {@value #ROLLED_BACK}, with
 * the bundle, both versions and the reason) and logged.
 *
 * <p><b>Two ways in.</b> {@link #swap} ({@code liaison:swap}) updates the bundle itself. An update made by anyone
 * else (FileInstall, when an admin replaces a jar in {@code deploy/}; Gogo's {@code update}) is seen by this
 * component as a bundle listener and checked the same way, after the fact.
 *
 * <p><b>No traffic before the check.</b> The bundle's plugin services are held back from the registry
 * ({@link PluginTracker#hold}) from the moment of the update (before it for a swap; in the synchronous
 * {@code UPDATED} event, before the framework starts the new version, for an update made by others) until the check
 * is over: the engine finds no format or channel of the partner meanwhile and keeps its payloads and deliveries
 * waiting, so nothing is decoded, encoded or delivered by a version that has not passed. The data sources of the new
 * version are the exception: the engine binds them directly, and what they take in is only journaled until a
 * checked format decodes it.
 *
 * <p><b>Only the plugin changes.</b> The bundle is updated in place ({@code Bundle.update}); no refresh is
 * requested. A partner plugin imports the api and libraries and exports nothing, so no other bundle is wired to it
 * and none is stopped, re-resolved or restarted.
 *
 * <p><b>The previous version's bytes.</b> A rollback needs the jar that ran before, and once FileInstall has
 * updated a bundle its file in {@code deploy/} already holds the new one. So the jar of every plugin bundle is
 * kept in {@link PluginVersions} ({@code data/plugin-versions/<bsn>/<version>.jar}) when it is installed, when this
 * component starts, and whenever a new version is accepted.
 *
 * <p><b>No loops.</b> Updates this component makes itself (a swap, a rollback) are recognised by the listener,
 * which is synchronous and so runs in the updating thread: they are not checked again. And a bundle updated from
 * a file whose bytes are those of the version last accepted is not checked again either: that is FileInstall
 * catching up with {@code deploy/} after a swap or a rollback wrote the accepted jar there.
 */
@Component(service = PluginSwapper.class, immediate = true)
public final class PluginSwapper implements SynchronousBundleListener {

    /** The audit event of an accepted new version. */
    static final String SWAPPED = "plugin-swapped";
    /** The audit event of a new version that was taken out again. */
    static final String ROLLED_BACK = "plugin-rolled-back";
    /** How long a new version may take to resolve, start and register its services. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String BY_SWAP = "liaison:swap";
    static final String BY_UPDATE = "bundle update";

    private static final long MAX_JAR_BYTES = 256L * 1024 * 1024;
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final long POLL_MS = 20;

    /** The outcome of a swap, as {@code liaison:swap} reports it. */
    public record Outcome(boolean accepted, String bundle, String oldVersion, String newVersion, String reason,
            List<ConformanceRunner.Result> results, long millis) {

        public String report() {
            if (!accepted) {
                return "Rolled back " + bundle + " " + newVersion + " to " + oldVersion + ": " + reason;
            }
            long passed = results.stream().filter(ConformanceRunner.Result::passed).count();
            StringBuilder text = new StringBuilder("Swapped " + bundle + " " + oldVersion + " -> " + newVersion
                    + " in " + millis + " ms; " + passed + " conformance samples passed");
            results.forEach(result -> text.append('\n').append(result.line()));
            return text.toString();
        }
    }

    /** A version whose jar is kept. */
    private record Accepted(String symbolicName, String version, String sha256) {
    }

    /** What a check of a version found; {@code problem} is null when it passed. */
    private record Check(String problem, List<ConformanceRunner.Result> results,
            List<PluginDescription> registered) {
    }

    private final BundleContext context;
    private final PluginTracker registry;
    private final ConformanceRunner conformance;
    private final AuditTrail trail;
    private final Logger logger;
    private final PluginVersions versions;
    private final Path home;

    /** One swap or check at a time: a check waits for the services of one bundle, which another update would move. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Runs the checks of updates made by others, in the order of the events. */
    private final ExecutorService gate = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "liaison-plugin-gate");
        thread.setDaemon(true);
        return thread;
    });
    /** True in the thread of an update this component makes, whose events it must not check again. */
    private final ThreadLocal<Boolean> updatingHere = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** By bundle id: the version last accepted, whose jar {@link #versions} keeps. */
    private final Map<Long, Accepted> accepted = new ConcurrentHashMap<>();
    /** The bundles held back from the registry until a check on the gate thread is over, once per hold. */
    private final Queue<Long> heldForChecks = new ConcurrentLinkedQueue<>();
    /** By bundle id: the plugin services the accepted version registered, which a new version must bring back. */
    private final Map<Long, Set<String>> served = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Activate
    public PluginSwapper(BundleContext context, @Reference PluginTracker registry,
            @Reference ConformanceRunner conformance, @Reference AuditTrail trail,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.context = context;
        this.registry = registry;
        this.conformance = conformance;
        this.trail = trail;
        this.logger = logger;
        String liaisonHome = context.getProperty("liaison.home");
        if (liaisonHome != null && !"check".equals(context.getProperty("liaison.mode"))) {
            this.home = Path.of(liaisonHome).toAbsolutePath().normalize();
            this.versions = new PluginVersions(home.resolve(PluginVersions.FOLDER));
        } else {
            this.home = null;
            this.versions = new PluginVersions(context.getDataFile("plugin-versions").toPath());
        }
        context.addBundleListener(this);
        // Plugins FileInstall installed before this component started; on the gate thread, before any event.
        submit(() -> {
            for (Bundle bundle : context.getBundles()) {
                if (isPlugin(bundle)) {
                    keepInstalled(bundle);
                    remember(bundle, false);
                }
            }
        });
    }

    @Deactivate
    void stop() throws InterruptedException {
        closed = true;
        context.removeBundleListener(this);
        gate.shutdownNow();
        gate.awaitTermination(5, TimeUnit.SECONDS);
        // checks that will not run now must not leave their bundles held back from the registry
        for (Long id = heldForChecks.poll(); id != null; id = heldForChecks.poll()) {
            registry.release(id);
        }
    }

    /** Ends the hold that an update's check put on a bundle, once. */
    private void releaseHeldForCheck(long bundleId) {
        if (heldForChecks.remove(bundleId)) {
            registry.release(bundleId);
        }
    }

    /**
     * Replaces the plugin bundle a target names with the jar at {@code source}, checks it and rolls it back when
     * the check fails.
     *
     * @param target a partner id (the bundle of its formats) or a bundle symbolic name
     * @param source a jar's path (relative to the Liaison home) or URL
     * @throws IllegalArgumentException when the target or the jar is not a plugin bundle, or the jar is another
     *                                  bundle than the target
     * @throws IllegalStateException    when the running version's jar is not kept, so that it could not be rolled
     *                                  back: nothing is changed then
     */
    public Outcome swap(String target, String source) throws IOException {
        PluginJar next = PluginJar.read(readSource(source), source);
        lock.lock();
        try {
            Bundle bundle = find(target);
            String name = bundle.getSymbolicName();
            if (!next.symbolicName().equals(name)) {
                throw new IllegalArgumentException(source + " is " + next.describe() + ", not a version of " + name
                        + " (the bundle " + target + " names); nothing was changed");
            }
            String oldVersion = bundle.getVersion().toString();
            byte[] old = runningBytes(bundle).orElseThrow(() -> new IllegalStateException("no copy of " + name
                    + " " + oldVersion + " is kept in " + versions.root() + " and its location "
                    + bundle.getLocation() + " is not a readable jar of that version, so it could not be rolled"
                    + " back; nothing was changed"));
            Set<String> expected = expectedServices(bundle, oldVersion);
            long started = System.nanoTime();
            // the new version takes no traffic until it has passed: its services are held back from the registry
            registry.hold(bundle.getBundleId());
            try {
                return swapHeld(bundle, next, old, oldVersion, expected, source, started);
            } finally {
                registry.release(bundle.getBundleId());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Updates the held bundle, checks the new version and keeps it or rolls it back. */
    private Outcome swapHeld(Bundle bundle, PluginJar next, byte[] old, String oldVersion, Set<String> expected,
            String source, long started) throws IOException {
        String name = bundle.getSymbolicName();
        try {
            updateHere(bundle, next.bytes());
        } catch (BundleException | IllegalStateException e) {
            String reason = "the framework refused the update: " + e.getMessage();
            recordRolledBack(bundle, oldVersion, next.version(), BY_SWAP, reason, bundle.getVersion().toString(),
                    null);
            return new Outcome(false, name, oldVersion, next.version(), reason, List.of(), millis(started));
        }
        Check check = verify(bundle, next.version(), expected, true);
        if (check.problem() == null) {
            accept(bundle, next.bytes(), oldVersion, BY_SWAP, source, check);
            // deploy/ must hold what runs, or the next start would bring the old version back. FileInstall sees
            // the new file and updates the bundle once more from it; the listener knows those bytes (above).
            Optional<Path> file = locationFile(bundle);
            if (file.isPresent()) {
                PluginVersions.writeAtomically(file.get(), next.bytes());
            }
            return new Outcome(true, name, oldVersion, next.version(), null, check.results(), millis(started));
        }
        rollBack(bundle, old, oldVersion, next, BY_SWAP, check, expected);
        return new Outcome(false, name, oldVersion, next.version(), check.problem(), check.results(),
                millis(started));
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (closed || updatingHere.get() || !isPlugin(event.getBundle())) {
            return;
        }
        Bundle bundle = event.getBundle();
        switch (event.getType()) {
            case BundleEvent.INSTALLED -> submit(() -> keepInstalled(bundle));
            case BundleEvent.STARTED -> submit(() -> remember(bundle, true));
            case BundleEvent.UPDATED -> {
                // Taken now: by the time the check runs, the new version's services replace the old ones.
                Set<String> expected = served.getOrDefault(bundle.getBundleId(), Set.of());
                // Held now, in the updating thread, before the framework starts the new version: it takes no
                // traffic until the check has passed.
                long id = bundle.getBundleId();
                registry.hold(id);
                heldForChecks.add(id);
                if (!submit(() -> {
                    try {
                        checkUpdate(bundle, expected);
                    } finally {
                        releaseHeldForCheck(id);
                    }
                })) {
                    releaseHeldForCheck(id);
                }
            }
            case BundleEvent.UNINSTALLED -> {
                accepted.remove(bundle.getBundleId());
                served.remove(bundle.getBundleId());
            }
            default -> {
                // the other events change nothing kept here
            }
        }
    }

    /** Checks a version someone else put in; rolls it back to the kept jar when it fails. */
    private void checkUpdate(Bundle bundle, Set<String> expected) {
        lock.lock();
        try {
            if (closed || bundle.getState() == Bundle.UNINSTALLED) {
                return;
            }
            Accepted previous = accepted.get(bundle.getBundleId());
            Optional<byte[]> fileBytes = locationFile(bundle).flatMap(this::readQuietly);
            if (previous != null && fileBytes.isPresent()
                    && PluginJar.sha256(fileBytes.get()).equals(previous.sha256())) {
                return;
            }
            String version = bundle.getVersion().toString();
            long started = System.nanoTime();
            Check check = verify(bundle, version, expected, true);
            String oldVersion = previous == null ? "(unknown)" : previous.version();
            if (check.problem() == null) {
                accept(bundle, fileBytes.orElse(null), oldVersion, BY_UPDATE, bundle.getLocation(), check);
                logger.info("Accepted " + bundle.getSymbolicName() + " " + version + " from " + bundle.getLocation()
                        + " in " + millis(started) + " ms: its conformance samples pass");
                return;
            }
            Optional<byte[]> old = previous == null ? Optional.empty()
                    : versions.read(previous.symbolicName(), previous.version());
            if (old.isEmpty()) {
                logger.error(bundle.getSymbolicName() + " " + version + " from " + bundle.getLocation()
                        + " failed its check and no earlier version is kept to roll back to, so it stays: "
                        + check.problem());
                return;
            }
            PluginJar next = new PluginJar(bundle.getSymbolicName(), version, fileBytes.orElse(null));
            rollBack(bundle, old.get(), previous.version(), next, BY_UPDATE, check, expected);
        } catch (IOException | RuntimeException e) {
            logger.error("Checking the update of " + bundle.getSymbolicName() + " " + bundle.getVersion()
                    + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void accept(Bundle bundle, byte[] bytes, String oldVersion, String by, String source, Check check)
            throws IOException {
        String name = bundle.getSymbolicName();
        String version = bundle.getVersion().toString();
        Path kept = null;
        if (bytes != null) {
            kept = versions.keep(name, version, bytes);
            accepted.put(bundle.getBundleId(), new Accepted(name, version, PluginJar.sha256(bytes)));
        } else {
            accepted.remove(bundle.getBundleId());
            logger.warn(name + " " + version + " was updated from bytes that cannot be read again (location "
                    + bundle.getLocation() + "), so a failed update of it cannot be rolled back");
        }
        served.put(bundle.getBundleId(), SwapCheck.keys(check.registered()));
        Map<String, Object> fields = fields(bundle, oldVersion, version, by);
        fields.put("source", source);
        fields.put("services", List.copyOf(SwapCheck.keys(check.registered())));
        fields.put("samplesPassed", check.results().size());
        if (kept != null) {
            fields.put("kept", display(kept));
        }
        trail.record(SWAPPED, fields);
        trail.flush();
        logger.info("Swapped " + name + " " + oldVersion + " -> " + version + " (" + by + ")");
    }

    /**
     * Puts the kept jar back, keeps the rejected one aside, and makes the bundle's file (in {@code deploy/}) hold
     * the restored jar again, so that a restart does not bring the rejected version back.
     */
    private void rollBack(Bundle bundle, byte[] old, String oldVersion, PluginJar rejected, String by, Check check,
            Set<String> expected) throws IOException {
        String restored;
        try {
            updateHere(bundle, old);
            Check again = verify(bundle, oldVersion, expected, false);
            restored = again.problem() == null ? oldVersion
                    : "no: " + oldVersion + " is back but " + again.problem();
        } catch (BundleException | IllegalStateException e) {
            restored = "no: putting " + oldVersion + " back failed: " + e.getMessage();
        }
        Path rejectedJar = null;
        if (rejected.bytes() != null) {
            rejectedJar = versions.reject(rejected.symbolicName(), rejected.version(), rejected.bytes(),
                    Instant.now());
        }
        Optional<Path> file = locationFile(bundle);
        if (file.isPresent()) {
            Optional<byte[]> inFile = readQuietly(file.get());
            if (inFile.isEmpty() || !PluginJar.sha256(inFile.get()).equals(PluginJar.sha256(old))) {
                PluginVersions.writeAtomically(file.get(), old);
            }
        }
        recordRolledBack(bundle, oldVersion, rejected.version(), by, check.problem(), restored, rejectedJar);
    }

    private void recordRolledBack(Bundle bundle, String oldVersion, String newVersion, String by, String reason,
            String restored, Path rejectedJar) {
        Map<String, Object> fields = fields(bundle, oldVersion, newVersion, by);
        fields.put("reason", reason);
        fields.put("restored", restored);
        if (rejectedJar != null) {
            fields.put("rejectedJar", display(rejectedJar));
        }
        trail.record(ROLLED_BACK, fields);
        trail.flush();
        logger.error("Rolled back " + bundle.getSymbolicName() + " " + newVersion + " to " + oldVersion + " ("
                + by + "): " + reason + (rejectedJar == null ? "" : "; the rejected jar is kept as " + rejectedJar));
    }

    private static Map<String, Object> fields(Bundle bundle, String oldVersion, String newVersion, String by) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("bundle", bundle.getSymbolicName());
        fields.put("bundleId", bundle.getBundleId());
        fields.put("oldVersion", oldVersion);
        fields.put("newVersion", newVersion);
        fields.put("by", by);
        return fields;
    }

    /**
     * Waits until the bundle runs {@code version} and has registered every expected service, then runs the
     * conformance samples of each of its formats.
     */
    private Check verify(Bundle bundle, String version, Set<String> expected, boolean runSamples) {
        String name = bundle.getSymbolicName();
        String described = name + " " + version;
        if (!isPersistentlyStarted(bundle)) {
            // An admin stopped it: it must resolve, and has no services to check.
            return bundle.getState() == Bundle.INSTALLED && !resolve(bundle)
                    ? new Check(described + " does not resolve", List.of(), List.of())
                    : new Check(null, List.of(), List.of());
        }
        Set<String> sampleFormats = sampleFormats(bundle);
        long begun = System.nanoTime();
        long deadline = begun + TIMEOUT.toNanos();
        boolean startTried = false;
        long activeSince = 0;
        Set<String> missing = new TreeSet<>(expected);
        List<PluginDescription> registered = List.of();
        while (true) {
            int state = bundle.getState();
            if (state == Bundle.UNINSTALLED) {
                return new Check(described + " was uninstalled while it was checked", List.of(), List.of());
            }
            if (state == Bundle.ACTIVE && bundle.getVersion().toString().equals(version)) {
                registered = SwapCheck.servedBy(name, version, registry.partnersIncludingHeld());
                missing = SwapCheck.missing(expected, sampleFormats, registered);
                if (missing.isEmpty()) {
                    break;
                }
                if (activeSince == 0) {
                    activeSince = System.nanoTime();
                } else if (System.nanoTime() - activeSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                    String broken = componentThatFailed(bundle);
                    if (broken != null) {
                        return new Check(described + ": " + broken, List.of(), registered);
                    }
                }
            } else if (state != Bundle.STARTING && !startTried
                    && System.nanoTime() - begun > TimeUnit.SECONDS.toNanos(1)) {
                // The framework restarts a bundle it updates, FileInstall right after its refresh; one that is still
                // not active is started here to learn why it cannot be.
                startTried = true;
                try {
                    bundle.start();
                } catch (BundleException | IllegalStateException e) {
                    return new Check(described + " does not start: " + e.getMessage(), List.of(), List.of());
                }
            }
            if (System.nanoTime() > deadline) {
                return new Check(bundle.getState() != Bundle.ACTIVE
                        ? described + " did not start within " + TIMEOUT.toSeconds() + " s (state "
                                + state(bundle.getState()) + ")"
                        : described + " did not register " + missing + " within " + TIMEOUT.toSeconds() + " s"
                                + " (a component that fails to activate is logged in logs/liaison.log)",
                        List.of(), registered);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Check("interrupted while checking " + described, List.of(), registered);
            }
        }
        if (!runSamples) {
            return new Check(null, List.of(), registered);
        }
        List<ConformanceRunner.Result> results = new ArrayList<>();
        for (PluginDescription description : registered) {
            if (description.kind() == PluginKind.FORMAT) {
                results.addAll(runSamples(bundle, description));
            }
        }
        String failures = SwapCheck.failures(results);
        return new Check(failures == null ? null : described + ": " + failures, results, registered);
    }

    /**
     * A plugin service the bundle registered whose component cannot be activated (a class missing, a constructor
     * that throws): the registry never sees it, so waiting for it would only end in the timeout.
     */
    private String componentThatFailed(Bundle bundle) {
        ServiceReference<?>[] references = bundle.getRegisteredServices();
        for (ServiceReference<?> reference : references == null ? new ServiceReference<?>[0] : references) {
            List<String> classes = List.of((String[]) reference.getProperty(Constants.OBJECTCLASS));
            if (!classes.contains(PartnerFormat.class.getName()) && !classes.contains(DataSource.class.getName())
                    && !classes.contains(ExchangeChannel.class.getName())) {
                continue;
            }
            Object service = context.getService(reference);
            if (service == null) {
                Object id = reference.getProperty(PartnerFormat.FORMAT);
                return "the component of " + String.join(", ", classes) + " "
                        + reference.getProperty(PartnerFormat.PARTNER) + "/"
                        + (id != null ? id : reference.getProperty(DataSource.TRANSPORT))
                        + " did not activate (logs/liaison.log says why)";
            }
            context.ungetService(reference);
        }
        return null;
    }

    private List<ConformanceRunner.Result> runSamples(Bundle bundle, PluginDescription description) {
        ServiceReference<PartnerFormat> reference = serviceReference(description.serviceId());
        PartnerFormat format = reference == null ? null : context.getService(reference);
        if (format == null) {
            return List.of(new ConformanceRunner.Result(description.partner(), description.id(), "-", false,
                    "the format's service went away or its component did not activate"));
        }
        try {
            return conformance.run(description.partner(), description.id(), format, bundle);
        } finally {
            context.ungetService(reference);
        }
    }

    private ServiceReference<PartnerFormat> serviceReference(long serviceId) {
        try {
            var references = context.getServiceReferences(PartnerFormat.class,
                    "(" + Constants.SERVICE_ID + "=" + serviceId + ")");
            return references.isEmpty() ? null : references.iterator().next();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The format ids the bundle ships conformance samples for. */
    private static Set<String> sampleFormats(Bundle bundle) {
        Set<String> formats = new TreeSet<>();
        Enumeration<String> paths = bundle.getEntryPaths(ConformanceRunner.FOLDER);
        for (String path : paths == null ? List.<String>of() : Collections.list(paths)) {
            if (path.endsWith("/")) {
                String folder = path.substring(0, path.length() - 1);
                formats.add(folder.substring(folder.lastIndexOf('/') + 1));
            }
        }
        return formats;
    }

    private boolean resolve(Bundle bundle) {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                .adapt(org.osgi.framework.wiring.FrameworkWiring.class).resolveBundles(List.of(bundle));
    }

    private void updateHere(Bundle bundle, byte[] bytes) throws BundleException {
        updatingHere.set(Boolean.TRUE);
        try {
            bundle.update(new ByteArrayInputStream(bytes));
        } finally {
            updatingHere.set(Boolean.FALSE);
        }
    }

    /** Keeps the jar of a plugin bundle as it was installed, so that a later update of it can be rolled back. */
    private void keepInstalled(Bundle bundle) {
        if (accepted.containsKey(bundle.getBundleId()) || bundle.getState() == Bundle.UNINSTALLED) {
            return;
        }
        Optional<Path> file = locationFile(bundle);
        Optional<byte[]> bytes = file.flatMap(this::readQuietly);
        String version = bundle.getVersion().toString();
        if (bytes.isEmpty()) {
            logger.warn("No copy of " + bundle.getSymbolicName() + " " + version + " is kept: its location "
                    + bundle.getLocation() + " is not a readable file, so a failed update of it cannot be rolled"
                    + " back");
            return;
        }
        try {
            PluginJar jar = PluginJar.read(bytes.get(), bundle.getLocation());
            if (!jar.symbolicName().equals(bundle.getSymbolicName()) || !jar.version().equals(version)) {
                logger.warn("No copy of " + bundle.getSymbolicName() + " " + version + " is kept: "
                        + bundle.getLocation() + " holds " + jar.describe() + " by now");
                return;
            }
            versions.keep(jar.symbolicName(), jar.version(), jar.bytes());
            accepted.put(bundle.getBundleId(), new Accepted(jar.symbolicName(), jar.version(), jar.sha256()));
        } catch (IOException | IllegalArgumentException e) {
            logger.warn("No copy of " + bundle.getSymbolicName() + " " + version + " is kept: " + e.getMessage());
        }
    }

    /**
     * Notes the plugin services a running plugin registered. After a start their components may still be coming
     * up, so it waits a little for the set to settle.
     */
    private void remember(Bundle bundle, boolean settle) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settle ? 2 : 0);
        Set<String> previous = null;
        while (true) {
            if (bundle.getState() != Bundle.ACTIVE) {
                return;
            }
            Set<String> now = SwapCheck.keys(SwapCheck.servedBy(bundle.getSymbolicName(),
                    bundle.getVersion().toString(), registry.partnersIncludingHeld()));
            if (!now.isEmpty() && (now.equals(previous) || System.nanoTime() > deadline)) {
                served.put(bundle.getBundleId(), now);
                return;
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            previous = now;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Set<String> expectedServices(Bundle bundle, String version) {
        Set<String> now = SwapCheck.keys(SwapCheck.servedBy(bundle.getSymbolicName(), version,
                registry.partnersIncludingHeld()));
        return now.isEmpty() ? served.getOrDefault(bundle.getBundleId(), Set.of()) : now;
    }

    /** The jar of the running version: the kept copy, or the bundle's file when it still holds that version. */
    private Optional<byte[]> runningBytes(Bundle bundle) throws IOException {
        String name = bundle.getSymbolicName();
        String version = bundle.getVersion().toString();
        Accepted kept = accepted.get(bundle.getBundleId());
        if (kept != null && kept.version().equals(version)) {
            Optional<byte[]> bytes = versions.read(name, version);
            if (bytes.isPresent() && PluginJar.sha256(bytes.get()).equals(kept.sha256())) {
                return bytes;
            }
        }
        Optional<byte[]> inFile = locationFile(bundle).flatMap(this::readQuietly);
        if (inFile.isPresent()) {
            try {
                PluginJar jar = PluginJar.read(inFile.get(), bundle.getLocation());
                if (jar.symbolicName().equals(name) && jar.version().equals(version)) {
                    versions.keep(name, version, jar.bytes());
                    accepted.put(bundle.getBundleId(), new Accepted(name, version, jar.sha256()));
                    return inFile;
                }
            } catch (IllegalArgumentException e) {
                // not a jar of the running version: nothing to roll back to
            }
        }
        return Optional.empty();
    }

    private Bundle find(String target) {
        for (Bundle bundle : context.getBundles()) {
            if (target.equals(bundle.getSymbolicName())) {
                if (!isPlugin(bundle)) {
                    throw new IllegalArgumentException(target + " is not a partner plugin (it does not import"
                            + " org.liaison.api, or it is the core or the api): liaison:swap replaces plugins only");
                }
                return bundle;
            }
        }
        String name = SwapTarget.symbolicName(target, registry.partnersIncludingHeld());
        for (Bundle bundle : context.getBundles()) {
            if (name.equals(bundle.getSymbolicName()) && isPlugin(bundle)) {
                return bundle;
            }
        }
        throw new IllegalArgumentException("the bundle " + name + " of " + target + " is no longer installed");
    }

    /** A bundle that plugs into Liaison: it imports the api, and is neither the api nor the core. */
    private boolean isPlugin(Bundle bundle) {
        if (bundle.getBundleId() == 0 || bundle.getBundleId() == context.getBundle().getBundleId()) {
            return false;
        }
        String imports = String.valueOf(bundle.getHeaders("").get(Constants.IMPORT_PACKAGE));
        String exports = String.valueOf(bundle.getHeaders("").get(Constants.EXPORT_PACKAGE));
        return imports.contains("org.liaison.api") && !exports.contains("org.liaison.api");
    }

    private static boolean isPersistentlyStarted(Bundle bundle) {
        BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
        return startLevel == null || startLevel.isPersistentlyStarted();
    }

    /** The file a bundle was installed from, when its location is a {@code file:} URL (FileInstall's are). */
    static Optional<Path> locationFile(Bundle bundle) {
        String location = bundle.getLocation();
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(URI.create(location));
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> readQuietly(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            logger.warn("Cannot read " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A URL, or a path relative to the Liaison home. */
    private byte[] readSource(String source) throws IOException {
        if (URL_SCHEME.matcher(source).matches()) {
            try (InputStream in = URI.create(source).toURL().openStream()) {
                return readBounded(in, source);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + source + "' is not a URL: " + e.getMessage(), e);
            }
        }
        Path path = home == null ? Path.of(source) : home.resolve(source);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no jar at " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readBounded(in, path.toString());
        }
    }

    private static byte[] readBounded(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) MAX_JAR_BYTES + 1);
        if (bytes.length > MAX_JAR_BYTES) {
            throw new IllegalArgumentException(source + " is larger than " + MAX_JAR_BYTES / (1024 * 1024)
                    + " MiB, which no plugin jar should be");
        }
        return bytes;
    }

    private String display(Path path) {
        return home != null && path.startsWith(home) ? home.relativize(path).toString().replace('\\', '/')
                : path.toString();
    }

    /** Runs a task on the gate thread; false when the gate stops and the task will not run. */
    private boolean submit(Runnable task) {
        try {
            gate.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    logger.error("The plugin gate failed: " + e.getMessage(), e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false; // stopping: nothing is checked any more
        }
    }

    private static long millis(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
