package org.liaison.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.liaison.launcher.Components.Issue;
import org.liaison.launcher.ConfigProperties.ConfigException;
import org.liaison.launcher.Platform.InstalledBundle;
import org.liaison.launcher.Platform.Mode;
import org.liaison.launcher.Platform.Problem;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * {@code check}: bundle/ and deploy/ (every folder of {@code felix.fileinstall.dir}) in a throw-away framework,
 * every bundle started, then a report. FileInstall runs too, but only for the configuration files of its folders,
 * so that components get the configuration they would have in production while the jars are installed by the
 * check itself (and therefore reported bundle by bundle).
 */
final class Check {

    /** DS settles asynchronously (configurations arrive through ConfigAdmin): wait for a quiet period. */
    private static final long QUIET_MS = 500;
    private static final long POLL_MS = 100;
    private static final long MAX_WAIT_MS = TimeUnit.SECONDS.toMillis(10);

    private final LiaisonHome home;
    private final PrintStream out;
    private final PrintStream err;

    Check(LiaisonHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** Returns 0 when every bundle is active (or a resolved fragment) and no component has a problem, else 1. */
    int run() throws IOException, ConfigException, InterruptedException {
        Path storage = Files.createTempDirectory("liaison-check-");
        try {
            Map<String, String> properties = new HashMap<>(Platform.frameworkProperties(home, Mode.CHECK, storage));
            // the service configurations only: not those of FileInstall's own watchers (the one of deploy/ would
            // install the plugins a second time; the check installs them itself)
            properties.put("felix.fileinstall.filter", "(?!org\\.apache\\.felix\\.fileinstall-).*\\.(cfg|config)");
            properties.put("felix.fileinstall.noInitialDelay", "true");
            properties.put("felix.fileinstall.enableConfigSave", "false");
            Platform platform = new Platform(home, properties, err);
            try {
                platform.init();
                platform.install(home.bundleDir());
                for (Path dir : checkedFolders(home, properties)) {
                    platform.install(dir);
                }
                platform.startFramework();
                platform.startBundles(bundle -> bundle.is(Platform.FILEINSTALL));
                platform.start(Platform.FILEINSTALL);
                return report(platform, settledComponents(platform));
            } catch (BundleException e) {
                err.println("liaison: Felix did not start: " + Platform.describe(e));
                return Liaison.EXIT_NOT_STARTED;
            } finally {
                platform.stop();
            }
        } finally {
            deleteTree(storage);
        }
    }

    /** deploy/ and every folder FileInstall watches by the framework properties, each once. */
    static List<Path> checkedFolders(LiaisonHome home, Map<String, String> properties) {
        Set<Path> folders = new LinkedHashSet<>();
        folders.add(home.deployDir());
        folders.addAll(Platform.fileInstallDirs(home, properties));
        return List.copyOf(folders);
    }

    /** The component issues once DS has settled, or why they could not be checked. */
    private record ComponentReport(List<Issue> issues, String notChecked) {
    }

    private ComponentReport settledComponents(Platform platform) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MS);
        try {
            Optional<List<Issue>> last = Components.issues(platform.systemContext());
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline
                    && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(QUIET_MS)) {
                Thread.sleep(POLL_MS);
                Optional<List<Issue>> now = Components.issues(platform.systemContext());
                if (!now.equals(last)) {
                    last = now;
                    quietSince = System.nanoTime();
                }
            }
            return last.map(issues -> new ComponentReport(issues, null))
                    .orElseGet(() -> new ComponentReport(List.of(), "no ServiceComponentRuntime registered"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new ComponentReport(List.of(), Platform.describe(e));
        }
    }

    private int report(Platform platform, ComponentReport components) {
        out.println("check: " + home.root());
        List<String> problems = new ArrayList<>();
        Map<String, Problem> bundleProblems = new HashMap<>();
        for (Problem problem : platform.problems()) {
            bundleProblems.put(problem.subject(), problem);
        }
        int ok = 0;
        for (InstalledBundle candidate : platform.installed()) {
            Problem problem = bundleProblems.remove(candidate.describe());
            if (problem != null) {
                problems.add(problem.toString());
                out.println("  FAILED   " + problem);
            } else if (isWorking(candidate)) {
                ok++;
                out.println("  OK       " + candidate.describe() + (candidate.isFragment() ? " (fragment)" : ""));
            } else {
                String line = candidate.describe() + ": is " + stateName(candidate.bundle().getState());
                problems.add(line);
                out.println("  FAILED   " + line);
            }
        }
        for (Problem problem : bundleProblems.values()) { // files that could not even be installed
            problems.add(problem.toString());
            out.println("  FAILED   " + problem);
        }
        if (components.notChecked() != null) {
            out.println("  (DS components not checked: " + components.notChecked() + ")");
        }
        for (Issue issue : components.issues()) {
            if (issue.isProblem()) {
                problems.add(issue.toString());
                out.println("  FAILED   " + issue);
            } else {
                out.println("  NOTE     " + issue);
            }
        }
        if (problems.isEmpty()) {
            out.println("check: " + ok + " bundles OK");
            return Liaison.EXIT_OK;
        }
        out.println("check: " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + " ("
                + ok + " of " + platform.installed().size() + " bundles OK)");
        return Liaison.EXIT_FAILURE;
    }

    private static boolean isWorking(InstalledBundle candidate) {
        int state = candidate.bundle().getState();
        return candidate.isFragment() ? state == Bundle.RESOLVED : state == Bundle.ACTIVE;
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING (lazy activation or a slow activator)";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "in state " + state;
        };
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
