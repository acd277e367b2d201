package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.launcher.Arguments.Command;
import org.liaison.launcher.Arguments.UsageException;

/**
 * verify-audit against the real verifier: core's compiled classes, loaded the way bin/liaison loads
 * bundle/liaison-core.jar. The trails are written here from the documented format, independently of core's
 * writer, so the test also checks that the format is what the documentation says.
 */
class VerifyAuditTest {

    /** core's classes in this source tree; the reactor builds core before the launcher. */
    private static final Path CORE_CLASSES = Path.of("..", "core", "target", "classes").toAbsolutePath().normalize();

    @TempDir
    Path root;

    private LiaisonHome home;
    private Path trail;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void layout() throws Exception {
        assertTrue(Files.exists(CORE_CLASSES.resolve(VerifyAudit.VERIFIER_CLASS.replace('.', '/') + ".class")),
                "the verifier is not built in " + CORE_CLASSES + ": build core first (mvn install from the root)");
        home = TestHomes.create(root, "");
        trail = VerifyAudit.auditFile(home);
        Files.createDirectories(trail.getParent());
    }

    private int verify(String file) {
        return new VerifyAudit(home, CORE_CLASSES, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(file);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A chain of {@code count} entries, built from the format: hash = SHA-256 of the line before ,"hash":". */
    static List<String> chain(int count) throws Exception {
        List<String> lines = new ArrayList<>();
        String prev = "0".repeat(64);
        for (int seq = 1; seq <= count; seq++) {
            String canonical = "{\"seq\":" + seq + ",\"time\":\"2026-11-29T10:00:0" + (seq % 10) + ".000Z\","
                    + "\"event\":\"input-received\",\"partner\":\"interpol\",\"prev\":\"" + prev + "\"";
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
            lines.add(canonical + ",\"hash\":\"" + hash + "\"}");
            prev = hash;
        }
        return lines;
    }

    private static void write(Path file, List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void anIntactTrailExitsWith0() throws Exception {
        write(trail, chain(5));
        assertEquals(0, verify(null), stderr());
        assertTrue(stdout().startsWith("audit chain OK: 5 entries (last hash "), stdout());
        assertEquals("", stderr());
    }

    @Test
    void aTamperedTrailExitsWith1AndNamesTheLine() throws Exception {
        List<String> lines = chain(5);
        lines.set(2, lines.get(2).replace("interpol", "interpal"));
        write(trail, lines);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 3 (seq 3): edited"), stdout());
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        List<String> lines = chain(5);
        lines.remove(1);
        write(trail, lines);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 2 (seq 3): seq 3 follows seq 1"), stdout());
    }

    @Test
    void aFileNamedOnTheCommandLineIsVerified() throws Exception {
        Path copy = root.resolve("copy-of-audit.jsonl");
        write(copy, chain(3));
        assertEquals(0, verify(copy.toString()));
        assertTrue(stdout().startsWith("audit chain OK: 3 entries"), stdout());
    }

    @Test
    void aMissingTrailExitsWith2() {
        assertEquals(2, verify(null));
        assertEquals("", stdout());
        assertTrue(stderr().startsWith("liaison: no audit trail at " + trail + ": nothing to verify"), stderr());
        err.reset();
        assertEquals(2, verify(root.resolve("nope.jsonl").toString()));
        assertTrue(stderr().startsWith("liaison: no audit trail at "), stderr());
    }

    @Test
    void aMissingVerifierExitsWith2AndNamesTheJar() throws Exception {
        write(trail, chain(1));
        int status = new VerifyAudit(home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(null);
        assertEquals(2, status);
        assertEquals("liaison: cannot verify the audit trail: bundle/liaison-core.jar, which holds the verifier, is"
                + " missing\n", stderr());
    }

    @Test
    void aJarWithoutTheVerifierExitsWith2() throws Exception {
        write(trail, chain(1));
        Path jar = TestHomes.bundle(home.bundleDir().resolve(VerifyAudit.VERIFIER_JAR),
                Map.of("Bundle-SymbolicName", "org.liaison.core"));
        int status = new VerifyAudit(home, jar, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(null);
        assertEquals(2, status);
        assertTrue(stderr().startsWith("liaison: bundle/liaison-core.jar has no usable audit verifier"), stderr());
    }

    @Test
    void refusesWhileLiaisonRunsFromTheHome() throws Exception {
        write(trail, chain(2));
        try (FileChannel channel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            assertEquals(2, verify(null));
            assertTrue(stderr().contains("Liaison is running from " + home.root()), stderr());
            assertTrue(stderr().contains("bin/liaison exec 'liaison:audit verify'"), stderr());
            err.reset();
            Path copy = root.resolve("copy.jsonl");
            Files.copy(trail, copy);
            assertEquals(0, verify(copy.toString()), "a copy outside data/ can be checked any time: " + stderr());
        }
        err.reset();
        assertEquals(0, verify(null), "a lock file left behind by a stopped Liaison is no obstacle: " + stderr());
    }

    @Test
    void theCommandLine() throws Exception {
        assertEquals(new Arguments(Command.VERIFY_AUDIT, null, null), Arguments.parse("verify-audit"));
        assertEquals("a.jsonl", Arguments.parse("verify-audit", "a.jsonl").auditFile());
        assertNull(Arguments.parse("exec", "lb").auditFile());
        assertEquals("verify-audit takes at most one file, got 'a b'",
                assertThrows(UsageException.class, () -> Arguments.parse("verify-audit", "a", "b")).getMessage());
        assertThrows(UsageException.class, () -> Arguments.parse("verify-audit", " "));
        String help = Arguments.help("1");
        assertTrue(help.contains("  verify-audit [<file>]\n"), help);
        assertTrue(help.contains("audit chain BROKEN at line <l> (seq <s>): <what>"), help);
        assertTrue(help.contains("audit/audit.jsonl"), help);
    }
}
