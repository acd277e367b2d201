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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * <p><b>What runs is read, not assumed.</b> A rollback is audited as {@value #ROLLED_BACK} only when the bundle runs
 * the previous version again, active, with its services registered; otherwise as {@value #ROLLBACK_FAILED}, naming
 * the version, state and services there are, and a version that failed its check stays held back from the registry.
 *
 * <p><b>A file that is no bundle.</b> FileInstall uninstalls a bundle whose file it can no longer open as a jar
 * (random bytes, or a jar caught half copied). The version that ran is installed again from its kept jar at the
 * same location ({@value #FILE_REFUSED}), and the file is watched until it holds the same complete jar twice in a
 * row, which is then checked as an update.
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
    /** The audit event of a new version that failed and could not be taken out: what runs is named. */
    static final String ROLLBACK_FAILED = "plugin-rollback-failed";
    /** The audit event of a plugin file in {@code deploy/} that is not a bundle, and of the version put back. */
    static final String FILE_REFUSED = "plugin-file-refused";
    static final String BY_SWAP = "liaison:swap";
    static final String BY_UPDATE = "bundle update";

    private static final long MAX_JAR_BYTES = 256L * 1024 * 1024;
    private static final Pattern URL_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");
    private static final long POLL_MS = 20;
    /** How often a refused file in {@code deploy/} is looked at again, and how long it must stay the same. */
    static final long REFUSED_FILE_POLL_MS = 500;

    /**
     * What runs after a rollback, read from the bundle rather than assumed: its version, its state, the plugin
     * services that version registered, and whether that is the previous version, active and serving again.
     */
    public record Restore(boolean restored, String version, String state, Set<String> services, String problem) {

        String describe() {
            return version + " (" + state + (services.isEmpty() ? ", registering no plugin service"
                    : ", registering " + String.join(", ", services)) + ")";
        }
    }

    /** The outcome of a swap, as {@code liaison:swap} reports it; {@code restore} is null when it was accepted. */
    public record Outcome(boolean accepted, String bundle, String oldVersion, String newVersion, String reason,
            List<ConformanceRunner.Result> results, long millis, Restore restore) {

        public String report() {
            if (!accepted && restore.restored()) {
                return "Rolled back " + bundle + " " + newVersion + " to " + restore.describe() + ": " + reason;
            }
            if (!accepted) {
                return "Could not roll back " + bundle + " " + newVersion + " to " + oldVersion + ": "
                        + restore.problem() + ". " + bundle + " now runs " + restore.describe()
                        + (restore.version().equals(oldVersion) ? "" : ", held back from the registry")
                        + ". " + newVersion + " was refused because " + reason;
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

    /** A file in {@code deploy/} that is not a bundle, watched until it holds a complete jar again. */
    private record RefusedFile(String symbolicName, String location, String refusedSha256, String lastSha256) {
    }

    /** Runs the conformance samples of one format of a bundle ({@link ConformanceRunner#run}). */
    interface Samples {
        List<ConformanceRunner.Result> run(String partner, String format, PartnerFormat service, Bundle bundle);
    }

    /** Records an audit event; it is durable when the call returns. */
    interface Audit {
        void record(String event, Map<String, Object> fields);
    }

    private final BundleContext context;
    private final PluginGate registry;
    private final Samples conformance;
    private final Audit trail;
    private final Logger logger;
    private final PluginVersions versions;
    private final Path home;

    /** One swap or check at a time: a check waits for the services of one bundle, which another update would move. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Runs the checks of updates made by others, in the order of the events. */
    private final ScheduledExecutorService gate = Executors.newSingleThreadScheduledExecutor(runnable -> {
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
    /**
     * The bundles held back from the registry because a version that failed its check still runs in them (its
     * rollback failed): a version that has not passed takes no traffic, even then. Released when a version is
     * accepted or put back, or the bundle is uninstalled.
     */
    private final Set<Long> quarantined = ConcurrentHashMap.newKeySet();
    /** By file: the plugin files in {@code deploy/} that are not bundles, whose plugin was put back. */
    private final Map<Path, RefusedFile> refused = new ConcurrentHashMap<>();
    private volatile boolean closed;

    @Activate
    public PluginSwapper(BundleContext context, @Reference PluginTracker registry,
            @Reference ConformanceRunner conformance, @Reference AuditTrail trail,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this(context, PluginGate.of(registry), conformance::run, (event, fields) -> {
            trail.record(event, fields);
            trail.flush();
        }, logger);
    }

    PluginSwapper(BundleContext context, PluginGate registry, Samples conformance, Audit trail, Logger logger) {
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
        gate.scheduleWithFixedDelay(this::lookAtRefusedFiles, REFUSED_FILE_POLL_MS, REFUSED_FILE_POLL_MS,
                TimeUnit.MILLISECONDS);
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
        for (Long id : List.copyOf(quarantined)) {
            unquarantine(id);
        }
    }

    private void quarantine(long bundleId) {
        if (quarantined.add(bundleId)) {
            registry.hold(bundleId);
        }
    }

    private void unquarantine(long bundleId) {
        if (quarantined.remove(bundleId)) {
            registry.release(bundleId);
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
            return swapLocked(bundle, next, source, BY_SWAP);
        } finally {
            lock.unlock();
        }
    }

    /** A checked update of a bundle to the jar {@code next}, under {@link #lock}. */
    private Outcome swapLocked(Bundle bundle, PluginJar next, String source, String by) throws IOException {
        String name = bundle.getSymbolicName();
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
            return swapHeld(bundle, next, old, oldVersion, expected, source, by, started);
        } finally {
            registry.release(bundle.getBundleId());
        }
    }

    /** Updates the held bundle, checks the new version and keeps it or rolls it back. */
    private Outcome swapHeld(Bundle bundle, PluginJar next, byte[] old, String oldVersion, Set<String> expected,
            String source, String by, long started) throws IOException {
        String name = bundle.getSymbolicName();
        try {
            updateHere(bundle, next.bytes());
        } catch (BundleException | IllegalStateException e) {
            // Refused outright, or taken and then not started (an activator that throws, an import that does not
            // resolve): then the new version is in, inactive. Either way the previous version goes back in, and
            // what runs afterwards is read from the bundle.
            String reason = name + " " + next.version() + " could not be put in and started: " + e.getMessage();
            Restore restore = rollBack(bundle, old, oldVersion, next, by, reason, expected);
            return new Outcome(false, name, oldVersion, next.version(), reason, List.of(), millis(started),
                    restore);
        }
        Check check = verify(bundle, next.version(), expected, true);
        if (check.problem() == null) {
            accept(bundle, next.bytes(), oldVersion, by, source, check);
            // deploy/ must hold what runs, or the next start would bring the old version back. FileInstall sees
            // the new file and updates the bundle once more from it; the listener knows those bytes (above).
            Optional<Path> file = locationFile(bundle);
            if (file.isPresent() && !sameBytes(file.get(), next.bytes())) {
                PluginVersions.writeAtomically(file.get(), next.bytes());
            }
            return new Outcome(true, name, oldVersion, next.version(), null, check.results(), millis(started),
                    null);
        }
        Restore restore = rollBack(bundle, old, oldVersion, next, by, check.problem(), expected);
        return new Outcome(false, name, oldVersion, next.version(), check.problem(), check.results(),
                millis(started), restore);
    }

    private boolean sameBytes(Path file, byte[] bytes) {
        Optional<byte[]> inFile = readQuietly(file);
        return inFile.isPresent() && PluginJar.sha256(inFile.get()).equals(PluginJar.sha256(bytes));
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
                Accepted previous = accepted.remove(bundle.getBundleId());
                Set<String> expected = served.remove(bundle.getBundleId());
                unquarantine(bundle.getBundleId());
                if (previous != null) {
                    submit(() -> putBackIfFileIsNoBundle(bundle, previous, expected == null ? Set.of() : expected));
                }
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
                // no traffic for a version that has not passed, even with nothing to roll back to
                quarantine(bundle.getBundleId());
                logger.error(bundle.getSymbolicName() + " " + version + " from " + bundle.getLocation()
                        + " failed its check and no earlier version is kept to roll back to, so it stays, its"
                        + " services held back from the registry: " + check.problem());
                return;
            }
            PluginJar next = new PluginJar(bundle.getSymbolicName(), version, fileBytes.orElse(null));
            rollBack(bundle, old.get(), previous.version(), next, BY_UPDATE, check.problem(), expected);
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
        unquarantine(bundle.getBundleId());
        Map<String, Object> fields = fields(bundle, oldVersion, version, by);
        fields.put("source", source);
        fields.put("services", List.copyOf(SwapCheck.keys(check.registered())));
        fields.put("samplesPassed", check.results().size());
        if (kept != null) {
            fields.put("kept", display(kept));
        }
        trail.record(SWAPPED, fields);
        logger.info("Swapped " + name + " " + oldVersion + " -> " + version + " (" + by + ")");
    }

    /**
     * Puts the kept jar back, keeps the rejected one aside, and makes the bundle's file (in {@code deploy/}) hold
     * the restored jar again, so that a restart does not bring the rejected version back. What runs afterwards is
     * read from the bundle and audited as it is: {@value #ROLLED_BACK} when the previous version is active and has
     * registered its services again, {@value #ROLLBACK_FAILED} otherwise.
     */
    private Restore rollBack(Bundle bundle, byte[] old, String oldVersion, PluginJar rejected, String by,
            String reason, Set<String> expected) throws IOException {
        String updateFailure = null;
        try {
            updateHere(bundle, old);
        } catch (BundleException | IllegalStateException e) {
            updateFailure = e.getMessage(); // the old version may be in all the same, only not started: see below
        }
        String problem;
        if (bundle.getState() == Bundle.UNINSTALLED) {
            problem = bundle.getSymbolicName() + " was uninstalled while it was rolled back";
        } else if (!bundle.getVersion().toString().equals(oldVersion)) {
            problem = "the framework did not take " + oldVersion + " back"
                    + (updateFailure == null ? "" : ": " + updateFailure);
        } else {
            problem = startAndVerify(bundle, oldVersion, expected, false);
        }
        Restore restore = restoreState(bundle, oldVersion, problem);
        Path rejectedJar = null;
        if (rejected.bytes() != null) {
            rejectedJar = versions.reject(rejected.symbolicName(), rejected.version(), rejected.bytes(),
                    Instant.now());
        }
        Optional<Path> file = locationFile(bundle);
        if (file.isPresent() && !sameBytes(file.get(), old)) {
            PluginVersions.writeAtomically(file.get(), old);
        }
        recordRolledBack(bundle, oldVersion, rejected.version(), by, reason, restore, rejectedJar);
        return restore;
    }

    /**
     * Starts a version put back when the framework did not (it restarts an updated bundle only when it was active
     * before, and after a new version that could not start it was not), and waits for its services; null when it
     * serves again.
     */
    private String startAndVerify(Bundle bundle, String version, Set<String> expected, boolean start) {
        int state = bundle.getState();
        if ((start || isPersistentlyStarted(bundle)) && state != Bundle.ACTIVE && state != Bundle.STARTING) {
            try {
                bundle.start();
            } catch (BundleException | IllegalStateException e) {
                return bundle.getSymbolicName() + " " + version + " is back but does not start: " + e.getMessage();
            }
        }
        return verify(bundle, version, expected, false).problem();
    }

    /** What runs now, from the bundle; held back from the registry when it is not the version put back. */
    private Restore restoreState(Bundle bundle, String restoredVersion, String problem) {
        String version = bundle.getVersion().toString();
        int state = bundle.getState();
        Set<String> services = state == Bundle.ACTIVE ? SwapCheck.keys(SwapCheck.servedBy(bundle.getSymbolicName(),
                version, registry.partnersIncludingHeld())) : Set.of();
        boolean restored = problem == null && version.equals(restoredVersion)
                && (state == Bundle.ACTIVE || !isPersistentlyStarted(bundle));
        if (restored) {
            unquarantine(bundle.getBundleId());
        } else if (!version.equals(restoredVersion) && state != Bundle.UNINSTALLED) {
            quarantine(bundle.getBundleId());
        }
        return new Restore(restored, version, state(state), services, restored ? null
                : problem != null ? problem : bundle.getSymbolicName() + " " + version + " is " + state(state));
    }

    private void recordRolledBack(Bundle bundle, String oldVersion, String newVersion, String by, String reason,
            Restore restore, Path rejectedJar) {
        Map<String, Object> fields = fields(bundle, oldVersion, newVersion, by);
        fields.put("reason", reason);
        fields.put("restored", restore.restored() ? restore.version() : "no: " + restore.problem());
        fields.put("running", restore.version());
        fields.put("state", restore.state());
        fields.put("services", List.copyOf(restore.services()));
        if (rejectedJar != null) {
            fields.put("rejectedJar", display(rejectedJar));
        }
        trail.record(restore.restored() ? ROLLED_BACK : ROLLBACK_FAILED, fields);
        String kept = rejectedJar == null ? "" : "; the rejected jar is kept as " + rejectedJar;
        if (restore.restored()) {
            logger.error("Rolled back " + bundle.getSymbolicName() + " " + newVersion + " to " + restore.describe()
                    + " (" + by + "): " + reason + kept);
        } else {
            logger.error("Could not roll back " + bundle.getSymbolicName() + " " + newVersion + " to " + oldVersion
                    + " (" + by + "): " + restore.problem() + "; it now runs " + restore.describe()
                    + ". The new version was refused because " + reason + kept);
        }
    }

    /**
     * FileInstall uninstalls a bundle whose file in {@code deploy/} it can no longer read as a jar: one replaced by
     * bytes that are no bundle, or one copied in chunks and caught half written. Neither means "take the plugin
     * out" (that is deleting the file), so the version that ran is installed again from its kept jar, at the same
     * location, and the file is watched until it holds a complete jar, which is then checked like any update.
     */
    private void putBackIfFileIsNoBundle(Bundle gone, Accepted previous, Set<String> expected) {
        lock.lock();
        try {
            Optional<Path> file = locationPath(gone.getLocation());
            if (closed || file.isEmpty() || !Files.isRegularFile(file.get())) {
                return; // the file was deleted: the plugin was taken out on purpose
            }
            Optional<byte[]> bytes = readQuietly(file.get());
            String problem = bytes.map(content -> noBundle(content, file.get(), previous.symbolicName()))
                    .orElse(null);
            if (problem == null) {
                return; // the file is a bundle: uninstalled for another reason, not this component's to undo
            }
            String described = previous.symbolicName() + " " + previous.version();
            Optional<byte[]> kept = versions.read(previous.symbolicName(), previous.version())
                    .filter(jar -> PluginJar.sha256(jar).equals(previous.sha256()));
            if (kept.isEmpty()) {
                logger.error(problem + ". FileInstall uninstalled " + described + ", and no copy of it is kept in "
                        + versions.root() + " to put back: replace the file with a complete plugin jar");
                return;
            }
            Bundle bundle;
            updatingHere.set(Boolean.TRUE);
            try {
                bundle = context.installBundle(gone.getLocation(), new ByteArrayInputStream(kept.get()));
            } finally {
                updatingHere.set(Boolean.FALSE);
            }
            accepted.put(bundle.getBundleId(), previous);
            Restore restore = restoreState(bundle, previous.version(),
                    startAndVerify(bundle, previous.version(), expected, true));
            if (restore.restored()) {
                served.put(bundle.getBundleId(), restore.services());
            }
            String sha = PluginJar.sha256(bytes.get());
            refused.put(file.get(), new RefusedFile(previous.symbolicName(), gone.getLocation(), sha, sha));
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("bundle", previous.symbolicName());
            fields.put("bundleId", bundle.getBundleId());
            fields.put("file", display(file.get()));
            fields.put("problem", problem);
            fields.put("restored", restore.restored() ? restore.version() : "no: " + restore.problem());
            fields.put("running", restore.version());
            fields.put("state", restore.state());
            fields.put("services", List.copyOf(restore.services()));
            trail.record(FILE_REFUSED, fields);
            logger.error(problem + ". FileInstall uninstalled " + described + " (bundle " + gone.getBundleId()
                    + "); " + (restore.restored() ? "it runs again as bundle " + bundle.getBundleId() + ", "
                            + restore.describe() : "putting it back failed: " + restore.problem() + "; it is "
                            + restore.describe()) + ". A complete jar copied over " + display(file.get())
                    + " is checked before it is kept");
        } catch (BundleException | IOException | RuntimeException e) {
            logger.error("Putting " + previous.symbolicName() + " " + previous.version() + " back after FileInstall"
                    + " uninstalled it (" + gone.getLocation() + ") failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Looks at the refused files again: once one holds the same complete jar over two looks (nobody writes it any
     * more), that jar is checked as an update of its plugin, and kept or rolled back.
     */
    private void lookAtRefusedFiles() {
        for (Map.Entry<Path, RefusedFile> entry : refused.entrySet()) {
            Path file = entry.getKey();
            RefusedFile watched = entry.getValue();
            Bundle bundle = context.getBundle(watched.location());
            if (closed || bundle == null || bundle.getState() == Bundle.UNINSTALLED) {
                refused.remove(file);
                continue;
            }
            Optional<byte[]> bytes = Files.isRegularFile(file) ? readQuietly(file) : Optional.empty();
            if (bytes.isEmpty()) {
                continue;
            }
            String sha = PluginJar.sha256(bytes.get());
            refused.put(file, new RefusedFile(watched.symbolicName(), watched.location(), watched.refusedSha256(),
                    sha));
            if (!sha.equals(watched.lastSha256()) || sha.equals(watched.refusedSha256())) {
                continue; // still being written, or not changed since it was refused
            }
            Accepted running = accepted.get(bundle.getBundleId());
            if (running != null && running.sha256().equals(sha)) {
                refused.remove(file); // the jar that runs was put back
                continue;
            }
            String problem = noBundle(bytes.get(), file, watched.symbolicName());
            if (problem != null) {
                logger.error(problem + "; " + watched.symbolicName() + " " + bundle.getVersion() + " keeps running");
                refused.put(file, new RefusedFile(watched.symbolicName(), watched.location(), sha, sha));
                continue;
            }
            refused.remove(file);
            lock.lock();
            try {
                Outcome outcome = swapLocked(bundle, PluginJar.read(bytes.get(), display(file)), display(file),
                        BY_UPDATE);
                if (outcome.accepted()) {
                    logger.info(outcome.report());
                }
            } catch (IOException | RuntimeException e) {
                logger.error("Checking " + display(file) + " as a new version of " + watched.symbolicName()
                        + " failed: " + e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }
    }

    /** Why {@code bytes} are not a complete jar of the bundle {@code symbolicName}; null when they are. */
    private String noBundle(byte[] bytes, Path file, String symbolicName) {
        try {
            PluginJar jar = PluginJar.read(bytes, display(file));
            return jar.symbolicName().equals(symbolicName) ? null
                    : display(file) + " holds " + jar.describe() + ", not a version of " + symbolicName;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
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
        String problem = noBundle(bytes.get(), file.get(), bundle.getSymbolicName());
        if (problem != null) {
            keepRunningFromVersions(bundle, file.get(), bytes.get(), problem);
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
     * A plugin whose file in {@code deploy/} is no bundle (any more) when this component starts, typically after a
     * restart that followed {@link #putBackIfFileIsNoBundle}: the kept jar of its version is what can be rolled back
     * to, and the file is watched as a refused one.
     */
    private void keepRunningFromVersions(Bundle bundle, Path file, byte[] inFile, String problem) {
        String name = bundle.getSymbolicName();
        String version = bundle.getVersion().toString();
        try {
            Optional<byte[]> kept = versions.read(name, version);
            if (kept.isEmpty()) {
                logger.warn("No copy of " + name + " " + version + " is kept: " + problem);
                return;
            }
            accepted.put(bundle.getBundleId(), new Accepted(name, version, PluginJar.sha256(kept.get())));
            String sha = PluginJar.sha256(inFile);
            refused.put(file, new RefusedFile(name, bundle.getLocation(), sha, sha));
            logger.error(problem + "; " + name + " " + version + " runs from the copy kept in " + versions.root());
        } catch (IOException | IllegalArgumentException e) {
            logger.warn("No copy of " + name + " " + version + " is kept: " + e.getMessage());
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
        return locationPath(bundle.getLocation()).filter(Files::isRegularFile);
    }

    /** The path of a {@code file:} location, whether or not a file is there. */
    static Optional<Path> locationPath(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(location)));
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
