package org.liaison.core.internal.swap;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;

/** Which plugin bundle {@code liaison:swap <partner|bundle>} means. */
final class SwapTarget {

    private SwapTarget() {
    }

    /**
     * The symbolic name of the bundle a target names: a bundle symbolic name that registered plugins, or a partner
     * id, meaning the bundle of that partner's formats (or, for a partner with no format, of its sources and
     * channels). A generic transport that serves many partners is not what {@code liaison:swap <partner>} means
     * when the partner has a format of its own.
     *
     * @throws IllegalArgumentException naming what is plugged in when the target is unknown or ambiguous
     */
    static String symbolicName(String target, List<PartnerPlugins> partners) {
        boolean isBundle = partners.stream().flatMap(SwapTarget::all)
                .anyMatch(description -> description.bundleSymbolicName().equals(target));
        if (isBundle) {
            return target;
        }
        PartnerPlugins partner = partners.stream().filter(plugins -> plugins.partner().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + target + "' is neither a partner nor the"
                        + " symbolic name of a plugin bundle; partners with plugins: " + partners.stream()
                        .map(PartnerPlugins::partner).toList() + " (see liaison:plugins)"));
        Set<String> bundles = bundles(partner.formats().stream());
        if (bundles.isEmpty()) {
            bundles = bundles(Stream.concat(partner.sources().stream(), partner.channels().stream()));
        }
        if (bundles.size() != 1) {
            throw new IllegalArgumentException("partner " + target + " has plugins from " + bundles.size()
                    + " bundles " + bundles + ": name the bundle to swap instead of the partner");
        }
        return bundles.iterator().next();
    }

    private static Set<String> bundles(Stream<PluginDescription> descriptions) {
        return descriptions.map(PluginDescription::bundleSymbolicName)
                .collect(TreeSet::new, Set::add, Set::addAll);
    }

    private static Stream<PluginDescription> all(PartnerPlugins plugins) {
        return Stream.of(plugins.formats(), plugins.sources(), plugins.channels()).flatMap(List::stream);
    }
}
