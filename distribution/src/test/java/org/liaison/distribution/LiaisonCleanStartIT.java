package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * System test of what a new user meets first: the shipped distribution starts without a single ERROR or WARN line,
 * on the console or in {@code logs/liaison.log}, the first time, after a clean stop (which writes the class data
 * sharing archive the next start maps) and after a kill -9; whatever changed in {@code bundle/} or
 * {@code deploy/} while Liaison was stopped is what runs after the next start; and a setting of
 * {@code conf/services/} that is read only at start (the journal's URL) is in force from the start.
 */
class LiaisonCleanStartIT {

    private static final Duration START = Duration.ofSeconds(60);
    /** A console line (the launcher's "liaison: ERROR ..." copies) or a log line at ERROR or WARN. */
    private static final Pattern ERROR_OR_WARNING = Pattern.compile("\\b(ERROR|WARN|WARNING)\\b");

    @Test
    void startsStopsAndRestartsAfterAKillWithoutAnErrorOrAWarning() throws Exception {
        try (RestartableLiaison liaison = RestartableLiaison.copyOfDistribution("clean-start")) {
            long logMark = DeployedPlugins.logMark(liaison.home());
            liaison.start(START);
            assertClean("first start", liaison, logMark);

            assertStoppedCleanly(liaison.stop());
            assertEquals(1, archives(liaison.home()).size(), "the clean stop wrote the class data sharing archive");

            logMark = DeployedPlugins.logMark(liaison.home());
            liaison.start(START);
            assertClean("start after a clean stop, with the archive", liaison, logMark);

            liaison.kill();
            logMark = DeployedPlugins.logMark(liaison.home());
            liaison.start(START);
            assertClean("start after kill -9", liaison, logMark);
            assertTrue(liaison.exec("liaison:status").contains("journal"), "the journal is open after the ready line");
        }
    }

    @Test
    void aJarChangedAddedOrRemovedWhileStoppedIsWhatRunsAfterTheStart() throws Exception {
        try (RestartableLiaison liaison = RestartableLiaison.copyOfDistribution("restart-changes")) {
            liaison.start(START);
            assertStoppedCleanly(liaison.stop());
            assertEquals(1, archives(liaison.home()).size(), "the next start maps a class data sharing archive");

            Path deploy = liaison.home().resolve("deploy");
            Path unodc = deploy.resolve("liaison-plugin-unodc.jar");
            Path changed = PluginJarVariants.withVersion(unodc, liaison.home().resolve("unodc-7.jar"), "7.0.0",
                    Map.of(), Set.of());
            Files.move(changed, unodc, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(deploy.resolve("liaison-plugin-private-sector-stix.jar"));
            Files.copy(liaison.home().resolve("deploy/liaison-plugin-canonical-json.jar"),
                    liaison.home().resolve("canonical-json.jar"));
            Files.delete(deploy.resolve("liaison-plugin-canonical-json.jar"));
            // bundle/ too: a jar added there runs after the start, and is gone after the next once removed
            Path added = liaison.home().resolve("bundle/example-added.jar");
            LiaisonCheckIT.writeManifestOnlyBundle(added, "org.example.added", Map.of()); // resolves anywhere

            liaison.start(START);
            String bundles = liaison.exec("lb -s");
            assertTrue(bundles.lines().anyMatch(line -> line.contains("org.liaison.plugin.unodc (7.0.0)")),
                    "the changed plugin runs in its new version:\n" + bundles);
            assertFalse(bundles.contains("org.liaison.plugin.private-sector-stix"),
                    "the removed plugin is gone:\n" + bundles);
            assertFalse(bundles.contains("org.liaison.plugin.canonical-json"), "the removed plugin is gone:\n"
                    + bundles);
            assertTrue(bundles.lines().anyMatch(line -> line.contains("Active") && line.contains("org.example.added")),
                    "the bundle added to bundle/ runs:\n" + bundles);

            assertStoppedCleanly(liaison.stop());
            Files.delete(added);
            Files.move(liaison.home().resolve("canonical-json.jar"),
                    deploy.resolve("liaison-plugin-canonical-json.jar"));
            liaison.start(START);
            String again = liaison.exec("lb -s");
            assertFalse(again.contains("org.example.added"), "the bundle removed from bundle/ is gone:\n" + again);
            assertTrue(again.contains("org.liaison.plugin.canonical-json"), "the plugin added to deploy/ runs:\n"
                    + again);
        }
    }

    @Test
    void aSettingReadOnlyAtStartIsTakenFromConfServices() throws Exception {
        try (RestartableLiaison liaison = RestartableLiaison.copyOfDistribution("journal-url")) {
            Path elsewhere = liaison.home().resolve("data/journal-elsewhere/liaison");
            liaison.configure("conf/services/org.liaison.core.engine.cfg", "# the journal in a folder of its own",
                    "journalUrl=jdbc:h2:file:" + elsewhere);
            long logMark = DeployedPlugins.logMark(liaison.home());
            liaison.start(START);
            String log = Files.readString(liaison.home().resolve("logs/liaison.log"));
            assertTrue(log.substring((int) logMark).contains("Exchange journal open at jdbc:h2:file:" + elsewhere),
                    "the engine opened the journal of conf/services/, not the default:\n" + log);
            assertTrue(Files.exists(elsewhere.resolveSibling("liaison.mv.db")), "the journal is where it was told");
            assertFalse(Files.exists(liaison.home().resolve("data/journal/liaison.mv.db")),
                    "no default journal was opened first");
            assertClean("start with a journalUrl", liaison, logMark);
        }
    }

    @Test
    void aJournalThatCannotOpenTakesThePlaceOfTheReadyLineWithTheReason() throws Exception {
        try (RestartableLiaison liaison = RestartableLiaison.copyOfDistribution("journal-unreachable")) {
            // nothing listens on port 1 of the loopback: the journal cannot open
            liaison.configure("conf/services/org.liaison.core.engine.cfg", "# a journal that does not answer",
                    "journalUrl=jdbc:postgresql://127.0.0.1:1/liaison");
            liaison.launch("the not-ready line", line -> line.startsWith("liaison: not ready: the exchange journal"
                    + " did not open"), START);
            assertFalse(liaison.output().lines().anyMatch(line -> LiaisonProcess.READY.matcher(line).matches()),
                    "no ready line for a Liaison that takes no input:\n" + liaison.output());
            assertTrue(liaison.output().contains("127.0.0.1:1") || liaison.output().contains("postgresql"),
                    "the reason names the journal:\n" + liaison.output());
        }
    }

    private static void assertStoppedCleanly(int exit) {
        assertTrue(exit == 0 || exit == 143, "SIGTERM stops Liaison cleanly, exit " + exit);
    }

    private static void assertClean(String what, RestartableLiaison liaison, long logMark) throws IOException {
        List<String> console = liaison.output().lines().filter(line -> ERROR_OR_WARNING.matcher(line).find())
                .toList();
        assertEquals(List.of(), console, what + ": no ERROR or WARN on the console; it printed:\n" + liaison.output());
        String log = Files.readString(liaison.home().resolve("logs/liaison.log"));
        List<String> logged = log.substring((int) Math.min(logMark, log.length())).lines()
                .filter(line -> line.matches("\\S+ (ERROR|WARN)\\b.*")).toList();
        assertEquals(List.of(), logged, what + ": no ERROR or WARN in logs/liaison.log");
    }

    private static List<Path> archives(Path home) throws IOException {
        Path cds = home.resolve("data/cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
        }
    }
}
