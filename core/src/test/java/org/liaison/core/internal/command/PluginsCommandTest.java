package org.liaison.core.internal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;

class PluginsCommandTest {

    @Test
    void listsEachPartnerWithItsPluginsAndTheirBundles() {
        PartnerPlugins any = new PartnerPlugins("*",
                List.of(new PluginDescription(PluginKind.FORMAT, "*", "canonical-json",
                        "org.liaison.plugin.canonical-json", "0.1.0", 4)),
                List.of(), List.of());
        PartnerPlugins unpol = new PartnerPlugins("unpol", List.of(),
                List.of(new PluginDescription(PluginKind.SOURCE, "unpol", "folder",
                        "org.liaison.plugin.folder-transport", "0.1.0", 9)),
                List.of(new PluginDescription(PluginKind.CHANNEL, "unpol", "folder",
                        "org.liaison.plugin.folder-transport", "0.1.0", 10)));
        assertEquals("""
                * (any partner)
                  format   canonical-json  org.liaison.plugin.canonical-json 0.1.0
                unpol
                  source   folder          org.liaison.plugin.folder-transport 0.1.0
                  channel  folder          org.liaison.plugin.folder-transport 0.1.0""",
                PluginsCommand.render(List.of(any, unpol)));
    }

    @Test
    void saysHowToAddAPluginWhenThereIsNone() {
        assertEquals("No plugins: copy a plugin jar into deploy/ to add one.", PluginsCommand.render(List.of()));
    }
}
