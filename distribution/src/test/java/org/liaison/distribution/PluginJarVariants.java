package org.liaison.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** New versions of a shipped plugin jar, made by a test: another Bundle-Version, entries replaced or left out. */
final class PluginJarVariants {

    private PluginJarVariants() {
    }

    /**
     * Copies {@code original} to {@code target} with {@code Bundle-Version: version}, the entries of {@code replace}
     * given new content, and those of {@code remove} left out; every other entry is kept as it is.
     */
    static Path withVersion(Path original, Path target, String version, Map<String, byte[]> replace,
            Set<String> remove) throws IOException {
        try (JarFile jar = new JarFile(original.toFile())) {
            Manifest manifest = new Manifest(jar.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (OutputStream file = Files.newOutputStream(target);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().equals(JarFile.MANIFEST_NAME) || remove.contains(entry.getName())) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    if (replace.containsKey(entry.getName())) {
                        out.write(replace.get(entry.getName()));
                    } else {
                        try (InputStream in = jar.getInputStream(entry)) {
                            in.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    /** The content of one entry of a jar. */
    static String entry(Path jar, String name) throws IOException {
        try (JarFile file = new JarFile(jar.toFile()); InputStream in = file.getInputStream(file.getEntry(name))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
