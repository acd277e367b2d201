package org.liaison.distribution;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;

/** pax-exam options that boot bundles of the assembled distribution in a real Felix framework. */
final class FrameworkOptions {

    private FrameworkOptions() {
    }

    /** The framework set-up the launcher also uses, with a fresh Liaison home for the test. */
    static Option framework(String testName) {
        Path home;
        try {
            home = Files.createDirectories(Path.of("target", "in-framework", testName).toAbsolutePath());
            Files.createDirectories(home.resolve("deploy"));
            Files.createDirectories(home.resolve("conf/services"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return composite(
                cleanCaches(),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value(System.getProperty("paxlog", "WARN")),
                // Not frameworkProperty(...system.packages.extra): that would replace the org.ops4j.pax.exam packages
                // pax-exam exports from the system bundle, and the test could no longer see the probe's ProbeInvoker.
                systemPackage("sun.misc"),
                frameworkProperty("liaison.home").value(home.toString()),
                frameworkProperty("felix.fileinstall.dir").value(home.resolve("deploy").toString()),
                frameworkProperty("org.osgi.service.log.admin.loglevel").value("INFO"),
                // Without it the Gogo shell reads the test's standard input, meets its end, and stops the framework.
                frameworkProperty("gosh.args").value("--nointeractive"),
                junitBundles());
    }

    /** Every jar of the given distribution folders, installed and started. */
    static Option bundlesOf(String... folders) {
        List<Option> options = new ArrayList<>();
        for (String folder : folders) {
            for (Path jar : DistributionLayout.jars(folder)) {
                options.add(bundle(jar.toUri().toString()));
            }
        }
        return composite(options.toArray(Option[]::new));
    }
}
