package org.liaison.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the assembled distribution under test is, as the build passes it in. */
final class DistributionLayout {

    private DistributionLayout() {
    }

    /** The assembled distribution, {@code target/liaison}. */
    static Path home() {
        String home = System.getProperty("liaison.home");
        if (home == null) {
            throw new IllegalStateException("system property liaison.home is not set: run the tests with Maven"
                    + " (mvn verify), which assembles target/liaison first");
        }
        return Path.of(home);
    }

    /** The project version the distribution was built from. */
    static String version() {
        return System.getProperty("liaison.version", "unknown");
    }

    /** The jars of one folder of the distribution, sorted by name. */
    static List<Path> jars(String folder) {
        try (Stream<Path> files = Files.list(home().resolve(folder))) {
            List<Path> jars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + home().resolve(folder));
            }
            return jars;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + home().resolve(folder) + ": " + e, e);
        }
    }

    /** The plugin jar of the canonical JSON format in deploy/. */
    static Path canonicalJsonPlugin() {
        return home().resolve("deploy/liaison-plugin-canonical-json.jar");
    }
}
