package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.gson.JsonObject;

/**
 * System test of hot-swapping a partner plugin in the running distribution: {@code liaison:swap} with a good and
 * with broken new versions, the automatic rollback of a broken jar dropped into {@code deploy/}, and that a swap
 * leaves every other bundle, and the services of every other bundle, as they were. The tests build on each other
 * (the good version is swapped in before the broken jar is dropped), so they run in order on one instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiaisonSwapIT {

    private static final String UNODC = "org.liaison.plugin.unodc";
    private static final String SHIPPED = "0.1.0.SNAPSHOT";
    private static final String SAMPLE = "unodc-published.csv";
    private static final String EXPECTED = "META-INF/liaison/conformance/seizures-csv/" + SAMPLE + ".expected.json";
    private static final String FORMAT_CLASS = "org/liaison/plugin/unodc/SeizuresCsvFormat.class";
    private static final Pattern LB_LINE = Pattern.compile("\\s*(\\d+)\\|(\\w+)\\s*\\|.*");

    private static LiaisonProcess liaison;
    private static AuditEntries audit;
    private static Path deployed;
    private static Path jars;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("swap");
        deployed = liaison.home().resolve("deploy/liaison-plugin-unodc.jar");
        jars = liaison.home().getParent().resolve("swap-jars");
        LiaisonProcess.deleteRecursively(jars);
        liaison.run(Duration.ofSeconds(60));
        audit = new AuditEntries(liaison.home());
        Await.until("the unodc format", Duration.ofSeconds(20), () -> exec("liaison:plugins"),
                plugins -> plugins.contains(UNODC + " " + SHIPPED));
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    @Test
    @Order(1)
    void aVersionWhoseConformanceSampleFailsIsRolledBackNamingTheSample() throws Exception {
        byte[] shipped = Files.readAllBytes(deployed);
        String expected = PluginJarVariants.entry(deployed, EXPECTED);
        assertTrue(expected.contains("\"countryCode\": \"DZA\""), "the sample this test rewrites has changed");
        Path broken = PluginJarVariants.withVersion(deployed, jars.resolve("unodc-0.2.0-wrong-expectation.jar"),
                "0.2.0", Map.of(EXPECTED, expected.replace("\"countryCode\": \"DZA\"", "\"countryCode\": \"FRA\"")
                        .getBytes(StandardCharsets.UTF_8)), Set.of());

        LiaisonProcess.Result swap = liaison.command("exec", "liaison:swap unodc " + broken);

        assertNotEquals(0, swap.exitCode(), swap.output());
        assertTrue(swap.output().contains("Rolled back " + UNODC + " 0.2.0 to " + SHIPPED), swap.output());
        assertTrue(swap.output().contains("FAIL unodc/seizures-csv " + SAMPLE), swap.output());
        assertTrue(exec("liaison:plugins").contains(UNODC + " " + SHIPPED), "the shipped version runs again");
        JsonObject rolledBack = last("plugin-rolled-back");
        assertEquals(UNODC, AuditEntries.string(rolledBack, "bundle"));
        assertEquals(SHIPPED, AuditEntries.string(rolledBack, "oldVersion"));
        assertEquals("0.2.0", AuditEntries.string(rolledBack, "newVersion"));
        assertEquals(SHIPPED, AuditEntries.string(rolledBack, "restored"));
        assertTrue(AuditEntries.string(rolledBack, "reason").contains(SAMPLE), rolledBack.toString());
        assertArrayEquals(shipped, Files.readAllBytes(deployed), "deploy/ still holds the shipped jar");
        assertTrue(exec("liaison:conformance unodc").contains("conformance samples passed"));
    }

    @Test
    @Order(2)
    void aVersionWhoseFormatCannotActivateIsRolledBack() throws Exception {
        Path broken = PluginJarVariants.withVersion(deployed, jars.resolve("unodc-0.2.1-no-format-class.jar"),
                "0.2.1", Map.of(), Set.of(FORMAT_CLASS));

        LiaisonProcess.Result swap = liaison.command("exec", "liaison:swap " + UNODC + " " + broken);

        assertNotEquals(0, swap.exitCode(), swap.output());
        assertTrue(swap.output().contains("Rolled back " + UNODC + " 0.2.1 to " + SHIPPED), swap.output());
        assertTrue(swap.output().contains("did not activate"), swap.output());
        assertTrue(exec("liaison:plugins").contains(UNODC + " " + SHIPPED));
        assertEquals("0.2.1", AuditEntries.string(last("plugin-rolled-back"), "newVersion"));
    }

    @Test
    @Order(3)
    void aGoodVersionIsSwappedInAndNothingElseIsRestartedOrRewired() throws Exception {
        Path v2 = PluginJarVariants.withVersion(deployed, jars.resolve("unodc-0.2.0.jar"), "0.2.0", Map.of(),
                Set.of());
        List<String> lbBefore = lines(exec("lb"));
        String unodcId = bundleId(lbBefore, "Liaison plugin: unodc (");
        List<String> others = lbBefore.stream().map(LB_LINE::matcher).filter(Matcher::matches)
                .map(line -> line.group(1)).filter(id -> !id.equals(unodcId)).toList();
        String servicesBefore = withoutChangeCount(exec("inspect capability service " + String.join(" ", others)));
        String wiringBefore = exec("inspect requirement osgi.wiring.package " + String.join(" ", others));
        int auditedBefore = audit.read().size();

        LiaisonProcess.Result swap = liaison.command("exec", "liaison:swap unodc " + v2);

        assertEquals(0, swap.exitCode(), swap.output());
        assertTrue(swap.output().startsWith("Swapped " + UNODC + " " + SHIPPED + " -> 0.2.0"), swap.output());
        assertTrue(swap.output().contains("PASS unodc/seizures-csv " + SAMPLE), swap.output());
        // FileInstall updates the bundle once more from the jar the swap wrote into deploy/: wait for it to settle
        Await.until("the new version in liaison:plugins", Duration.ofSeconds(20), () -> exec("liaison:plugins"),
                plugins -> plugins.contains(UNODC + " 0.2.0"));
        JsonObject swapped = last("plugin-swapped");
        assertEquals(SHIPPED, AuditEntries.string(swapped, "oldVersion"));
        assertEquals("0.2.0", AuditEntries.string(swapped, "newVersion"));
        assertArrayEquals(Files.readAllBytes(v2), Files.readAllBytes(deployed),
                "deploy/ holds the new version, so that a restart keeps it");
        // FileInstall sees the new file and updates the bundle from it once more; wait for that to settle.
        Await.until("FileInstall's update from the new file", Duration.ofSeconds(20),
                () -> since(auditedBefore).stream()
                        .filter(entry -> "bundle-updated".equals(AuditEntries.string(entry, "event"))).count(),
                updates -> updates >= 2);
        Thread.sleep(1500);

        List<String> lbAfter = lines(exec("lb"));
        assertEquals(without(lbBefore, unodcId), without(lbAfter, unodcId),
                "every other bundle keeps its id and state");
        assertEquals(servicesBefore,
                withoutChangeCount(exec("inspect capability service " + String.join(" ", others))),
                "every other bundle keeps its services, with the same service ids");
        assertEquals(wiringBefore, exec("inspect requirement osgi.wiring.package " + String.join(" ", others)),
                "every other bundle keeps its package wiring");
        List<JsonObject> since = since(auditedBefore);
        List<String> otherBundleEvents = since.stream()
                .filter(entry -> AuditEntries.string(entry, "event").startsWith("bundle-"))
                .filter(entry -> !String.valueOf(AuditEntries.number(entry, "bundleId")).equals(unodcId))
                .map(JsonObject::toString).toList();
        assertEquals(List.of(), otherBundleEvents, "no other bundle was installed, updated or uninstalled");
        assertTrue(since.stream().noneMatch(entry -> "plugin-rolled-back".equals(AuditEntries.string(entry, "event"))),
                "FileInstall's update from the same bytes is not checked again, let alone rolled back");
        assertTrue(exec("liaison:conformance unodc").contains("conformance samples passed"));
    }

    @Test
    @Order(4)
    void aBrokenJarDroppedIntoDeployIsRolledBackAutomatically() throws Exception {
        byte[] v2 = Files.readAllBytes(deployed);
        String expected = PluginJarVariants.entry(deployed, EXPECTED);
        Path broken = PluginJarVariants.withVersion(deployed, jars.resolve("unodc-0.3.0-wrong-expectation.jar"),
                "0.3.0", Map.of(EXPECTED, expected.replace("\"countryCode\": \"DZA\"", "\"countryCode\": \"FRA\"")
                        .getBytes(StandardCharsets.UTF_8)), Set.of());
        int rolledBackBefore = audit.of("plugin-rolled-back").size();

        // as an admin replaces a jar: copied beside it under another name, then renamed over it
        Path aside = deployed.resolveSibling("liaison-plugin-unodc.jar.part");
        Files.copy(broken, aside);
        Files.move(aside, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        JsonObject rolledBack = Await.until("the rollback of 0.3.0", Duration.ofSeconds(30),
                () -> audit.of("plugin-rolled-back"), entries -> entries.size() > rolledBackBefore)
                .get(rolledBackBefore);
        assertEquals("0.3.0", AuditEntries.string(rolledBack, "newVersion"));
        assertEquals("0.2.0", AuditEntries.string(rolledBack, "oldVersion"));
        assertEquals("bundle update", AuditEntries.string(rolledBack, "by"));
        assertTrue(AuditEntries.string(rolledBack, "reason").contains(SAMPLE), rolledBack.toString());
        Await.until("0.2.0 back in liaison:plugins", Duration.ofSeconds(20), () -> exec("liaison:plugins"),
                plugins -> plugins.contains(UNODC + " 0.2.0"));
        assertArrayEquals(v2, Files.readAllBytes(deployed), "deploy/ holds the version that runs again");
        String rejected = AuditEntries.string(rolledBack, "rejectedJar");
        assertTrue(rejected.startsWith("data/plugin-versions/" + UNODC + "/rejected/0.3.0-"), rejected);
        assertArrayEquals(Files.readAllBytes(broken), Files.readAllBytes(liaison.home().resolve(rejected)));
        assertTrue(liaison.output().contains("Rolled back " + UNODC + " 0.3.0 to 0.2.0")
                || Files.readString(liaison.home().resolve("logs/liaison.log")).contains("Rolled back " + UNODC
                        + " 0.3.0 to 0.2.0"), "the reason is logged");
        // No loop: FileInstall updates the bundle from the restored file, which is not checked again.
        Thread.sleep(3000);
        assertEquals(rolledBackBefore + 1, audit.of("plugin-rolled-back").size(), "one rollback, no loop");
        assertTrue(exec("liaison:plugins").contains(UNODC + " 0.2.0"));
        assertEquals(0, liaison.command("exec", "liaison:audit verify").exitCode());
    }

    private static String exec(String command) {
        try {
            LiaisonProcess.Result result = liaison.command("exec", command);
            assertEquals(0, result.exitCode(), command + ":\n" + result.output());
            return result.output();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonObject last(String event) {
        List<JsonObject> entries = audit.of(event);
        assertFalse(entries.isEmpty(), "no " + event + " in the audit trail");
        return entries.get(entries.size() - 1);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static String bundleId(List<String> lb, String name) {
        return lb.stream().filter(line -> line.contains(name)).map(LB_LINE::matcher).filter(Matcher::matches)
                .map(line -> line.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + name + " in\n" + String.join("\n", lb)));
    }

    private static String without(List<String> lb, String id) {
        return lb.stream().filter(line -> {
            Matcher matcher = LB_LINE.matcher(line);
            return !matcher.matches() || !matcher.group(1).equals(id);
        }).collect(Collectors.joining("\n"));
    }

    private static List<JsonObject> since(int count) {
        List<JsonObject> all = audit.read();
        return all.subList(count, all.size());
    }

    /**
     * SCR's ServiceComponentRuntime counts every component change in its service.changecount property, which a
     * swap rightly moves: it is the one service property that may differ.
     */
    private static String withoutChangeCount(String inspect) {
        return inspect.lines().filter(line -> !line.strip().startsWith("service.changecount ="))
                .collect(Collectors.joining("\n"));
    }
}
