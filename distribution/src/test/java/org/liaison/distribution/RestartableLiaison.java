package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A copy of the assembled distribution that is started, killed with SIGKILL and started again on the same home, as
 * a crash and an admin's restart would do. {@code bin/liaison run} execs java, so {@link Process#destroyForcibly()}
 * kills the JVM itself, with no shutdown hook, no {@code @Deactivate} and no flush.
 */
final class RestartableLiaison implements AutoCloseable {

    /** The exit code of a process killed by SIGKILL (128 + 9). */
    static final int KILLED = 137;

    private final LiaisonProcess copy;
    private Process process;
    private List<String> output = List.of();
    private int runs;

    private RestartableLiaison(LiaisonProcess copy) {
        this.copy = copy;
    }

    /** Copies the assembled distribution to {@code target/system-test/<name>}; see LiaisonProcess. */
    static RestartableLiaison copyOfDistribution(String name) throws IOException {
        return new RestartableLiaison(LiaisonProcess.copyOfDistribution(name));
    }

    Path home() {
        return copy.home();
    }

    /** Appends lines to a configuration file of the home (a {@code conf/services/*.cfg}, say), creating it. */
    void configure(String relativePath, String... lines) throws IOException {
        Path file = home().resolve(relativePath);
        String existing = Files.exists(file) ? Files.readString(file) : "";
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            existing += "\n";
        }
        Files.writeString(file, existing + String.join("\n", lines) + "\n");
    }

    /**
     * Starts {@code bin/liaison run} (the first time, or again after a kill or stop) and waits for its ready line,
     * then for the plugins of {@code deploy/}, which start right after it.
     *
     * @return how long it took until the ready line
     */
    Duration start(Duration timeout) throws IOException {
        long logMark = DeployedPlugins.logMark(home());
        Duration tookUntilReady = launch("the ready line", line -> LiaisonProcess.READY.matcher(line).matches(),
                timeout);
        DeployedPlugins.awaitStarted(home(), logMark, timeout);
        return tookUntilReady;
    }

    /**
     * Starts {@code bin/liaison run} and waits until it prints a line that {@code expected} accepts; fails if it
     * exits first.
     *
     * @return how long it took until that line
     */
    Duration launch(String description, Predicate<String> expected, Duration timeout) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Liaison is still running in " + home());
        }
        long started = System.nanoTime();
        runs++;
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        output = printed;
        Process run = new ProcessBuilder(home().resolve("bin/liaison").toString(), "run")
                .directory(home().toFile()).redirectErrorStream(true).start();
        process = run;
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    printed.add(line);
                }
            } catch (IOException e) {
                printed.add("(output closed: " + e + ")");
            }
        }, "liaison-output-" + home().getFileName() + "-" + runs);
        reader.setDaemon(true);
        reader.start();
        try {
            Await.until(description + " of run " + runs + " of " + home(), timeout, () -> {
                if (!run.isAlive()) {
                    throw new AssertionError("bin/liaison run (run " + runs + ") exited with "
                            + run.exitValue() + " before " + description + "; output:\n" + output());
                }
                return output();
            }, text -> text.lines().anyMatch(expected));
        } catch (AssertionError e) {
            run.destroyForcibly();
            throw e;
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** kill -9: the JVM dies at once, wherever it is. Asserts that it died of SIGKILL. */
    void kill() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            throw new AssertionError("Liaison is not running, so it cannot be killed; it exited with "
                    + (process == null ? "nothing" : process.exitValue()) + "; output:\n" + output());
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Liaison did not die within 30 s of SIGKILL");
        }
        assertEquals(KILLED, process.exitValue(), "Liaison was killed by SIGKILL, not stopped; output:\n" + output());
    }

    /** Stops Liaison as SIGTERM does; returns its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/liaison run did not stop within 60 s of SIGTERM; output:\n" + output());
        }
        return process.exitValue();
    }

    /** What the current (or last) run printed. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Runs {@code bin/liaison <arguments>} to completion. */
    LiaisonProcess.Result command(String... arguments) throws IOException, InterruptedException {
        return copy.command(arguments);
    }

    /** Runs a Gogo command through {@code bin/liaison exec}; asserts that it succeeded and returns its output. */
    String exec(String gogoCommand) {
        try {
            LiaisonProcess.Result result = copy.command("exec", gogoCommand);
            if (result.exitCode() != 0) {
                throw new AssertionError("bin/liaison exec '" + gogoCommand + "' exited with " + result.exitCode()
                        + ":\n" + result.output());
            }
            return result.output();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Drops a file in a partner's inbox the way a partner should: written as {@code .name.part}, then renamed. */
    void drop(String partner, String name, String content) throws IOException {
        Path inbox = Files.createDirectories(home().resolve("data/inbox/" + partner));
        Path temporary = inbox.resolve("." + name + ".part");
        Files.writeString(temporary, content);
        Files.move(temporary, inbox.resolve(name));
    }

    /** The visible files of a folder of the home (hidden in-progress files left out), sorted; none when absent. */
    List<Path> files(String folder) {
        Path path = home().resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a Liaison still running (a failed test), so that no JVM outlives the test. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
