package org.liaison.core.internal.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.core.internal.conformance.ConformanceRunner.Result;

class SwapCheckTest {

    private static final String UNODC = "org.liaison.plugin.unodc";

    private static PluginDescription format(String id, String version, long serviceId) {
        return new PluginDescription(PluginKind.FORMAT, "unodc", id, UNODC, version, serviceId);
    }

    @Test
    void findsTheServicesOfOneVersionOfABundle() {
        List<PartnerPlugins> partners = List.of(new PartnerPlugins("unodc",
                List.of(format("seizures-csv", "0.2.0", 40), format("other", "0.1.0", 12)), List.of(),
                List.of(new PluginDescription(PluginKind.CHANNEL, "unodc", "folder",
                        "org.liaison.plugin.folder-transport", "0.2.0", 7))));
        assertEquals(List.of(format("seizures-csv", "0.2.0", 40)), SwapCheck.servedBy(UNODC, "0.2.0", partners));
        assertEquals(Set.of("format unodc/seizures-csv", "format unodc/other"),
                SwapCheck.keys(SwapCheck.servedBy(UNODC, null, partners)));
    }

    @Test
    void aNewVersionMustBringBackWhatTheOldHadAndAFormatForItsSamples() {
        List<PluginDescription> registered = List.of(format("seizures-csv", "0.2.0", 40));
        assertEquals(Set.of(), SwapCheck.missing(Set.of("format unodc/seizures-csv"), Set.of("seizures-csv"),
                registered));
        assertEquals(Set.of("format unodc/tables-xlsx"),
                SwapCheck.missing(Set.of("format unodc/seizures-csv", "format unodc/tables-xlsx"), Set.of(),
                        registered));
        assertEquals(Set.of("format dataunodc-csv (its conformance samples are in the bundle)"),
                SwapCheck.missing(Set.of(), Set.of("seizures-csv", "dataunodc-csv"), registered));
    }

    @Test
    void namesEveryFailingSample() {
        Result pass = new Result("unodc", "seizures-csv", "a.csv", true, "3 records as expected");
        Result fail = new Result("unodc", "seizures-csv", "b.csv", false, "record 0 differs");
        assertNull(SwapCheck.failures(List.of(pass)));
        assertNull(SwapCheck.failures(List.of()));
        assertEquals("1 of 2 conformance samples failed: FAIL unodc/seizures-csv b.csv: record 0 differs",
                SwapCheck.failures(List.of(pass, fail)));
    }
}
