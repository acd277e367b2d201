package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

/**
 * System test: starts the assembled distribution with {@code bin/liaison run} as a separate process and drives it
 * the way an admin does, through {@code deploy/} and {@code bin/liaison exec}.
 */
class LiaisonRunIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration HOT_DEPLOY = Duration.ofSeconds(20);

    @Test
    void startsPrintsTheReadyLineAndHotDeploysAndUndeploysAPlugin() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("run")) {
            // The plugin under test starts outside deploy/, so that copying it in is a real hot deployment.
            Path staged = liaison.home().resolve("canonical-json.jar.staged");
            Path deployed = liaison.home().resolve("deploy/liaison-plugin-canonical-json.jar");
            Files.move(deployed, staged);

            Matcher ready = liaison.run(START);
            assertEquals(DistributionLayout.version(), ready.group(1));
            assertTrue(Integer.parseInt(ready.group(3)) >= 10, ready.group());
            assertEquals(1, liaison.output().lines().filter(line -> LiaisonProcess.READY.matcher(line).matches())
                    .count(), "exactly one ready line:\n" + liaison.output());

            LiaisonProcess.Result before = liaison.command("exec", "liaison:plugins");
            assertEquals(0, before.exitCode(), before.output());
            assertFalse(before.output().contains("canonical-json"), before.output());

            Files.copy(staged, liaison.home().resolve("deploy/.canonical-json.jar.part"));
            Files.move(liaison.home().resolve("deploy/.canonical-json.jar.part"), deployed);
            String listed = Await.until("canonical-json in liaison:plugins", HOT_DEPLOY,
                    () -> exec(liaison, "liaison:plugins"),
                    output -> output.contains("org.liaison.plugin.canonical-json"));
            assertTrue(listed.contains("format   canonical-json"), listed);

            Files.delete(deployed);
            Await.until("canonical-json gone from liaison:plugins", HOT_DEPLOY,
                    () -> exec(liaison, "liaison:plugins"), output -> !output.contains("canonical-json"));
            String bundles = exec(liaison, "lb");
            assertFalse(bundles.contains("canonical-json"), "the deleted plugin is uninstalled:\n" + bundles);

            int exit = liaison.stop();
            assertTrue(exit == 0 || exit == 143, "SIGTERM stops Liaison cleanly, exit " + exit + ":\n"
                    + liaison.output());
        }
    }

    @Test
    void aPluginThatCannotResolveIsReportedWithItsMissingRequirementWhileTheRestRuns() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("broken-plugin")) {
            liaison.run(START);
            Path staged = liaison.home().resolve("broken-plugin.jar");
            LiaisonCheckIT.writeBundleImportingAMissingPackage(staged);
            Files.move(staged, liaison.home().resolve("deploy/broken-plugin.jar"));
            Await.until("the broken plugin reported with its missing requirement", HOT_DEPLOY, liaison::output,
                    output -> output.contains("org.example.broken") && output.contains("org.example.missing"));
            String plugins = exec(liaison, "liaison:plugins");
            assertTrue(plugins.contains("canonical-json"), "the other plugins keep running:\n" + plugins);
        }
    }

    @Test
    void execFailsWithAClearMessageWhenLiaisonIsNotRunning() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("not-running")) {
            LiaisonProcess.Result result = liaison.command("exec", "liaison:plugins");
            assertTrue(result.exitCode() != 0, result.output());
            assertTrue(result.output().contains("not running"), result.output());
        }
    }

    @Test
    void execReportsAFailingCommandWithANonZeroExit() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("failing-command")) {
            liaison.run(START);
            LiaisonProcess.Result result = liaison.command("exec", "liaison:no-such-command");
            assertTrue(result.exitCode() != 0, result.output());
            assertTrue(result.output().contains("no-such-command"), result.output());
        }
    }

    private static String exec(LiaisonProcess liaison, String command) {
        try {
            LiaisonProcess.Result result = liaison.command("exec", command);
            if (result.exitCode() != 0) {
                throw new AssertionError("bin/liaison exec " + command + " failed: " + result.output());
            }
            return result.output();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
