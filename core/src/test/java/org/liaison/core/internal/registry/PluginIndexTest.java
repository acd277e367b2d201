package org.liaison.core.internal.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.RecordType;
import org.liaison.api.registry.PartnerPlugins;
import org.liaison.api.registry.PluginDescription;
import org.liaison.api.registry.PluginKind;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.api.transport.Payload;

class PluginIndexTest {

    private final PluginIndex index = new PluginIndex();

    private static PluginDescription describe(PluginKind kind, String partner, String id, long serviceId) {
        return new PluginDescription(kind, partner, id, "org.liaison.plugin." + partner, "1.0.0", serviceId);
    }

    /** A format that only has an identity: the index never calls it. */
    private static PartnerFormat format(String name) {
        return new PartnerFormat() {
            @Override
            public Set<RecordType> recordTypes() {
                return Set.of(RecordType.PERSON);
            }

            @Override
            public String fileExtension() {
                return "json";
            }

            @Override
            public boolean accepts(String fileName, byte[] head) {
                return false;
            }

            @Override
            public void decode(Payload payload, DecodeSink sink) {
                throw new AssertionError("not called");
            }

            @Override
            public List<RecordError> encode(List<? extends DataRecord> records, OutputStream out) {
                throw new AssertionError("not called");
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void groupsPluginsByPartnerSortedByPartnerThenId() {
        index.add(describe(PluginKind.CHANNEL, "unpol", "folder", 7), (ExchangeChannel) delivery -> { }, 0, 1);
        index.add(describe(PluginKind.FORMAT, "interpol", "notices-json", 5), format("notices"), 0, 1);
        index.add(describe(PluginKind.FORMAT, "interpol", "diffusions-json", 6), format("diffusions"), 0, 1);
        index.add(describe(PluginKind.SOURCE, "interpol", "folder", 8), new Object(), 0, 1);

        List<PartnerPlugins> partners = index.partners();
        assertEquals(List.of("interpol", "unpol"), partners.stream().map(PartnerPlugins::partner).toList());
        PartnerPlugins interpol = partners.get(0);
        assertEquals(List.of("diffusions-json", "notices-json"),
                interpol.formats().stream().map(PluginDescription::id).toList());
        assertEquals(1, interpol.sources().size());
        assertTrue(interpol.channels().isEmpty());
    }

    @Test
    void removingTheLastPluginOfAPartnerLeavesNoEntry() {
        index.add(describe(PluginKind.CHANNEL, "unpol", "folder", 7), (ExchangeChannel) delivery -> { }, 0, 1);
        index.add(describe(PluginKind.SOURCE, "unpol", "folder", 8), new Object(), 0, 1);
        index.remove(7);
        assertEquals(1, index.partner("unpol").orElseThrow().sources().size());
        index.remove(8);
        assertTrue(index.partner("unpol").isEmpty());
        assertTrue(index.partners().isEmpty());
        assertTrue(index.remove(8).isEmpty(), "removing twice is harmless");
    }

    @Test
    void theHighestRankingWinsThenTheOldestService() {
        ExchangeChannel old = delivery -> { };
        ExchangeChannel newer = delivery -> { };
        ExchangeChannel ranked = delivery -> { };
        index.add(describe(PluginKind.CHANNEL, "unpol", "folder", 10), old, 0, 1);
        index.add(describe(PluginKind.CHANNEL, "unpol", "https", 11), newer, 0, 1);
        assertSame(old, index.best(PluginKind.CHANNEL, "unpol", null, ExchangeChannel.class).orElseThrow());
        index.add(describe(PluginKind.CHANNEL, "unpol", "sftp", 12), ranked, 5, 1);
        assertSame(ranked, index.best(PluginKind.CHANNEL, "unpol", null, ExchangeChannel.class).orElseThrow());
        assertSame(newer, index.best(PluginKind.CHANNEL, "unpol", "https", ExchangeChannel.class).orElseThrow());
    }

    @Test
    void formatsOfAPartnerComeBeforeTheSharedOnes() {
        index.add(describe(PluginKind.FORMAT, PartnerFormat.ANY_PARTNER, "canonical-json", 1), format("canonical"), 0, 1);
        index.add(describe(PluginKind.FORMAT, "interpol", "notices-json", 2), format("notices"), 0, 1);
        index.add(describe(PluginKind.FORMAT, "unodc", "seizures-csv", 3), format("seizures"), 0, 1);
        assertEquals("[notices, canonical]", index.formats("interpol").toString());
        assertEquals("[canonical]", index.formats("unpol").toString());
        assertEquals("[canonical]", index.formats(PartnerFormat.ANY_PARTNER).toString());
    }

    @Test
    void aHeldBundlesServicesAreLeftOutUntilEveryHoldIsReleased() {
        PartnerFormat old = format("old");
        PartnerFormat checked = format("checked");
        index.add(describe(PluginKind.FORMAT, "unpol", "acled-csv", 20), old, 0, 7);
        index.add(describe(PluginKind.CHANNEL, "unpol", "folder", 21), (ExchangeChannel) delivery -> { }, 0, 3);

        index.hold(7);
        index.hold(7);
        index.remove(20);
        index.add(describe(PluginKind.FORMAT, "unpol", "acled-csv", 22), checked, 0, 7);

        assertEquals(List.of(), index.formats("unpol"));
        assertTrue(index.best(PluginKind.FORMAT, "unpol", "acled-csv", PartnerFormat.class).isEmpty());
        assertTrue(index.best(PluginKind.CHANNEL, "unpol", null, ExchangeChannel.class).isPresent(),
                "another bundle's services stay");
        assertEquals(List.of(), index.partner("unpol").orElseThrow().formats());
        assertEquals(List.of(22L), index.partnersIncludingHeld().get(0).formats().stream()
                .map(PluginDescription::serviceId).toList());
        assertTrue(index.isHeld(7));

        index.release(7);
        assertEquals(List.of(), index.formats("unpol"), "one hold is left");
        index.release(7);
        assertFalse(index.isHeld(7));
        assertEquals(List.of(checked), index.formats("unpol"));
        index.release(7);
        assertEquals(List.of(checked), index.formats("unpol"), "a release without a hold changes nothing");
    }
}
