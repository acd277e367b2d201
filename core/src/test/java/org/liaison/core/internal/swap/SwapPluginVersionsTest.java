package org.liaison.core.internal.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwapPluginVersionsTest {

    @TempDir
    Path root;

    @Test
    void keepsOneJarPerVersionAndTheLastAcceptedBytesOfAVersion() throws IOException {
        PluginVersions versions = new PluginVersions(root);
        Path kept = versions.keep("org.liaison.plugin.unodc", "0.1.0.SNAPSHOT", bytes("first build"));
        assertEquals(root.resolve("org.liaison.plugin.unodc/0.1.0.SNAPSHOT.jar"), kept);
        versions.keep("org.liaison.plugin.unodc", "0.2.0", bytes("v2"));
        versions.keep("org.liaison.plugin.unodc", "0.1.0.SNAPSHOT", bytes("rebuilt"));
        assertArrayEquals(bytes("rebuilt"), versions.read("org.liaison.plugin.unodc", "0.1.0.SNAPSHOT").get());
        assertArrayEquals(bytes("v2"), versions.read("org.liaison.plugin.unodc", "0.2.0").get());
        assertTrue(versions.read("org.liaison.plugin.unodc", "9.9.9").isEmpty());
        assertEquals(List.of("0.1.0.SNAPSHOT.jar", "0.2.0.jar"), names(root.resolve("org.liaison.plugin.unodc")),
                "no file written aside is left behind");
    }

    @Test
    void keepsRejectedJarsApartWithTheTime() throws IOException {
        PluginVersions versions = new PluginVersions(root);
        Path rejected = versions.reject("org.liaison.plugin.unodc", "0.2.0", bytes("broken"),
                Instant.parse("2025-04-01T10:15:30.123Z"));
        assertEquals(root.resolve("org.liaison.plugin.unodc/rejected/0.2.0-20250401T101530123Z.jar"), rejected);
        assertArrayEquals(bytes("broken"), Files.readAllBytes(rejected));
        assertTrue(versions.read("org.liaison.plugin.unodc", "0.2.0").isEmpty(), "a rejected jar is not kept");
    }

    @Test
    void refusesNamesThatCouldLeaveTheFolder() {
        PluginVersions versions = new PluginVersions(root);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> versions.keep("../../deploy", "1.0.0", bytes("x")));
        assertTrue(e.getMessage().contains("'../../deploy'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> versions.keep("a.b", "1.0/../..", bytes("x")));
    }

    @Test
    void writesAtomicallyOverAnExistingFile() throws IOException {
        Path deployed = Files.writeString(root.resolve("liaison-plugin-unodc.jar"), "v1");
        PluginVersions.writeAtomically(deployed, bytes("v2"));
        assertEquals("v2", Files.readString(deployed));
        assertEquals(List.of("liaison-plugin-unodc.jar"), names(root));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
