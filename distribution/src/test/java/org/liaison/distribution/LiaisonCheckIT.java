package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/** System test of {@code bin/liaison check} and {@code bin/liaison --help} on the assembled distribution. */
class LiaisonCheckIT {

    @Test
    void checkPassesOnTheDistributionAsShipped() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("check-ok")) {
            LiaisonProcess.Result result = liaison.command("check");
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("org.liaison.core"), result.output());
        }
    }

    @Test
    void checkFailsNamingTheBundleAndItsMissingRequirement() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("check-broken")) {
            writeBundleImportingAMissingPackage(liaison.home().resolve("deploy/broken-plugin.jar"));
            LiaisonProcess.Result result = liaison.command("check");
            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("org.example.broken"), result.output());
            assertTrue(result.output().contains("org.example.missing"), result.output());
        }
    }

    @Test
    void helpNamesEveryCommand() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("help")) {
            LiaisonProcess.Result result = liaison.command("--help");
            assertEquals(0, result.exitCode(), result.output());
            for (String command : new String[] { "run", "console", "check", "exec" }) {
                assertTrue(result.output().contains(command), command + " in:\n" + result.output());
            }
        }
    }

    /** A bundle that cannot resolve: it imports a package nothing exports. */
    static void writeBundleImportingAMissingPackage(Path jar) throws IOException {
        // A manifest is all this bundle needs to fail resolution.
        writeManifestOnlyBundle(jar, "org.example.broken",
                Map.of("Import-Package", "org.example.missing;version=\"[1.0,2)\""));
    }

    /** A bundle of version 1.0.0 with nothing in it but its manifest, which holds {@code headers} too. */
    static void writeManifestOnlyBundle(Path jar, String symbolicName, Map<String, String> headers)
            throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        headers.forEach(main::putValue);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out,
                manifest)) {
            // the manifest is the whole bundle
        }
    }
}
