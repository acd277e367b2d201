package org.liaison.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;

/**
 * An installation of Liaison: the folder with {@code lib/}, {@code bundle/}, {@code deploy/}, {@code conf/} and
 * {@code data/}. Every path the launcher uses comes from here, so nothing depends on the working directory.
 */
record LiaisonHome(Path root) {

    static final String PROPERTY = "liaison.home";

    LiaisonHome {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The home named by the system property {@code liaison.home} (set by {@code bin/liaison}), or else the folder
     * above the {@code lib/} that holds the launcher jar.
     */
    static LiaisonHome locate() throws IOException {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property);
            if (!Files.isDirectory(root)) {
                throw new IOException("liaison.home " + root + " is not a directory");
            }
            return new LiaisonHome(root);
        }
        CodeSource source = LiaisonHome.class.getProtectionDomain().getCodeSource();
        if (source != null) {
            try {
                Path lib = Path.of(source.getLocation().toURI()).getParent();
                if (lib != null && lib.getFileName() != null && lib.getFileName().toString().equals("lib")
                        && lib.getParent() != null) {
                    return new LiaisonHome(lib.getParent());
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through to the error below
            }
        }
        throw new IOException("cannot tell where Liaison is installed: start it with bin/liaison, "
                + "or pass -Dliaison.home=<folder>");
    }

    Path bundleDir() {
        return root.resolve("bundle");
    }

    Path deployDir() {
        return root.resolve("deploy");
    }

    Path configFile() {
        return root.resolve("conf").resolve("config.properties");
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path frameworkStorage() {
        return dataDir().resolve("felix-cache");
    }

    Path lockFile() {
        return dataDir().resolve("liaison.lock");
    }

    Path execPortFile() {
        return dataDir().resolve("exec.port");
    }

    Path execTokenFile() {
        return dataDir().resolve("exec.token");
    }

    /** {@code path} as shown to a user: relative to the home with '/' separators when it is inside it. */
    String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(root)) {
            return absolute.toString();
        }
        return root.relativize(absolute).toString().replace(path.getFileSystem().getSeparator(), "/");
    }

    /** The {@code *.jar} files of {@code dir} sorted by name; none when the folder does not exist. */
    static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        }
    }
}
