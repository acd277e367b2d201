package org.liaison.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds LIAISON_HOME layouts and bundles for tests. */
final class TestHomes {

    private TestHomes() {
    }

    static LiaisonHome create(Path root, String config) throws IOException {
        for (String dir : new String[] {"lib", "bundle", "deploy", "conf", "data"}) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("conf/config.properties"), config);
        return new LiaisonHome(root);
    }

    /** A bundle with no classes: only the manifest headers given (plus the manifest version). */
    static Path bundle(Path file, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        headers.forEach(manifest.getMainAttributes()::putValue);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }
}
