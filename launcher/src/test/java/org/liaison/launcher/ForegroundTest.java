package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.launcher.Platform.Mode;

/** run against a real Felix with hand-made bundles (no FileInstall, DS or shell). */
class ForegroundTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Foreground foreground(LiaisonHome home) {
        return new Foreground(home, Mode.RUN, "9.9.9", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!stdout().contains(" ready in ") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void reportsProblemsThenOneReadyLineAndStopsCleanly() throws Exception {
        LiaisonHome home = TestHomes.create(root, "felix.fileinstall.dir=${liaison.home}/deploy\n");
        TestHomes.bundle(root.resolve("bundle/a.jar"), Map.of("Bundle-SymbolicName", "example.a",
                "Bundle-Version", "1.0.0"));
        TestHomes.bundle(root.resolve("bundle/b.jar"), Map.of("Bundle-SymbolicName", "example.b",
                "Bundle-Version", "1.0.0", "Import-Package", "com.nothere"));
        // deploy/ belongs to FileInstall, which this home lacks: the launcher itself must leave it alone
        TestHomes.bundle(root.resolve("deploy/c.jar"), Map.of("Bundle-SymbolicName", "example.c"));
        Foreground foreground = foreground(home);

        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return foreground.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitReady();

        assertTrue(stdout().matches("Liaison 9\\.9\\.9 ready in \\d+ ms: 1 bundles active\n"), stdout());
        assertTrue(stderr().startsWith("liaison: example.b 1.0.0 (bundle/b.jar): did not start: Unable to resolve "
                + "example.b"), stderr());
        assertTrue(stderr().contains("missing requirement"), stderr());
        assertTrue(Files.isDirectory(root.resolve("data/felix-cache")));

        foreground.stop();
        assertEquals(0, status.get(20, TimeUnit.SECONDS));
        assertEquals(1, stdout().lines().count(), stdout());
    }

    @Test
    void secondInstanceOnTheSameHomeIsRefused() throws Exception {
        LiaisonHome home = TestHomes.create(root, "");
        Foreground first = foreground(home);
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
            try {
                return first.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitReady();
        try {
            ByteArrayOutputStream secondErr = new ByteArrayOutputStream();
            int status = new Foreground(home, Mode.RUN, "9.9.9", new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(secondErr, true, StandardCharsets.UTF_8)).run();
            assertEquals(2, status);
            assertEquals("liaison: Liaison is already running from " + home.root()
                    + " (another process holds data/liaison.lock)\n", secondErr.toString(StandardCharsets.UTF_8));
        } finally {
            first.stop();
        }
        assertEquals(0, running.get(20, TimeUnit.SECONDS));
    }
}
