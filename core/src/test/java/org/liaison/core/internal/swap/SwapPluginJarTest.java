package org.liaison.core.internal.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

class SwapPluginJarTest {

    static byte[] jar(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            manifest.getMainAttributes().putValue("Bundle-Version", version);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry("org/example/A.class"));
            out.write("not really a class".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void readsTheSymbolicNameWithoutItsParametersAndTheVersionInItsNormalForm() throws IOException {
        PluginJar jar = PluginJar.read(jar("org.liaison.plugin.unodc;singleton:=true", "0.2"), "v2.jar");
        assertEquals("org.liaison.plugin.unodc", jar.symbolicName());
        assertEquals("0.2.0", jar.version());
        assertEquals("org.liaison.plugin.unodc 0.2.0", jar.describe());
        assertEquals(64, jar.sha256().length());
    }

    @Test
    void aBundleWithoutAVersionIsVersionZero() throws IOException {
        assertEquals("0.0.0", PluginJar.read(jar("a.b", null), "a.jar").version());
        assertEquals("0.1.0.SNAPSHOT", PluginJar.read(jar("a.b", "0.1.0.SNAPSHOT"), "a.jar").version());
    }

    @Test
    void refusesAJarCutShortAsBeingCopiedInChunksLeavesItNamingTheSource() throws IOException {
        byte[] whole = jar("org.liaison.plugin.unodc", "0.2.0");
        for (int length : new int[] { whole.length / 2, whole.length - 1 }) {
            IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
                    () -> PluginJar.read(java.util.Arrays.copyOf(whole, length), "deploy/liaison-plugin-unodc.jar"),
                    "a jar cut to " + length + " of " + whole.length + " bytes");
            assertTrue(cut.getMessage().startsWith("deploy/liaison-plugin-unodc.jar is not a"), cut.getMessage());
        }
    }

    @Test
    void refusesWhatIsNotABundleNamingTheSource() throws IOException {
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> PluginJar.read(jar(null, "1.0.0"), "/tmp/plain.jar"));
        assertTrue(noName.getMessage().contains("/tmp/plain.jar is not a bundle"), noName.getMessage());
        IllegalArgumentException notAJar = assertThrows(IllegalArgumentException.class,
                () -> PluginJar.read("hello".getBytes(StandardCharsets.UTF_8), "notes.txt"));
        assertTrue(notAJar.getMessage().startsWith("notes.txt"), notAJar.getMessage());
        IllegalArgumentException badVersion = assertThrows(IllegalArgumentException.class,
                () -> PluginJar.read(jar("a.b", "one"), "a.jar"));
        assertTrue(badVersion.getMessage().contains("'one' is not an OSGi version"), badVersion.getMessage());
    }
}
