package org.liaison.core.internal.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.core.internal.swap.FakeFramework.UNODC;
import static org.liaison.core.internal.swap.SwapRollbackTest.SHIPPED;
import static org.liaison.core.internal.swap.SwapRollbackTest.format;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * What FileInstall does with a plugin's file in {@code deploy/} that is no bundle (random bytes, or a jar caught
 * half copied): its bundle transformer can no longer open the file, so it uninstalls the bundle, and later installs
 * whatever complete jar appears there as if it were new. The plugin must keep running at its version, and a new jar
 * must never run before its check.
 */
class SwapDeployTest {

    @TempDir
    Path home;

    FakeFramework framework;
    PluginSwapper swapper;
    Path deployed;
    String location;

    @BeforeEach
    void start() throws Exception {
        framework = new FakeFramework(home);
        deployed = Files.createDirectories(home.resolve("deploy")).resolve("liaison-plugin-unodc.jar");
        Files.write(deployed, FakeFramework.jar(SHIPPED));
        location = deployed.toUri().toString();
        framework.install(location, Files.readAllBytes(deployed)).start();
        swapper = framework.swapper();
        Path kept = home.resolve(PluginVersions.FOLDER).resolve(UNODC).resolve(SHIPPED + ".jar");
        await("the shipped jar kept in " + kept, () -> Files.isRegularFile(kept));
    }

    @AfterEach
    void stop() throws InterruptedException {
        swapper.stop();
    }

    @Test
    void aDeployJarReplacedByRandomBytesLeavesThePluginRunningAtItsVersion() throws Exception {
        byte[] noise = new byte[6000];
        new Random(13).nextBytes(noise);

        replaceWithNoBundle(noise);

        FakeFramework.FakeBundle running = framework.bundle(location);
        assertEquals(SHIPPED, running.version.toString());
        assertEquals(List.of(format(SHIPPED)), framework.served());
        Map<String, Object> refused = framework.last(PluginSwapper.FILE_REFUSED);
        assertEquals("deploy/liaison-plugin-unodc.jar", refused.get("file"), refused.toString());
        assertEquals(SHIPPED, refused.get("restored"), refused.toString());
        assertEquals("ACTIVE", refused.get("state"), refused.toString());
        assertTrue(String.valueOf(refused.get("problem")).startsWith("deploy/liaison-plugin-unodc.jar is not a"),
                refused.toString());
        assertTrue(framework.log.stream().anyMatch(line -> line.startsWith("ERROR deploy/liaison-plugin-unodc.jar")
                && line.contains(UNODC + " " + SHIPPED)), framework.log.toString());
        assertTrue(Arrays.equals(noise, Files.readAllBytes(deployed)), "the admin's file is left as it is");
    }

    @Test
    void aJarCopiedInChunksIsCheckedOnlyOnceComplete() throws Exception {
        byte[] v2 = FakeFramework.jar("0.2.0");
        // the copy starts: FileInstall catches the first half, stable for two of its scans, and uninstalls
        replaceWithNoBundle(Arrays.copyOf(v2, v2.length / 2));
        Thread.sleep(3 * PluginSwapper.REFUSED_FILE_POLL_MS);
        assertEquals(SHIPPED, framework.bundle(location).version.toString(), "half a jar is never installed");
        assertEquals(List.of(), framework.events(PluginSwapper.SWAPPED));

        // the copy ends; FileInstall installs the file at the location that is installed and gets that bundle back
        Files.write(deployed, v2);
        framework.install(location, v2);

        await("the check of the complete jar", () -> !framework.events(PluginSwapper.SWAPPED).isEmpty());
        Map<String, Object> swapped = framework.last(PluginSwapper.SWAPPED);
        assertEquals("0.2.0", swapped.get("newVersion"), swapped.toString());
        assertEquals(SHIPPED, swapped.get("oldVersion"), swapped.toString());
        assertEquals(PluginSwapper.BY_UPDATE, swapped.get("by"), swapped.toString());
        assertEquals(1, swapped.get("samplesPassed"), swapped.toString());
        assertEquals("0.2.0", framework.bundle(location).version.toString());
        await("the new format served", () -> framework.served().equals(List.of(format("0.2.0"))));
    }

    @Test
    void aJarCopiedInChunksThatFailsItsCheckIsRolledBack() throws Exception {
        byte[] v2 = FakeFramework.jar("0.2.0", "Fake-Samples", "fail");
        replaceWithNoBundle(Arrays.copyOf(v2, v2.length - 100));

        Files.write(deployed, v2);

        await("the rollback of the complete jar", () -> !framework.events(PluginSwapper.ROLLED_BACK).isEmpty());
        Map<String, Object> rolledBack = framework.last(PluginSwapper.ROLLED_BACK);
        assertEquals("0.2.0", rolledBack.get("newVersion"), rolledBack.toString());
        assertEquals(SHIPPED, rolledBack.get("restored"), rolledBack.toString());
        assertEquals(SHIPPED, framework.bundle(location).version.toString());
        // the check's hold on the bundle ends right after the audit
        await("the shipped format served again", () -> framework.served().equals(List.of(format(SHIPPED))));
    }

    /** Writes bytes that are no bundle over the plugin's file, and does what FileInstall then does: uninstall. */
    private void replaceWithNoBundle(byte[] bytes) throws Exception {
        FakeFramework.FakeBundle before = framework.bundle(location);
        int refusedBefore = framework.events(PluginSwapper.FILE_REFUSED).size();
        Files.write(deployed, bytes);
        before.uninstall();
        await("the plugin put back at " + location, () -> framework.events(PluginSwapper.FILE_REFUSED).size()
                > refusedBefore);
        FakeFramework.FakeBundle now = framework.bundle(location);
        assertEquals(Bundle.ACTIVE, now == null ? Bundle.UNINSTALLED : now.state, framework.log.toString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(20);
        }
    }
}
