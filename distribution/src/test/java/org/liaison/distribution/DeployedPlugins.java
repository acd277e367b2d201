package org.liaison.distribution;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The plugins of {@code deploy/} start right after the ready line, when FileInstall first looks at the folder. A test
 * that needs them waits here: until {@code logs/liaison.log}, from where it stood before the start, has a
 * {@code BundleEvent STARTED} for the bundle (by the symbolic name in its manifest) of every
 * {@code liaison-plugin-*.jar} in {@code deploy/}.
 */
final class DeployedPlugins {

    private static final String JAR_PREFIX = "liaison-plugin-";

    private DeployedPlugins() {
    }

    /** Where the log ends now: what a start appends comes after it. */
    static long logMark(Path home) throws IOException {
        Path log = home.resolve("logs/liaison.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    static void awaitStarted(Path home, long logMark, Duration timeout) throws IOException {
        List<String> symbolicNames = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("deploy"))) {
            for (Path jar : jars.filter(jar -> jar.getFileName().toString().startsWith(JAR_PREFIX)
                    && jar.getFileName().toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    String name = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                    symbolicNames.add(name.split(";")[0].strip());
                }
            }
        }
        Await.until("the plugins of deploy/ started: " + symbolicNames, timeout, () -> logSince(home, logMark),
                log -> symbolicNames.stream().allMatch(name -> log.contains("[" + name + "] BundleEvent STARTED")));
    }

    private static String logSince(Path home, long mark) {
        Path log = home.resolve("logs/liaison.log");
        if (!Files.exists(log)) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= mark) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - mark)];
            file.seek(mark);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }
}
