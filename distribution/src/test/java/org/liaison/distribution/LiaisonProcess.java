package org.liaison.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of the assembled distribution in a folder of its own, run as a separate process through
 * {@code bin/liaison}, exactly as an admin runs it.
 */
final class LiaisonProcess implements AutoCloseable {

    static final Pattern READY = Pattern.compile("Liaison (\\S+) ready in (\\d+) ms: (\\d+) bundles active");

    /** What one run of a {@code bin/liaison} command printed, and its exit code. */
    record Result(int exitCode, String output) {
    }

    private final Path home;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private Process process;
    private String umask;

    private LiaisonProcess(Path home) {
        this.home = home;
    }

    /**
     * Copies the assembled distribution to {@code target/system-test/<name>}, replacing an earlier copy. What a run
     * of the assembled distribution itself may have left behind (the bundle cache, the exec port and token, logs,
     * inboxes) is not copied: each test starts from the distribution as shipped.
     */
    static LiaisonProcess copyOfDistribution(String name) throws IOException {
        Path home = Path.of("target", "system-test", name).toAbsolutePath();
        deleteRecursively(home);
        copyRecursively(DistributionLayout.home(), home);
        return new LiaisonProcess(home);
    }

    private static boolean isRuntimeState(Path relative) {
        String path = relative.toString().replace('\\', '/');
        return path.equals("logs") || path.startsWith("data/") && !path.equals("data/README.txt");
    }

    Path home() {
        return home;
    }

    /** Makes {@link #run} start Liaison from a shell with this umask (for example {@code 000}), as an admin might. */
    LiaisonProcess withUmask(String umask) {
        this.umask = umask;
        return this;
    }

    /**
     * Starts {@code bin/liaison run} and waits for the ready line, then for the plugins of {@code deploy/}, which
     * start right after it; returns the matched ready line.
     */
    Matcher run(Duration timeout) throws IOException, InterruptedException {
        long logMark = DeployedPlugins.logMark(home);
        Matcher ready = awaitReadyLine(timeout);
        DeployedPlugins.awaitStarted(home, logMark, timeout);
        return ready;
    }

    private Matcher awaitReadyLine(Duration timeout) throws IOException, InterruptedException {
        List<String> commandLine = umask == null ? List.of(home.resolve("bin/liaison").toString(), "run")
                : List.of("sh", "-c", "umask " + umask + " && exec \"$0\" run", home.resolve("bin/liaison").toString());
        process = new ProcessBuilder(commandLine).directory(home.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        }, "liaison-output-" + home.getFileName());
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (output) {
                for (String line : output) {
                    Matcher ready = READY.matcher(line);
                    if (ready.matches()) {
                        return ready;
                    }
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("bin/liaison run exited with " + process.exitValue()
                        + " before the ready line; output:\n" + output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ready line within " + timeout.toMillis() + " ms; output:\n" + output());
    }

    /** Everything the running process printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Runs {@code bin/liaison <arguments>} to completion, for example {@code exec liaison:plugins}. */
    Result command(String... arguments) throws IOException, InterruptedException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(home.resolve("bin/liaison").toString());
        commandLine.addAll(List.of(arguments));
        Process command = new ProcessBuilder(commandLine).directory(home.toFile()).redirectErrorStream(true)
                .start();
        byte[] printed = command.getInputStream().readAllBytes();
        if (!command.waitFor(60, TimeUnit.SECONDS)) {
            command.destroyForcibly();
            throw new AssertionError("bin/liaison " + String.join(" ", arguments) + " did not finish in 60 s");
        }
        return new Result(command.exitValue(), new String(printed, StandardCharsets.UTF_8));
    }

    /** Stops the process as SIGTERM would; returns its exit code. */
    int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/liaison run did not stop within 30 s of SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void copyRecursively(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (isRuntimeState(from.relativize(dir))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (isRuntimeState(from.relativize(file))) {
                    return FileVisitResult.CONTINUE;
                }
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteRecursively(Path root) throws IOException {
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
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
