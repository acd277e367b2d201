package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Everything Liaison writes is for the user that runs it alone, whatever the umask it was started with: started from
 * a shell with umask 000, after a file has gone through, no file or folder under {@code data/} or {@code logs/}
 * (the journal, the audit trail, the exec token, inboxes, outboxes, accepted inputs, the class data sharing archive)
 * lets the group or others read, write or enter it (issue 13: the journal, outbox, quarantine and audit were
 * readable by every local user).
 */
class LiaisonFilePermissionsIT {

    private static final Duration FLOW = Duration.ofSeconds(20);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static LiaisonProcess liaison;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("file-permissions").withUmask("000");
        // as an earlier version or a careless copy might have left it
        Files.createDirectories(liaison.home().resolve("data"));
        Files.setPosixFilePermissions(liaison.home().resolve("data"), PosixFilePermissions.fromString("rwxrwxrwx"));
        liaison.run(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    @Test
    void nothingUnderDataOrLogsIsOpenToOtherUsersThoughStartedWithUmask000() throws Exception {
        // dropped as a partner who keeps its own files private would (the test's own umask must not count)
        Path inbox = liaison.home().resolve("data/inbox/interpol");
        Path part = inbox.resolve(".red-notice.json.part");
        Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(part, Files.readString(liaison.home().resolve("samples/interpol-red-notice.json")));
        Files.move(part, inbox.resolve("red-notice.json"));
        Await.until("the notice delivered", FLOW, () -> LiaisonExchangeIT.files(liaison, "data/outbox/unpol"),
                files -> !files.isEmpty());
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (String folder : List.of("data", "logs")) {
            try (Stream<Path> paths = Files.walk(liaison.home().resolve(folder))) {
                for (Path path : paths.toList()) {
                    if (Files.isSymbolicLink(path) || path.endsWith("data/README.txt")) {
                        continue; // shipped, not written by Liaison; data/ itself closes it (checked below)
                    }
                    checked++;
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path,
                            LinkOption.NOFOLLOW_LINKS);
                    permissions.retainAll(OTHERS);
                    if (!permissions.isEmpty()) {
                        open.add(liaison.home().relativize(path) + " " + PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(List.of(), open, "open to the group or others, among " + checked + " files and folders");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                liaison.home().resolve("data"))), "data/ itself");
    }
}
