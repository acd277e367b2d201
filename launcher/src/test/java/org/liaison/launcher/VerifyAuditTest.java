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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
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

    private static String hashOf(String line) {
        return line.substring(line.length() - 66, line.length() - 2);
    }

    /**
     * Writes the node's public key to {@code keys/node-public.pem} beside the trail's folder and the anchor file
     * {@code anchor.json} beside the trail, from the documented format: an Ed25519 signature of
     * "liaison-audit-checkpoint seq=<n> hash=<hex> time=<instant> state=<running|stopped>".
     */
    private static void anchor(Path trail, KeyPair key, long seq, String hash, boolean stopped) throws Exception {
        Path keys = trail.toAbsolutePath().getParent().resolveSibling("keys");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("node-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        String time = "2026-11-29T10:01:00.000Z";
        String state = stopped ? "stopped" : "running";
        String signed = "liaison-audit-checkpoint seq=" + seq + " hash=" + hash + " time=" + time + " state=" + state;
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key.getPrivate());
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(key.getPublic().getEncoded()));
        Files.writeString(trail.resolveSibling("anchor.json"), "{\"seq\":" + seq + ",\"hash\":\"" + hash
                + "\",\"time\":\"" + time + "\",\"state\":\"" + state + "\",\"keySha256\":\"" + fingerprint
                + "\",\"signed\":\"" + signed + "\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature.sign()) + "\"}\n");
    }

    private static KeyPair newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** A trail of {@code count} entries, anchored at its last one as after a clean stop. */
    private static List<String> stoppedTrail(Path file, int count) throws Exception {
        List<String> lines = chain(count);
        write(file, lines);
        anchor(file, newKey(), count, hashOf(lines.get(count - 1)), true);
        return lines;
    }

    @Test
    void anIntactTrailExitsWith0() throws Exception {
        stoppedTrail(trail, 5);
        assertEquals(0, verify(null), stderr());
        assertTrue(stdout().startsWith("audit chain OK: 5 entries (last hash "), stdout());
        assertEquals("", stderr());
    }

    @Test
    void aTamperedTrailExitsWith1AndNamesTheLine() throws Exception {
        List<String> lines = stoppedTrail(trail, 5);
        lines.set(2, lines.get(2).replace("interpol", "interpal"));
        write(trail, lines);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 3 (seq 3): edited"), stdout());
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        List<String> lines = stoppedTrail(trail, 5);
        lines.remove(1);
        write(trail, lines);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 2 (seq 3): seq 3 follows seq 1"), stdout());
    }

    @Test
    void aFileNamedOnTheCommandLineIsVerified() throws Exception {
        Path copy = root.resolve("copy/audit/audit.jsonl");
        Files.createDirectories(copy.getParent());
        stoppedTrail(copy, 3);
        assertEquals(0, verify(copy.toString()), stderr());
        assertTrue(stdout().startsWith("audit chain OK: 3 entries"), stdout());

        out.reset();
        Path alone = root.resolve("copy-of-audit.jsonl");
        Files.copy(copy, alone);
        assertEquals(1, verify(alone.toString()), "without its anchor and key a trail proves nothing");
        assertTrue(stdout().startsWith("audit chain NOT ANCHORED: the node's public key "), stdout());
    }

    @Test
    void removingTheLastTenLinesExitsWith1() throws Exception {
        List<String> lines = stoppedTrail(trail, 30);
        write(trail, lines.subList(0, 20));
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 21 (seq 21): missing: the trail ends at seq 20, but"
                + " it held entries up to seq 30"), stdout());
    }

    @Test
    void aForgedLineAppendedWithACorrectHashExitsWith1() throws Exception {
        List<String> lines = stoppedTrail(trail, 5);
        List<String> longer = chain(6);
        assertEquals(lines, longer.subList(0, 5));
        write(trail, longer);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 6 (seq 6): added: Liaison stopped cleanly at seq 5"),
                stdout());
    }

    @Test
    void aTrailRewrittenWithRecomputedHashesExitsWith1() throws Exception {
        stoppedTrail(trail, 5);
        List<String> other = chain(5);
        // the same entries with other times: every hash differs, and the chain is valid
        List<String> rewritten = new ArrayList<>();
        String prev = "0".repeat(64);
        for (String line : other) {
            String canonical = line.substring(0, line.length() - 75).replace(":0", ":1")
                    .replaceAll("\"prev\":\"[0-9a-f]{64}\"$", "\"prev\":\"" + prev + "\"");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
            rewritten.add(canonical + ",\"hash\":\"" + hash + "\"}");
            prev = hash;
        }
        write(trail, rewritten);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 5 (seq 5): rewritten: its hash "), stdout());
    }

    @Test
    void anEmptiedTrailExitsWith1() throws Exception {
        stoppedTrail(trail, 5);
        Files.write(trail, new byte[0]);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 1 (seq 1): missing: the trail is empty, but it held"
                + " entries up to seq 5"), stdout());
    }

    @Test
    void aDeletedAnchorExitsWith1() throws Exception {
        stoppedTrail(trail, 5);
        Files.delete(trail.resolveSibling("anchor.json"));
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain NOT ANCHORED: " + trail.resolveSibling("anchor.json")
                + " is missing"), stdout());
    }

    @Test
    void afterACrashEntriesAfterTheLastCheckpointExitWith1UntilTheNextStart() throws Exception {
        List<String> lines = chain(8);
        write(trail, lines);
        anchor(trail, newKey(), 6, hashOf(lines.get(5)), false);
        assertEquals(1, verify(null));
        assertTrue(stdout().startsWith("audit chain BROKEN at line 7 (seq 7): unanchored: entries 7 to 8 came after the"
                + " last signed checkpoint, seq 6"), stdout());

        out.reset();
        anchor(trail, newKey(), 8, hashOf(lines.get(7)), false);
        assertEquals(0, verify(null), "a crash right after an anchor leaves nothing unanchored: " + stdout());
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
        stoppedTrail(trail, 2);
        try (FileChannel channel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            assertEquals(2, verify(null));
            assertTrue(stderr().contains("Liaison is running from " + home.root()), stderr());
            assertTrue(stderr().contains("bin/liaison exec 'liaison:audit verify'"), stderr());
            err.reset();
            Path copy = root.resolve("copy/audit/audit.jsonl");
            Files.createDirectories(copy.getParent());
            Files.createDirectories(root.resolve("copy/keys"));
            Files.copy(trail, copy);
            Files.copy(trail.resolveSibling("anchor.json"), copy.resolveSibling("anchor.json"));
            Files.copy(home.dataDir().resolve("keys/node-public.pem"), root.resolve("copy/keys/node-public.pem"));
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
