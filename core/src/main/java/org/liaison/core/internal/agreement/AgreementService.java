package org.liaison.core.internal.agreement;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.liaison.api.model.Exchange;
import org.liaison.core.internal.audit.AuditTrail;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Holds the configuration in force (partners, purposes, projects and agreements from {@code conf/agreements/*.json},
 * routes and delivery formats from {@code conf/routes/*.json}, the originators' consents to onward transfer from
 * {@code conf/consents/*.json}, a folder that may be missing) and decides with it. It loads both folders at start,
 * on a thread of its own ({@link #awaitFirstLoad}), and again whenever a file in them changes (the file system
 * notifies it; a poll every {@code pollMillis} catches what a file system does not notify). The folders form one
 * set: a set that fails validation is rejected whole and the last good set stays in force; until a first set
 * loads, everything is denied.
 */
@Component(service = AgreementService.class, immediate = true, configurationPid = AgreementService.PID)
@Designate(ocd = AgreementService.Config.class)
public final class AgreementService {

    static final String PID = "org.liaison.core.agreements";

    @ObjectClassDefinition(name = "Liaison agreements",
            description = "Where the partners, purposes, projects and agreements are configured.")
    public @interface Config {
        @AttributeDefinition(description = "Folder of the agreement files; relative paths are resolved against the"
                + " Liaison home.")
        String directory() default "conf/agreements";

        @AttributeDefinition(description = "Folder of the route files; relative paths are resolved against the"
                + " Liaison home.")
        String routesDirectory() default "conf/routes";

        @AttributeDefinition(description = "Folder of the originators' consents to onward transfer; relative paths"
                + " are resolved against the Liaison home. It may be missing: then there is no consent.")
        String consentsDirectory() default "conf/consents";

        @AttributeDefinition(description = "How often the folders are checked for changes, in milliseconds,"
                + " besides the file system's notifications, which make a change take effect at once: for file"
                + " systems that do not notify (network file systems).", min = "50")
        long pollMillis() default 5_000;
    }

    /** What is in force, as {@code liaison:agreements} shows it. */
    record State(AgreementPolicy policy, Instant loadedAt, List<String> lastRejection) {
    }

    private final List<Path> directories;
    private final Logger logger;
    private final ScheduledExecutorService watcher;
    private WatchService notifications;
    private volatile ScheduledFuture<?> pendingReload;
    /** Optional so that the policy works, and is testable, without the audit trail; Liaison always has one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditTrail audit;
    private volatile State state = new State(new AgreementPolicy(AgreementSet.empty()), null, List.of());
    private Map<String, String> fingerprint = Map.of();
    private final CompletableFuture<Void> firstLoad = new CompletableFuture<>();
    /** Told when a new configuration is put in force. */
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    @Activate
    public AgreementService(Config config, BundleContext context,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this(directories(context.getProperty("liaison.home"), config), logger, false);
        // The first load runs on the watcher's thread, beside the rest of the core's start: the engine takes no
        // input before it is over (awaitFirstLoad), and until then every decision is a denial.
        watcher.execute(() -> {
            try {
                reloadIfChanged();
            } finally {
                firstLoad.complete(null);
            }
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, config.pollMillis(), config.pollMillis(),
                TimeUnit.MILLISECONDS);
        notifications = watchForChanges();
    }

    /** Waits until the configuration of the folders has been read once (loaded, or rejected and logged). */
    public void awaitFirstLoad() throws InterruptedException {
        try {
            firstLoad.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot happen: the first load completes normally", e);
        }
    }

    /** How long the folders must be quiet after a notified change before they are read: an editor may write twice. */
    static final long SETTLE_MILLIS = 100;

    /**
     * Asks the file system to notify every change in the folders (inotify on Linux), so that an edit takes effect
     * at once and an idle Liaison does not read the folders twice a second; each change is read once the folders
     * have been quiet for {@value #SETTLE_MILLIS} ms. Without notifications (a folder missing at start, a file
     * system that cannot notify) the poll alone sees changes.
     */
    private WatchService watchForChanges() {
        WatchService service;
        try {
            service = directories.get(0).getFileSystem().newWatchService();
            for (Path directory : directories) {
                if (Files.isDirectory(directory)) {
                    directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            logger.info("Changes in " + directories() + " are seen by polling only: " + e);
            return null;
        }
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = service.take();
                    key.pollEvents();
                    key.reset();
                    ScheduledFuture<?> previous = pendingReload;
                    if (previous != null) {
                        previous.cancel(false);
                    }
                    pendingReload = watcher.schedule(this::reloadIfChanged, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException | ClosedWatchServiceException | RejectedExecutionException e) {
                // stopped
            }
        }, "liaison-agreements-notifications");
        thread.setDaemon(true);
        thread.start();
        return service;
    }

    private static List<Path> directories(String home, Config config) {
        Path base = Path.of(Optional.ofNullable(home).orElse("."));
        return List.of(base.resolve(config.directory()).normalize(), base.resolve(config.routesDirectory())
                .normalize(), base.resolve(config.consentsDirectory()).normalize());
    }

    /** For tests: loads once now; reloads only when {@link #reloadIfChanged()} is called. */
    AgreementService(List<Path> directories, Logger logger) {
        this(directories, logger, true);
    }

    private AgreementService(List<Path> directories, Logger logger, boolean loadNow) {
        this.directories = List.copyOf(directories);
        this.logger = logger;
        this.watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "liaison-agreements-watcher");
            thread.setDaemon(true);
            return thread;
        });
        if (loadNow) {
            reloadIfChanged();
            firstLoad.complete(null);
        }
    }

    @Deactivate
    void stop() {
        watcher.shutdownNow();
        if (notifications != null) {
            try {
                notifications.close();
            } catch (IOException e) {
                // nothing is watched any more either way
            }
        }
    }

    /**
     * Whether a configuration is in force: false until a first valid set has loaded (everything is denied, and the
     * engine keeps inputs waiting rather than decide them against nothing).
     */
    public boolean inForce() {
        return state.loadedAt() != null;
    }

    /** Runs the listener, on the watcher's thread, each time a new configuration is put in force. */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(listener);
    }

    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }

    /** The policy of the configuration in force. */
    AgreementPolicy policy() {
        return state.policy();
    }

    State state() {
        return state;
    }

    /** The folders the configuration is read from, for messages. */
    String directories() {
        return directories.stream().map(Path::toString).collect(Collectors.joining(" and "));
    }

    /** Decides an exchange for one of its recipients with the configuration in force. */
    public AgreementPolicy.RecipientDecision decide(Exchange exchange, String recipient) {
        return state.policy().decide(exchange, recipient);
    }

    /**
     * The hash of the configuration in force ({@link AgreementSet#hash()}): a decision taken under another hash, or
     * on another day, may no longer hold.
     */
    public String configurationHash() {
        return state.policy().agreementSet().hash();
    }

    /** The routes from a partner in the configuration in force, in configuration order. */
    public List<Route> routesFrom(String partner) {
        return state.policy().agreementSet().routes().values().stream()
                .filter(route -> route.from().equals(partner)).toList();
    }

    /** The format a partner receives a record type in, when its configuration names one. */
    public Optional<String> deliveryFormat(String partner, String recordType) {
        return state.policy().agreementSet().deliveryFormat(partner, recordType);
    }

    /**
     * Loads the folder again if any file in it was added, removed or changed since the last look. Returns true
     * when a new set was put in force.
     */
    synchronized boolean reloadIfChanged() {
        Map<String, String> now = new TreeMap<>();
        for (Path directory : directories) {
            try {
                fingerprint(directory).forEach((name, stamp) -> now.put(directory.getFileName() + "/" + name, stamp));
            } catch (IOException e) {
                reject(List.of(directory + ": cannot be read: " + e.getMessage()));
                return false;
            }
        }
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        // the consents' folder (the third) may be missing
        AgreementFiles.Result result = AgreementFiles.load(directories,
                directories.size() > 2 ? Set.of(directories.get(2)) : Set.of());
        if (result.set().isEmpty()) {
            reject(result.errors().stream().map(ConfigError::message).toList());
            return false;
        }
        AgreementSet set = result.set().get();
        AgreementSet previous = state.policy().agreementSet();
        state = new State(new AgreementPolicy(set), Instant.now(), List.of());
        logChanges(previous, set);
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                logger.error("A listener of configuration changes failed: " + e, e);
            }
        }
        return true;
    }

    private void reject(List<String> errors) {
        if (errors.equals(state.lastRejection())) {
            return;
        }
        state = new State(state.policy(), state.loadedAt(), List.copyOf(errors));
        String kept = state.loadedAt() == null ? "no agreement is in force: every exchange is denied"
                : "the configuration loaded at " + state.loadedAt() + " stays in force";
        logger.error("Configuration in " + directories() + " rejected, " + kept + ":\n  "
                + String.join("\n  ", errors));
        audit("configuration-rejected", Map.of("directories", directories(), "errors", errors, "inForce",
                state.loadedAt() == null ? "nothing" : "loaded at " + state.loadedAt()));
    }

    private void logChanges(AgreementSet previous, AgreementSet current) {
        Map<String, String> oldHashes = hashes(previous);
        Map<String, String> newHashes = hashes(current);
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> file : newHashes.entrySet()) {
            String old = oldHashes.get(file.getKey());
            if (old == null) {
                changes.add(file.getKey() + " added (sha256 " + file.getValue() + ")");
            } else if (!old.equals(file.getValue())) {
                changes.add(file.getKey() + " changed (sha256 " + old + " -> " + file.getValue() + ")");
            }
        }
        for (Map.Entry<String, String> file : oldHashes.entrySet()) {
            if (!newHashes.containsKey(file.getKey())) {
                changes.add(file.getKey() + " removed (sha256 was " + file.getValue() + ")");
            }
        }
        logger.info("Configuration in " + directories() + " now in force: " + current.partners().size()
                + " partners, " + current.agreements().size() + " agreements, " + current.consents().size()
                + " consents, " + current.routes().size()
                + " routes (configuration " + current.hash() + "); " + String.join("; ", changes));
        audit("configuration-loaded", Map.of("directories", directories(), "changes", changes,
                "agreements", current.agreements().size(), "consents", current.consents().size(),
                "routes", current.routes().size(), "configuration", current.hash()));
    }

    private void audit(String event, Map<String, Object> fields) {
        AuditTrail trail = audit;
        if (trail != null) {
            trail.record(event, fields);
        }
    }

    private static Map<String, String> hashes(AgreementSet set) {
        Map<String, String> hashes = new TreeMap<>();
        set.files().forEach(file -> hashes.put(file.name(), file.sha256()));
        return hashes;
    }

    /** Name, size and modification time of every file: cheap to take every poll, unlike hashing contents. */
    private static Map<String, String> fingerprint(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return Map.of("(missing)", directory.toString());
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                files.put(entry.getFileName().toString(), attributes.size() + "@"
                        + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            }
        }
        return files;
    }
}
