package org.liaison.core.internal.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.core.internal.swap.FakeFramework.UNODC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * A failed {@code liaison:swap} ends with the previous version active and serving, and says so only when it is:
 * the message and the audit name what the bundle runs afterwards, read from the bundle.
 */
class SwapRollbackTest {

    static final String SHIPPED = "0.1.0.SNAPSHOT";

    @TempDir
    Path home;

    FakeFramework framework;
    FakeFramework.FakeBundle unodc;
    PluginSwapper swapper;
    byte[] shipped;
    Path deployed;

    @BeforeEach
    void start() throws Exception {
        framework = new FakeFramework(home);
        deployed = Files.createDirectories(home.resolve("deploy")).resolve("liaison-plugin-unodc.jar");
        shipped = FakeFramework.jar(SHIPPED);
        Files.write(deployed, shipped);
        unodc = framework.install(deployed.toUri().toString(), shipped);
        unodc.start();
        swapper = framework.swapper();
        Path kept = home.resolve(PluginVersions.FOLDER).resolve(UNODC).resolve(SHIPPED + ".jar");
        SwapDeployTest.await("the shipped jar kept in " + kept, () -> Files.isRegularFile(kept));
    }

    @AfterEach
    void stop() throws InterruptedException {
        swapper.stop();
    }

    @Test
    void aVersionWhoseActivatorThrowsIsRolledBackAndThePreviousVersionServesAgain() throws Exception {
        Files.write(home.resolve("unodc-0.2.0.jar"), FakeFramework.jar("0.2.0", "Fake-Start", "throws"));

        PluginSwapper.Outcome outcome = swapper.swap("unodc", "unodc-0.2.0.jar");

        assertFalse(outcome.accepted(), outcome.report());
        assertRestored(outcome);
        assertTrue(outcome.report().contains("Activator start error"), outcome.report());
    }

    @Test
    void aVersionThatDoesNotResolveIsRolledBackAndThePreviousVersionServesAgain() throws Exception {
        Files.write(home.resolve("unodc-0.2.0.jar"), FakeFramework.jar("0.2.0", "Fake-Resolve", "fails"));

        PluginSwapper.Outcome outcome = swapper.swap(UNODC, "unodc-0.2.0.jar");

        assertFalse(outcome.accepted(), outcome.report());
        assertRestored(outcome);
        assertTrue(outcome.report().contains("missing requirement"), outcome.report());
    }

    @Test
    void aVersionWhoseSampleFailsIsRolledBackNamingTheSample() throws Exception {
        Files.write(home.resolve("unodc-0.2.0.jar"), FakeFramework.jar("0.2.0", "Fake-Samples", "fail"));

        PluginSwapper.Outcome outcome = swapper.swap("unodc", "unodc-0.2.0.jar");

        assertFalse(outcome.accepted(), outcome.report());
        assertRestored(outcome);
        assertTrue(outcome.report().contains("FAIL unodc/seizures-csv unodc-published.csv"), outcome.report());
    }

    @Test
    void aRollbackThatFailsIsReportedAsSuchAndTheUncheckedVersionTakesNoTraffic() throws Exception {
        Files.write(home.resolve("unodc-0.2.0.jar"), FakeFramework.jar("0.2.0", "Fake-Samples", "fail",
                "Fake-Next-Update", "refused"));

        PluginSwapper.Outcome outcome = swapper.swap("unodc", "unodc-0.2.0.jar");

        assertFalse(outcome.accepted(), outcome.report());
        assertTrue(outcome.report().startsWith("Could not roll back " + UNODC + " 0.2.0 to " + SHIPPED + ": "),
                outcome.report());
        assertTrue(outcome.report().contains("now runs 0.2.0 (ACTIVE"), outcome.report());
        assertTrue(outcome.report().contains("the framework refuses to update " + UNODC + " 0.2.0"),
                outcome.report());
        assertEquals(List.of(), framework.events(PluginSwapper.ROLLED_BACK), "nothing was rolled back");
        Map<String, Object> failed = framework.last(PluginSwapper.ROLLBACK_FAILED);
        assertEquals("0.2.0", failed.get("running"), failed.toString());
        assertEquals("ACTIVE", failed.get("state"), failed.toString());
        assertTrue(String.valueOf(failed.get("restored")).startsWith("no: "), failed.toString());
        assertEquals(List.of(), framework.served(), "a version that failed its samples serves nothing");
    }

    @Test
    void aGoodVersionIsSwappedInAndWrittenToDeploy() throws Exception {
        byte[] v2 = FakeFramework.jar("0.2.0");
        Files.write(home.resolve("unodc-0.2.0.jar"), v2);

        PluginSwapper.Outcome outcome = swapper.swap("unodc", "unodc-0.2.0.jar");

        assertTrue(outcome.accepted(), outcome.report());
        assertEquals("0.2.0", unodc.version.toString());
        assertEquals(List.of(format("0.2.0")), framework.served());
        assertArrayEquals(v2, Files.readAllBytes(deployed));
    }

    private void assertRestored(PluginSwapper.Outcome outcome) throws IOException {
        assertEquals(SHIPPED, unodc.version.toString(), "the version the bundle runs; " + outcome.report());
        assertEquals(Bundle.ACTIVE, unodc.state, "the state of the bundle; " + outcome.report());
        assertEquals(List.of(format(SHIPPED)), framework.served(), "its format is in the registry again");
        assertTrue(outcome.report().startsWith("Rolled back " + UNODC + " 0.2.0 to " + SHIPPED
                + " (ACTIVE, registering format unodc/seizures-csv): "), outcome.report());
        Map<String, Object> rolledBack = framework.last(PluginSwapper.ROLLED_BACK);
        assertEquals(SHIPPED, rolledBack.get("restored"), rolledBack.toString());
        assertEquals(SHIPPED, rolledBack.get("running"), rolledBack.toString());
        assertEquals("ACTIVE", rolledBack.get("state"), rolledBack.toString());
        assertEquals(List.of("format unodc/seizures-csv"), rolledBack.get("services"), rolledBack.toString());
        assertEquals("0.2.0", rolledBack.get("newVersion"), rolledBack.toString());
        assertArrayEquals(shipped, Files.readAllBytes(deployed), "deploy/ holds the version that runs");
    }

    static String format(String version) {
        return "format unodc/seizures-csv of " + UNODC + " " + version;
    }
}
