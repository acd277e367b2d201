package org.liaison.core.internal.swap;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.core.internal.conformance.ConformanceRunner;

/** What a new version of a plugin must show before it is kept: the checks that need no framework. */
final class SwapCheck {

    private SwapCheck() {
    }

    /** {@code format unodc/seizures-csv}: a plugin service as a version must bring it back. */
    static String key(PluginDescription description) {
        return description.kind() + " " + description.partner() + "/" + description.id();
    }

    static Set<String> keys(Collection<PluginDescription> descriptions) {
        return descriptions.stream().map(SwapCheck::key).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The plugin services registered by one version of a bundle. */
    static List<PluginDescription> servedBy(String symbolicName, String version, List<PartnerPlugins> partners) {
        return partners.stream()
                .flatMap(plugins -> Stream.of(plugins.formats(), plugins.sources(), plugins.channels()))
                .flatMap(List::stream)
                .filter(description -> description.bundleSymbolicName().equals(symbolicName)
                        && (version == null || description.bundleVersion().equals(version)))
                .toList();
    }

    /**
     * What is not (yet) registered: every plugin service the previous version registered, and a format for every
     * format id the new version ships conformance samples for.
     */
    static Set<String> missing(Set<String> expected, Set<String> sampleFormats, List<PluginDescription> registered) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(keys(registered));
        Set<String> formats = registered.stream().filter(description -> description.kind() == PluginKind.FORMAT)
                .map(PluginDescription::id).collect(Collectors.toSet());
        for (String format : sampleFormats) {
            if (!formats.contains(format)) {
                missing.add("format " + format + " (its conformance samples are in the bundle)");
            }
        }
        return missing;
    }

    /** Why the samples do not pass, one failing sample a line; null when they all pass. */
    static String failures(List<ConformanceRunner.Result> results) {
        List<ConformanceRunner.Result> failed = results.stream().filter(result -> !result.passed()).toList();
        if (failed.isEmpty()) {
            return null;
        }
        return failed.size() + " of " + results.size() + " conformance samples failed: "
                + failed.stream().map(ConformanceRunner.Result::line).collect(Collectors.joining("; "));
    }
}
