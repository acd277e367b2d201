package org.liaison.plugin.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.transport.Delivery;

/**
 * Issue 13: everything the folder transport creates under {@code data/} is readable by the owner alone, whatever the
 * umask. The home is made writable and readable by everyone first, so that nothing is inherited from it; the JVM's
 * umask (typically 022) would leave new folders {@code rwxr-xr-x} and files {@code rw-r--r--}.
 */
class FolderPermissionsTest {

    @TempDir
    Path home;

    private FolderLayout layout;

    @BeforeEach
    void looseHome() throws IOException {
        assumeTrue(home.getFileSystem().supportedFileAttributeViews().contains("posix"), "no POSIX permissions");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
        layout = FolderLayout.of(new TestConfig("interpol"), home.toString());
    }

    @Test
    void theSourceCreatesItsFoldersAndTheirParentsOwnerOnly() throws Exception {
        new FolderSource(layout, 1000, 1024);

        for (String folder : List.of("data", "data/inbox", "data/inbox/interpol", "data/accepted",
                "data/accepted/interpol", "data/refused", "data/refused/interpol")) {
            assertEquals("rwx------", permissions(home.resolve(folder)), folder);
        }
    }

    @Test
    void aFolderThatExistsAlreadyKeepsItsPermissions() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("data/inbox/interpol"));
        Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwxrwx---"));

        new FolderSource(layout, 1000, 1024);

        assertEquals("rwxrwx---", permissions(inbox), "shared with a partner's upload account on purpose");
    }

    @Test
    void acceptedFilesAndReasonFilesAreOwnerOnly() throws Exception {
        FolderSource source = new FolderSource(layout, 1000, 1024);
        Path file = layout.inbox().resolve("a.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(layout.inbox().resolve("b.json"), Path.of("a.json"));

        assertEquals(1, source.scanOnce(payload -> { }));

        assertEquals("rw-------", permissions(layout.accepted().resolve("a.json")));
        try (Stream<Path> aside = Files.list(layout.refused())) {
            List<Path> reasons = aside.filter(p -> p.toString().endsWith(".reason.txt")).toList();
            assertEquals(1, reasons.size());
            assertEquals("rw-------", permissions(reasons.get(0)));
        }
    }

    @Test
    void theChannelCreatesItsOutboxAndWritesItsFilesOwnerOnly() throws Exception {
        FolderChannel channel = new FolderChannel(layout);
        channel.deliver(Delivery.builder().exchangeId("ex-1").recipient("unpol").idempotencyKey("ex-1.unpol")
                .format("acled-csv").fileName("ex-1.unpol.csv").content("a,b\n".getBytes(StandardCharsets.UTF_8))
                .marking(HandlingMarking.of(Tlp.AMBER)).build());

        for (String folder : List.of("data", "data/outbox", "data/outbox/interpol")) {
            assertEquals("rwx------", permissions(home.resolve(folder)), folder);
        }
        assertEquals("rw-------", permissions(layout.outbox().resolve("ex-1.unpol.csv")));
        assertEquals("rw-------", permissions(layout.outbox().resolve("ex-1.unpol.csv.marking")));
    }

    @Test
    void theChannelNeverWritesThroughALinkPlantedAtItsTemporaryName() throws Exception {
        FolderChannel channel = new FolderChannel(layout);
        Path victim = home.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        String fileName = "ex-2.unpol.json";
        // the temporary name is predictable: hidden, the file name, the writing thread, .part
        Path temporary = layout.outbox().resolve("." + fileName + "." + Thread.currentThread().getId() + ".part");
        Files.createSymbolicLink(temporary, victim);

        channel.deliver(Delivery.builder().exchangeId("ex-2").recipient("unpol").idempotencyKey("ex-2.unpol")
                .format("canonical-json").fileName(fileName).content("{}".getBytes(StandardCharsets.UTF_8))
                .build());

        assertEquals("keep me", Files.readString(victim));
        assertEquals("{}", Files.readString(layout.outbox().resolve(fileName)));
        assertEquals(false, Files.exists(temporary, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theSourceWarnsWhenOthersCanWriteIntoTheInbox() throws Exception {
        Path inbox = Files.createDirectories(home.resolve("data/inbox/interpol"));
        Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwxrwxrwx"));
        FolderSource source = new FolderSource(layout, 60_000, 1024);
        List<String> warnings = new ArrayList<>();
        source.logger = HostileInboxTest.recordingLogger(warnings);

        source.open(payload -> { });
        source.close();

        assertEquals(1, warnings.stream().filter(w -> w.contains(inbox.toString()) && w.contains("every user"))
                .count(), warnings.toString());
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private record TestConfig(String liaison_partner) implements FolderTransportConfig {
        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return FolderTransportConfig.class;
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
        public long pollMillis() {
            return 500;
        }

        @Override
        public long maxFileBytes() {
            return 1024;
        }
    }
}
