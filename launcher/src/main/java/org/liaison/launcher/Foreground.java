package org.liaison.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.liaison.launcher.ConfigProperties.ConfigException;
import org.liaison.launcher.Platform.Mode;
import org.liaison.launcher.Platform.Problem;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;

/**
 * {@code run} and {@code console}: Liaison in the foreground until the framework stops, by Ctrl-C, SIGTERM,
 * the end of the console's input, or {@code stop 0}.
 */
final class Foreground {

    /**
     * When the JVM started. Not ProcessHandle's start instant: on Linux it derives from the boot time in whole
     * seconds, and was measured up to 0.8 s early. The management API takes some 15 ms to load, so it loads in
     * parallel with the framework.
     */
    private static final CompletableFuture<Instant> JVM_START = CompletableFuture.supplyAsync(
            () -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);
    /** How long the ready line waits for the journal to open (a remote PostgreSQL journal may be slow to answer). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final LiaisonHome home;
    private final Mode mode;
    private final String version;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicReference<Platform> current = new AtomicReference<>();

    Foreground(LiaisonHome home, Mode mode, String version, PrintStream out, PrintStream err) {
        this.home = home;
        this.mode = mode;
        this.version = version;
        this.out = out;
        this.err = err;
    }

    /** Runs until the framework stops; returns the exit status. */
    int run() throws IOException, ConfigException, InterruptedException {
        Map<String, String> properties = Platform.frameworkProperties(home, mode, home.frameworkStorage());
        Files.createDirectories(home.dataDir());
        // Two instances on one home would share felix-cache and overwrite each other's exec.port.
        try (FileChannel channel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                err.println("liaison: Liaison is already running from " + home.root()
                        + " (another process holds data/liaison.lock)");
                return Liaison.EXIT_NOT_STARTED;
            }
            Thread shutdownHook = new Thread(this::stop, "liaison-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            try {
                return launch(new Platform(home, properties, err));
            } finally {
                removeShutdownHook(shutdownHook);
            }
        } catch (BundleException e) {
            err.println("liaison: Felix did not start: " + Platform.describe(e));
            return Liaison.EXIT_FAILURE;
        }
    }

    /** Starts the framework and returns the exit status once it has stopped. */
    private int launch(Platform platform) throws IOException, BundleException, InterruptedException {
        current.set(platform);
        boolean running = false;
        try {
            StartupTrace trace = platform.trace();
            trace.phase("create the framework");
            platform.init();
            LogToStderr.attach(platform::systemContext, err);
            trace.phase("framework init");
            platform.install(home.bundleDir());
            trace.phase("install bundle/");
            platform.startFramework();
            trace.phase("framework start");
            // FileInstall comes after the rest of the infrastructure, so that its errors go to the LogService (and
            // so to stderr) rather than to stdout, and before SCR: it reads conf/services/ as it starts, so the
            // core's components find their configurations when SCR activates them. The plugins of deploy/ come
            // after the ready line, from a watcher of its own (conf/services/org.apache.felix.fileinstall-deploy.cfg).
            platform.startBundles(bundle -> bundle.is(Platform.FILEINSTALL) || bundle.is(Platform.SCR)
                    || mode == Mode.CONSOLE && bundle.is(Platform.SHELL));
            platform.start(Platform.FILEINSTALL);
            platform.start(Platform.SCR);
            for (Problem problem : platform.problems()) {
                err.println("liaison: " + problem);
            }
            Optional<String> notReady = platform.awaitReady(READY_TIMEOUT);
            trace.phase("wait for the journal");
            if (notReady.isPresent()) {
                // no ready line: a script waiting for it must not go on against a Liaison that takes no input
                err.println("liaison: not ready: " + notReady.get());
            } else {
                out.println("Liaison " + version + " ready in " + sinceProcessStart().toMillis() + " ms: "
                        + platform.activeCount() + " bundles active");
            }
            trace.print(err);
            if (mode == Mode.CONSOLE) {
                // The shell prints its banner and prompt from its own thread: started earlier, it would print
                // them in the middle of the ready line.
                platform.start(Platform.SHELL).forEach(problem -> err.println("liaison: " + problem));
            }
            running = true;
            FrameworkEvent stopped = platform.waitForStop();
            while (stopped.getType() == FrameworkEvent.STOPPED_UPDATE
                    || stopped.getType() == FrameworkEvent.STOPPED_SYSTEM_REFRESHED) {
                // Felix restarts itself on a thread of its own (update 0, a refreshed extension), from its cache
                if (!platform.awaitRestart(RESTART_TIMEOUT)) {
                    err.println("liaison: the framework stopped for a restart, but did not start again");
                    return Liaison.EXIT_FAILURE;
                }
                stopped = platform.waitForStop();
            }
            return stopped.getType() == FrameworkEvent.ERROR ? Liaison.EXIT_FAILURE : Liaison.EXIT_OK;
        } finally {
            if (!running) {
                platform.stop();
            }
        }
    }

    /** Stops the running framework, as Ctrl-C does; {@link #run()} then returns. */
    void stop() {
        Platform platform = current.get();
        if (platform != null) {
            platform.stop();
        }
    }

    /** The lock, or {@code null} when another process (or, in tests, this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is what stopped the framework
        }
    }

    static Duration sinceProcessStart() {
        return Duration.between(JVM_START.join(), Instant.now());
    }
}
