package org.liaison.plugin.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.transport.Delivery;
import org.liaison.api.transport.DeliveryException;
import org.liaison.api.transport.Payload;
import org.liaison.api.transport.PayloadRejectedException;
import org.liaison.api.transport.PayloadSink;

class FolderTransportTest {

    @TempDir
    Path home;

    private FolderLayout layout() {
        return new FolderLayout("interpol", home.resolve("data/inbox/interpol"),
                home.resolve("data/accepted/interpol"), home.resolve("data/refused/interpol"),
                home.resolve("data/outbox/interpol"));
    }

    @Test
    void offersFinishedFilesInNameOrderAndMovesAcceptedOnesOutOfTheInbox() throws Exception {
        FolderSource source = new FolderSource(layout(), 1000, 1024);
        Path inbox = layout().inbox();
        Files.writeString(inbox.resolve("b.json"), "second");
        Files.writeString(inbox.resolve("a.json"), "first");
        Files.writeString(inbox.resolve(".c.json.part"), "still being written");
        Files.writeString(inbox.resolve("d.json.tmp"), "still being written");

        List<String> seen = new ArrayList<>();
        int accepted = source.scanOnce(payload -> seen.add(payload.name() + "=" + read(payload)));

        assertEquals(2, accepted);
        assertEquals(List.of("a.json=first", "b.json=second"), seen);
        assertFalse(Files.exists(inbox.resolve("a.json")));
        assertEquals("first", Files.readString(layout().accepted().resolve("a.json")));
        assertTrue(Files.exists(inbox.resolve(".c.json.part")));
        assertTrue(Files.exists(inbox.resolve("d.json.tmp")));
    }

    @Test
    void keepsARejectedFileInTheInboxAndOffersItAgain() throws Exception {
        FolderSource source = new FolderSource(layout(), 1000, 1024);
        Path file = layout().inbox().resolve("notice.json");
        Files.writeString(file, "{}");

        int accepted = source.scanOnce(payload -> {
            throw new PayloadRejectedException("journal unavailable");
        });
        assertEquals(0, accepted);
        assertTrue(Files.exists(file), "a file the core did not take stays in the inbox");

        List<String> seen = new ArrayList<>();
        assertEquals(1, source.scanOnce(payload -> seen.add(payload.name())));
        assertEquals(List.of("notice.json"), seen);
        assertFalse(Files.exists(file));
    }

    @Test
    void offersManyFilesInGroupsAndKeepsOnlyTheRejectedOnes() throws Exception {
        FolderSource source = new FolderSource(layout(), 1000, 1024);
        Path inbox = layout().inbox();
        for (int i = 0; i < 150; i++) {
            Files.writeString(inbox.resolve(String.format("n%03d.json", i)), "content " + i);
        }
        List<Integer> groupSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        PayloadSink sink = new PayloadSink() {
            @Override
            public void accept(Payload payload) {
                throw new AssertionError("the folder source offers its files in groups");
            }

            @Override
            public Map<Payload, PayloadRejectedException> acceptAll(List<Payload> payloads) {
                groupSizes.add(payloads.size());
                Map<Payload, PayloadRejectedException> rejected = new LinkedHashMap<>();
                for (Payload payload : payloads) {
                    seen.add(payload.name());
                    if (payload.name().equals("n070.json")) {
                        rejected.put(payload, new PayloadRejectedException("cannot take this one now"));
                    }
                }
                return rejected;
            }
        };

        assertEquals(149, source.scanOnce(sink));

        assertEquals(List.of(FolderSource.GROUP_FILES, FolderSource.GROUP_FILES, 150 - 2 * FolderSource.GROUP_FILES),
                groupSizes);
        assertEquals("n000.json", seen.get(0));
        assertEquals("n149.json", seen.get(149));
        try (Stream<Path> left = Files.list(inbox)) {
            assertEquals(List.of("n070.json"), left.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("content 71", Files.readString(layout().accepted().resolve("n071.json")));
    }

    @Test
    void payloadNamesThePartner() throws Exception {
        FolderSource source = new FolderSource(layout(), 1000, 1024);
        Files.writeString(layout().inbox().resolve("x.csv"), "a,b");
        List<Payload> seen = new ArrayList<>();
        source.scanOnce(seen::add);
        assertEquals("interpol", seen.get(0).partner());
        assertEquals(3, seen.get(0).size());
    }

    @Test
    void channelWritesTheWholeFileUnderTheDeliveryNameAndLeavesNoTemporaryFile() throws Exception {
        FolderChannel channel = new FolderChannel(layout());
        byte[] content = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
        channel.deliver(delivery("ex-1.unpol", content));

        Path outbox = layout().outbox();
        assertArrayEquals(content, Files.readAllBytes(outbox.resolve("ex-1.unpol.json")));
        try (Stream<Path> files = Files.list(outbox)) {
            assertEquals(List.of("ex-1.unpol.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aMarkingCarriedBesideTheContentIsWrittenBesideTheFile() throws Exception {
        FolderChannel channel = new FolderChannel(layout());
        channel.deliver(Delivery.builder().exchangeId("ex-4").recipient("unpol").idempotencyKey("ex-4.unpol")
                .format("acled-csv").fileName("ex-4.unpol.csv").content("a,b\n".getBytes(StandardCharsets.UTF_8))
                .marking(HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H2").build()).build());
        assertEquals("TLP:AMBER H2", Files.readString(layout().outbox().resolve("ex-4.unpol.csv.marking")));
        assertEquals("a,b\n", Files.readString(layout().outbox().resolve("ex-4.unpol.csv")));
    }

    @Test
    void aRepeatedDeliveryReplacesTheEarlierFile() throws Exception {
        FolderChannel channel = new FolderChannel(layout());
        channel.deliver(delivery("ex-2.unpol", "old".getBytes(StandardCharsets.UTF_8)));
        channel.deliver(delivery("ex-2.unpol", "new".getBytes(StandardCharsets.UTF_8)));
        try (Stream<Path> files = Files.list(layout().outbox())) {
            assertEquals(1, files.count());
        }
        assertEquals("new", Files.readString(layout().outbox().resolve("ex-2.unpol.json")));
    }

    @Test
    void aFailedWriteIsReportedAsADeliveryFailureNamingTheFile() throws Exception {
        FolderChannel channel = new FolderChannel(layout());
        Files.delete(layout().outbox());
        Files.writeString(layout().outbox(), "a file where the outbox folder should be");
        DeliveryException failure = assertThrows(DeliveryException.class,
                () -> channel.deliver(delivery("ex-3.unpol", new byte[] { 1 })));
        assertTrue(failure.getMessage().contains("ex-3.unpol.json"), failure.getMessage());
        assertTrue(failure.getMessage().contains("interpol"), failure.getMessage());
    }

    @Test
    void layoutRejectsAMissingPartnerWithTheConfigurationName() {
        FolderTransportConfig config = config(null);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FolderLayout.of(config, home.toString()));
        assertTrue(error.getMessage().contains("org.liaison.transport.folder"), error.getMessage());
        assertTrue(error.getMessage().contains("liaison.partner"), error.getMessage());
    }

    @Test
    void layoutDefaultsToFoldersUnderTheHome() {
        FolderLayout layout = FolderLayout.of(config("unodc"), home.toString());
        assertEquals(home.resolve("data/inbox/unodc"), layout.inbox());
        assertEquals(home.resolve("data/accepted/unodc"), layout.accepted());
        assertEquals(home.resolve("data/refused/unodc"), layout.refused());
        assertEquals(home.resolve("data/outbox/unodc"), layout.outbox());
    }

    @Test
    void deliversAGroupAndReportsOnlyTheDeliveryThatFailed() throws Exception {
        FolderChannel channel = new FolderChannel(layout());
        Path outbox = layout().outbox();
        // a non-empty folder where ex-2's file should go: its rename fails, the others' do not
        Files.createDirectories(outbox.resolve("ex-2.unpol.json").resolve("in-the-way"));
        Delivery first = delivery("ex-1.unpol", "one".getBytes(StandardCharsets.UTF_8));
        Delivery blocked = delivery("ex-2.unpol", "two".getBytes(StandardCharsets.UTF_8));
        Delivery marked = Delivery.builder().exchangeId("ex-3").recipient("unpol").idempotencyKey("ex-3.unpol")
                .format("acled-csv").fileName("ex-3.unpol.csv").content("three".getBytes(StandardCharsets.UTF_8))
                .marking(HandlingMarking.of(Tlp.AMBER)).build();

        Map<Delivery, DeliveryException> failed = channel.deliverAll(List.of(first, blocked, marked));

        assertEquals(List.of(blocked), List.copyOf(failed.keySet()));
        assertTrue(failed.get(blocked).getMessage().contains("ex-2.unpol.json"), failed.get(blocked).getMessage());
        assertEquals("one", Files.readString(outbox.resolve("ex-1.unpol.json")));
        assertEquals("three", Files.readString(outbox.resolve("ex-3.unpol.csv")));
        assertEquals("TLP:AMBER", Files.readString(outbox.resolve("ex-3.unpol.csv.marking")));
        try (Stream<Path> files = Files.list(outbox)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("."))
                    .toList(), "no temporary file is left");
        }
    }

    private static Delivery delivery(String key, byte[] content) {
        return Delivery.builder().exchangeId(key.substring(0, key.indexOf('.'))).recipient("unpol")
                .idempotencyKey(key).format("canonical-json").fileName(key + ".json").content(content).build();
    }

    private static String read(Payload payload) {
        try {
            return new String(payload.readAllBytes(1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static FolderTransportConfig config(String partner) {
        return new FolderTransportConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return FolderTransportConfig.class;
            }

            @Override
            public String liaison_partner() {
                return partner;
            }

            @Override
            public String inbox() {
                return "";
            }

            @Override
            public String accepted() {
                return "";
            }

            @Override
            public String refused() {
                return "";
            }

            @Override
            public String outbox() {
                return "";
            }

            @Override
            public long maxFileBytes() {
                return 1024;
            }

            @Override
            public long pollMillis() {
                return 500;
            }
        };
    }
}
