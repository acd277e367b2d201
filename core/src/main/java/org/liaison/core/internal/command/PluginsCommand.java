package org.liaison.core.internal.command;

import java.util.List;
import java.util.stream.Stream;

import org.liaison.api.format.PartnerFormat;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo command {@code liaison:plugins}: what is plugged in, partner by partner.
 */
@Component(service = PluginsCommand.class, property = {
        "osgi.command.scope=liaison",
        "osgi.command.function=plugins" })
public final class PluginsCommand {

    private final PluginRegistry registry;

    @Activate
    public PluginsCommand(@Reference PluginRegistry registry) {
        this.registry = registry;
    }

    /**
     * Lists each partner with its formats, sources and channels, one line per plugin service:
     * <pre>
     * interpol
     *   format   notices-json     org.liaison.plugin.interpol 0.1.0.SNAPSHOT
     * </pre>
     */
    public String plugins() {
        return render(registry.partners());
    }

    static String render(List<PartnerPlugins> partners) {
        if (partners.isEmpty()) {
            return "No plugins: copy a plugin jar into deploy/ to add one.";
        }
        int idWidth = partners.stream()
                .flatMap(partner -> all(partner).stream())
                .mapToInt(description -> description.id().length())
                .max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (PartnerPlugins partner : partners) {
            text.append(PartnerFormat.ANY_PARTNER.equals(partner.partner()) ? "* (any partner)" : partner.partner())
                    .append('\n');
            for (PluginDescription description : all(partner)) {
                text.append(String.format("  %-8s %-" + idWidth + "s  %s %s%n", description.kind(),
                        description.id(), description.bundleSymbolicName(), description.bundleVersion()));
            }
        }
        return text.toString().stripTrailing();
    }

    private static List<PluginDescription> all(PartnerPlugins partner) {
        return Stream.of(partner.formats(), partner.sources(), partner.channels())
                .flatMap(List::stream)
                .toList();
    }
}
