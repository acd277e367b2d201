package org.liaison.plugin.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.transport.Payload;
import org.liaison.api.transport.PayloadRejectedException;
import org.liaison.api.transport.PayloadSink;
import org.osgi.service.log.Logger;

/**
 * Issue 13, as an attacker on the same host who can write into a partner's inbox: links, special files, names that
 * cannot be handled and over-size files are never read, and none of them holds up the other files.
 */
class HostileInboxTest {

    private static final String SECRET = "EXEC-TOKEN-0123456789";

    @TempDir
    Path home;

    private Path inbox;
    private Path accepted;
    private Path refused;
    private Path secret;
    private final List<String> warnings = new ArrayList<>();
    /** What the sink was offered, as name=content, across scans. */
    private final List<String> offered = new ArrayList<>();
    private final PayloadSink takeAll = payload -> offered.add(payload.name() + "=" + read(payload));

    @BeforeEach
    void createSecret() throws IOException {
        inbox = home.resolve("data/inbox/interpol");
        accepted = home.resolve("data/accepted/interpol");
        refused = home.resolve("data/refused/interpol");
        secret = home.resolve("data/exec.token");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, SECRET);
    }

    private FolderSource source(long maxFileBytes) throws IOException {
        FolderSource source = new FolderSource(new FolderLayout("interpol", inbox, accepted, refused,
                home.resolve("data/outbox/interpol")), 1000, maxFileBytes);
        source.logger = recordingLogger(warnings);
        return source;
    }

    @Test
    void linksToAFileOutsideTheInboxAreSetAsideAndNeverRead() throws Exception {
        FolderSource source = source(1024);
        Files.createSymbolicLink(inbox.resolve("t.xml"), Path.of("../../exec.token"));
        Files.createSymbolicLink(inbox.resolve("u.xml"), secret.toAbsolutePath());
        Files.writeString(inbox.resolve("z.json"), "fine");

        assertEquals(1, source.scanOnce(takeAll));

        assertEquals(List.of("z.json=fine"), offered);
        assertFalse(Files.exists(inbox.resolve("t.xml"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(inbox.resolve("u.xml"), LinkOption.NOFOLLOW_LINKS));
        Path aside = setAside("t.xml");
        assertTrue(Files.isSymbolicLink(aside), "the link itself is moved, not a copy of its target: " + aside);
        String reason = Files.readString(reasonFile(aside));
        assertTrue(reason.contains("entry: t.xml") && reason.contains("symbolic link")
                && reason.contains("../../exec.token"), reason);
        assertTrue(Files.isSymbolicLink(setAside("u.xml")));
        assertEquals(SECRET, Files.readString(secret), "the target is untouched");
        assertNoCopyOfTheSecretUnder(home.resolve("data/accepted"));
        assertNoCopyOfTheSecretUnder(home.resolve("data/refused"));
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("t.xml") && warnings.get(0).contains("symbolic link"),
                warnings.get(0));
    }

    @Test
    void linksInsideTheInboxAndFoldersAreSetAsideAndTheTargetIsReadOnce() throws Exception {
        FolderSource source = source(1024);
        Files.writeString(inbox.resolve("a.json"), "A");
        Files.createSymbolicLink(inbox.resolve("b.json"), Path.of("a.json"));
        Files.createDirectories(inbox.resolve("c.json"));
        Files.writeString(inbox.resolve("c.json/inner.json"), "inner");
        Files.createSymbolicLink(inbox.resolve("d.json"), Path.of("c.json"));

        source.scanOnce(takeAll);

        assertEquals(List.of("a.json=A"), offered);
        assertEquals(List.of(), names(inbox), "everything left the inbox");
        assertTrue(Files.isSymbolicLink(setAside("b.json")));
        assertTrue(Files.isDirectory(setAside("c.json"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.readString(reasonFile(setAside("c.json"))).contains("folder"));
        assertTrue(Files.isSymbolicLink(setAside("d.json")));
    }

    @Test
    void aFifoIsNeverOpenedAndIsSetAside() throws Exception {
        FolderSource source = source(1024);
        Path fifo = inbox.resolve("pipe.json");
        assumeTrue(run("mkfifo", fifo.toString()) == 0 && Files.exists(fifo), "mkfifo is not available");
        Files.writeString(inbox.resolve("q.json"), "after the pipe");

        // opening a FIFO for reading blocks until someone writes: a scan that opened it would never return
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> source.scanOnce(takeAll));

        assertEquals(List.of("q.json=after the pipe"), offered);
        assertEquals(List.of(), names(inbox));
        Path aside = setAside("pipe.json");
        assertTrue(Files.readAttributes(aside, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther(), "the FIFO itself is moved");
        assertTrue(Files.readString(reasonFile(aside)).contains("FIFO"));
    }

    @Test
    void aNameInvalidInUtf8IsSetAsideAndTheFilesAfterItAreTakenOnce() throws Exception {
        FolderSource source = source(1024);
        Files.writeString(inbox.resolve("a.json"), "first");
        // the name b<0xFF>.json, made by the shell from raw bytes: Java cannot write it through a String
        assumeTrue(run("bash", "-c", "printf 'bad' > \"$1\"/b$'\\xff'.json", "_", inbox.toString()) == 0,
                "bash cannot create a raw-byte file name");
        Path bad;
        try (Stream<Path> entries = Files.list(inbox)) {
            bad = entries.filter(p -> p.getFileName().toString().startsWith("b")).findFirst().orElseThrow();
        }
        assumeTrue(!Path.of(bad.getFileName().toString()).equals(bad.getFileName()),
                "on this platform's file name encoding (" + System.getProperty("sun.jnu.encoding")
                        + ") the name is valid");
        Files.writeString(inbox.resolve("c.json"), "third");

        source.scanOnce(takeAll);
        source.scanOnce(takeAll);

        assertEquals(List.of("a.json=first", "c.json=third"), offered, "each good file once, the bad one never");
        assertEquals(List.of(), names(inbox));
        assertEquals("third", Files.readString(accepted.resolve("c.json")));
        Path aside = setAside("b_.json");
        assertEquals("bad", Files.readString(aside));
        String reason = Files.readString(reasonFile(aside));
        assertTrue(reason.contains("b%FF.json") && reason.contains("encoding"), reason);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("b%FF.json"), warnings.get(0));
    }

    @Test
    void aNameTooLongForTheCoreToQuarantineIsSetAsideBeforeTheCoreSeesIt() throws Exception {
        FolderSource source = source(1024);
        String longName = "x".repeat(245) + ".json";
        Files.writeString(inbox.resolve(longName), "long");
        Files.writeString(inbox.resolve("y.json"), "short");

        source.scanOnce(takeAll);
        source.scanOnce(takeAll);

        assertEquals(List.of("y.json=short"), offered);
        assertEquals(List.of(), names(inbox));
        Path aside = only(refused, name -> name.contains("xxx") && !name.endsWith(".reason.txt"));
        assertTrue(aside.getFileName().toString().length() < 150, aside.toString());
        String reason = Files.readString(reasonFile(aside));
        assertTrue(reason.contains("entry: " + longName) && reason.contains("250 bytes"), reason);
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aNameWithAControlCharacterIsSetAside() throws Exception {
        FolderSource source = source(1024);
        Files.writeString(inbox.resolve("evil\nINFO all is fine.json"), "x");

        source.scanOnce(takeAll);

        assertEquals(List.of(), offered);
        assertEquals(List.of(), names(inbox));
        assertFalse(warnings.get(0).contains("\n"), "a log line cannot be forged: " + warnings.get(0));
        assertTrue(warnings.get(0).contains("evil%0AINFO"), warnings.get(0));
    }

    @Test
    void aFileWithASecondHardLinkIsSetAsideUnread() throws Exception {
        FolderSource source = source(1024);
        try {
            Files.createLink(inbox.resolve("h.json"), secret);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "hard links are not available: " + e);
        }

        source.scanOnce(takeAll);

        assertEquals(List.of(), offered);
        assertTrue(Files.readString(reasonFile(setAside("h.json"))).contains("2 hard links"));
        assertEquals(SECRET, Files.readString(secret));
    }

    @Test
    void anOverSizeFileIsSetAsideOnceWithItsReason() throws Exception {
        FolderSource source = source(16);
        Files.writeString(inbox.resolve("big.json"), "x".repeat(17));
        Files.writeString(inbox.resolve("small.json"), "ok");
        // the core's own limit, as ExchangeEngine applies it: an over-size payload is refused
        PayloadSink core = payload -> {
            if (payload.size() > 16) {
                throw new PayloadRejectedException("cannot read " + payload.name() + ": more than the limit");
            }
            offered.add(payload.name() + "=" + read(payload));
        };

        for (int scan = 0; scan < 3; scan++) {
            source.scanOnce(core);
        }

        assertEquals(List.of("small.json=ok"), offered);
        assertEquals(List.of(), names(inbox), "the over-size file does not stay in the inbox");
        Path aside = setAside("big.json");
        assertEquals(17, Files.size(aside));
        String reason = Files.readString(reasonFile(aside));
        assertTrue(reason.contains("17 bytes") && reason.contains("limit of 16 bytes"), reason);
        assertEquals(1, warnings.stream().filter(w -> w.contains("big.json")).count(), warnings.toString());
    }

    @Test
    void anEntryThatCannotBeMovedAsideIsRefusedOnceAndLookedAtAgainWhenItChanges() throws Exception {
        FolderSource source = source(1024);
        Files.createDirectories(refused.getParent());
        Files.deleteIfExists(refused);
        Files.writeString(refused, "a file where the refused folder should be");
        Path link = inbox.resolve("link.json");
        Files.createSymbolicLink(link, secret);
        Files.writeString(inbox.resolve("next.json"), "next");

        for (int scan = 0; scan < 3; scan++) {
            source.scanOnce(takeAll);
        }

        assertEquals(List.of("next.json=next"), offered);
        assertTrue(Files.isSymbolicLink(link), "it could not be moved");
        assertEquals(1, warnings.size(), "refused once, not at every scan: " + warnings);
        assertTrue(warnings.get(0).contains("link.json") && warnings.get(0).contains("symbolic link")
                && warnings.get(0).contains("cannot be moved"), warnings.get(0));

        Files.delete(refused);
        Files.createDirectory(refused);
        source.scanOnce(takeAll);
        assertTrue(Files.isSymbolicLink(link), "unchanged, so not looked at again");
        assertEquals(1, warnings.size(), warnings.toString());

        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("somewhere-else"));
        source.scanOnce(takeAll);
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "changed, so judged again and moved aside");
        assertTrue(Files.isSymbolicLink(setAside("link.json")));
        assertEquals(List.of("next.json=next"), offered);
    }

    @Test
    void aFileTheCoreTookButThatCannotBeMovedIsNotOfferedAgainAndHoldsUpNothing() throws Exception {
        FolderSource source = source(1024);
        Files.createDirectories(accepted.resolve("a.json/in-the-way"));
        Files.writeString(inbox.resolve("a.json"), "A");
        Files.writeString(inbox.resolve("b.json"), "B");

        for (int scan = 0; scan < 3; scan++) {
            source.scanOnce(takeAll);
        }

        assertEquals(List.of("a.json=A", "b.json=B"), offered, "each offered once");
        assertEquals("B", Files.readString(accepted.resolve("b.json")));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("a.json") && warnings.get(0).contains("cannot be moved"),
                warnings.get(0));

        Files.writeString(inbox.resolve("a.json"), "A, corrected");
        Files.delete(accepted.resolve("a.json/in-the-way"));
        Files.delete(accepted.resolve("a.json"));
        source.scanOnce(takeAll);
        assertEquals("a.json=A, corrected", offered.get(2), "changed, so offered again");
        assertEquals("A, corrected", Files.readString(accepted.resolve("a.json")));
    }

    @Test
    void aFileTheCoreKeepsRefusingIsWarnedAboutOnceAndOfferedLessOften() throws Exception {
        FolderSource source = source(1024);
        Path file = inbox.resolve("n.json");
        Files.writeString(file, "{}");
        List<String> attempts = new ArrayList<>();
        PayloadSink unavailable = payload -> {
            attempts.add(payload.name());
            throw new PayloadRejectedException("journal unavailable");
        };

        for (int scan = 0; scan < 5; scan++) {
            source.scanOnce(unavailable);
        }

        assertEquals(List.of("n.json", "n.json"), attempts, "offered at the next scan, then after a wait");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("n.json") && warnings.get(0).contains("journal unavailable"));
        Files.writeString(file, "{\"changed\":true}");
        assertEquals(1, source.scanOnce(takeAll), "a changed file is offered at once");
    }

    // --- helpers

    /** The one entry set aside whose safe name ends with the given name (after the time stamp). */
    private Path setAside(String safeName) throws IOException {
        return only(refused, name -> name.endsWith("-" + safeName));
    }

    private static Path reasonFile(Path aside) {
        return aside.resolveSibling(aside.getFileName() + ".reason.txt");
    }

    private static Path only(Path folder, java.util.function.Predicate<String> name) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> found = entries.filter(p -> name.test(p.getFileName().toString())).toList();
            assertEquals(1, found.size(), "in " + folder + ": " + names(folder));
            return found.get(0);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertNoCopyOfTheSecretUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                assertNotEquals(SECRET, Files.readString(file, StandardCharsets.ISO_8859_1),
                        "a copy of the secret in " + file);
            }
        }
    }

    static int run(String... command) throws InterruptedException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            return -1;
        }
    }

    static Logger recordingLogger(List<String> warnings) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("warn") && args != null && args[0] instanceof String message) {
                        warnings.add(message);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE
                            : method.getReturnType() == String.class ? "test" : null;
                });
    }

    private static String read(Payload payload) {
        try {
            return new String(payload.readAllBytes(1 << 20), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
