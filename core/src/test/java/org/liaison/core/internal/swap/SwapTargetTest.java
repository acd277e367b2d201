package org.liaison.core.internal.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;

class SwapTargetTest {

    private static final String FOLDER = "org.liaison.plugin.folder-transport";

    private static PluginDescription plugin(PluginKind kind, String partner, String id, String bundle) {
        return new PluginDescription(kind, partner, id, bundle, "0.1.0", id.hashCode());
    }

    private final List<PartnerPlugins> partners = List.of(
            new PartnerPlugins("ngo", List.of(), List.of(plugin(PluginKind.SOURCE, "ngo", "folder", FOLDER)),
                    List.of(plugin(PluginKind.CHANNEL, "ngo", "folder", FOLDER))),
            new PartnerPlugins("twice", List.of(plugin(PluginKind.FORMAT, "twice", "a", "org.example.a"),
                    plugin(PluginKind.FORMAT, "twice", "b", "org.example.b")), List.of(), List.of()),
            new PartnerPlugins("unodc",
                    List.of(plugin(PluginKind.FORMAT, "unodc", "seizures-csv", "org.liaison.plugin.unodc")),
                    List.of(plugin(PluginKind.SOURCE, "unodc", "folder", FOLDER)),
                    List.of(plugin(PluginKind.CHANNEL, "unodc", "folder", FOLDER))));

    @Test
    void aPartnerMeansTheBundleOfItsFormatsNotTheSharedTransport() {
        assertEquals("org.liaison.plugin.unodc", SwapTarget.symbolicName("unodc", partners));
    }

    @Test
    void aPartnerWithoutAFormatMeansTheBundleOfItsTransport() {
        assertEquals(FOLDER, SwapTarget.symbolicName("ngo", partners));
    }

    @Test
    void aBundleSymbolicNameMeansThatBundle() {
        assertEquals(FOLDER, SwapTarget.symbolicName(FOLDER, partners));
    }

    @Test
    void anAmbiguousOrUnknownTargetIsRefusedWithWhatThereIs() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SwapTarget.symbolicName("twice", partners));
        assertTrue(twice.getMessage().contains("[org.example.a, org.example.b]"), twice.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SwapTarget.symbolicName("interpol", partners));
        assertTrue(unknown.getMessage().contains("[ngo, twice, unodc]"), unknown.getMessage());
    }
}
