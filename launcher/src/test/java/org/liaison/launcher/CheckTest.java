package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check against a real Felix, with hand-made bundles (no DS runtime, so components are not checked). */
class CheckTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(LiaisonHome home) throws Exception {
        return new Check(home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run();
    }

    private String report() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void wellFormedInstallationPasses() throws Exception {
        LiaisonHome home = TestHomes.create(root, "org.osgi.framework.system.packages.extra=sun.misc\n");
        TestHomes.bundle(root.resolve("bundle/api.jar"), Map.of("Bundle-SymbolicName", "example.api",
                "Bundle-Version", "1.0.0", "Export-Package", "example.api;version=1.0.0"));
        TestHomes.bundle(root.resolve("deploy/plugin.jar"), Map.of("Bundle-SymbolicName", "example.plugin",
                "Bundle-Version", "2.0.0", "Import-Package", "example.api;version=\"[1,2)\",sun.misc"));

        assertEquals(0, check(home), report());

        assertTrue(report().contains("  OK       example.api 1.0.0 (bundle/api.jar)"), report());
        assertTrue(report().contains("  OK       example.plugin 2.0.0 (deploy/plugin.jar)"), report());
        assertTrue(report().contains("DS components not checked"), report());
        assertTrue(report().endsWith("check: 2 bundles OK\n"), report());
    }

    @Test
    void missingRequirementFailsAndIsNamed() throws Exception {
        LiaisonHome home = TestHomes.create(root, "");
        TestHomes.bundle(root.resolve("bundle/api.jar"), Map.of("Bundle-SymbolicName", "example.api",
                "Bundle-Version", "1.0.0", "Export-Package", "example.api;version=1.0.0"));
        TestHomes.bundle(root.resolve("deploy/plugin.jar"), Map.of("Bundle-SymbolicName", "example.plugin",
                "Bundle-Version", "2.0.0", "Import-Package", "example.api;version=\"[2,3)\""));
        TestHomes.bundle(root.resolve("deploy/fragment.jar"), Map.of("Bundle-SymbolicName", "example.fragment",
                "Bundle-Version", "1.0.0", "Fragment-Host", "example.nothere"));
        Files.writeString(root.resolve("deploy/broken.jar"), "not a jar");

        assertEquals(1, check(home), report());

        String report = report();
        assertTrue(report.contains("  FAILED   example.plugin 2.0.0 (deploy/plugin.jar): did not start: "
                + "Unable to resolve example.plugin"), report);
        assertTrue(report.contains("  OK       example.api 1.0.0 (bundle/api.jar)\n"), report);
        assertTrue(report.contains("(osgi.wiring.package=example.api)"), report);
        assertTrue(report.contains("  FAILED   example.fragment 1.0.0 (deploy/fragment.jar): is not resolved: "
                + "missing requirement osgi.wiring.host; (&(osgi.wiring.host=example.nothere)"), report);
        assertTrue(report.contains("  FAILED   deploy/broken.jar: cannot be installed: "), report);
        assertTrue(report.endsWith("check: 3 problems (1 of 3 bundles OK)\n"), report);
    }

    @Test
    void leavesNoStorageBehindAndDoesNotTouchData() throws Exception {
        LiaisonHome home = TestHomes.create(root, "");
        assertEquals(0, check(home), report());
        try (var files = Files.list(root.resolve("data"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void missingConfigurationIsReportedByMain() throws Exception {
        LiaisonHome home = TestHomes.create(root, "");
        Files.delete(root.resolve("conf/config.properties"));
        String previous = System.getProperty(LiaisonHome.PROPERTY);
        System.setProperty(LiaisonHome.PROPERTY, home.root().toString());
        try {
            int status = new Liaison(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)).run("check");
            assertEquals(2, status);
            assertEquals("liaison: conf/config.properties not found in " + home.root() + "\n",
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            if (previous == null) {
                System.clearProperty(LiaisonHome.PROPERTY);
            } else {
                System.setProperty(LiaisonHome.PROPERTY, previous);
            }
        }
    }
}
