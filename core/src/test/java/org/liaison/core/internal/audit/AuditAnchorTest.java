package org.liaison.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchoring of the trail (issue 13): cutting, appending to, rewriting or emptying a stopped trail, or deleting
 * its anchor, fails verification, offline ({@link AuditChain#verifyAndPrint}, what {@code bin/liaison verify-audit}
 * runs) and online ({@code liaison:audit verify}); an untouched trail passes; a crash is handled as documented in
 * {@link AuditTrail}.
 */
class AuditAnchorTest {

    private static final int ENTRIES = 30;

    @TempDir
    Path directory;

    private final AuditTestSupport support = new AuditTestSupport();
    private final List<AuditTrail> open = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path file;

    @BeforeEach
    void aStoppedTrail() throws Exception {
        file = directory.resolve("data/audit/audit.jsonl");
        AuditTrail trail = open();
        for (int i = 1; i <= ENTRIES; i++) {
            trail.record("delivered", Map.of("recipient", "unpol", "n", i));
        }
        close(trail);
    }

    @AfterEach
    void closeAll() {
        open.forEach(AuditTrail::close);
    }

    private AuditTrail open() throws IOException {
        AuditTrail trail = new AuditTrail(file, directory.resolve("data/keys"), support.logger(), Duration.ZERO);
        open.add(trail);
        return trail;
    }

    private void close(AuditTrail trail) {
        trail.close();
        open.remove(trail);
    }

    /** Runs the offline verifier; returns its exit status, its output in {@link #out}. */
    private int offline() {
        out.reset();
        err.reset();
        return AuditChain.verifyAndPrint(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).strip() + err.toString(StandardCharsets.UTF_8);
    }

    private List<String> lines() throws IOException {
        return AuditTestSupport.lines(file);
    }

    @Test
    void anUntouchedTrailAfterACleanStopVerifiesAndEndsWithItsSignedCheckpoint() throws Exception {
        assertEquals(0, offline(), printed());
        List<String> lines = lines();
        String last = lines.get(ENTRIES);
        assertEquals("audit chain OK: " + (ENTRIES + 1) + " entries (last hash " + last.substring(last.length() - 66,
                last.length() - 2) + ")", printed());
        assertTrue(last.contains("\"event\":\"checkpoint\",\"reason\":\"stop\""), last);
        String anchor = Files.readString(file.resolveSibling("anchor.json"));
        assertTrue(anchor.startsWith("{\"seq\":" + (ENTRIES + 1) + ",\"hash\":\"" + last.substring(last.length() - 66,
                last.length() - 2) + "\",\"time\":\""), anchor);
        assertTrue(anchor.contains("\"state\":\"stopped\""), anchor);
    }

    @Test
    void removingTheLastTenLinesFails() throws Exception {
        List<String> lines = lines();
        AuditTestSupport.writeLines(file, lines.subList(0, lines.size() - 10));
        assertEquals(1, offline(), printed());
        assertEquals("audit chain BROKEN at line 22 (seq 22): missing: the trail ends at seq 21, but it held entries"
                + " up to seq 31", printed().substring(0, printed().indexOf(" (signed checkpoint")));
        assertTrue(printed().endsWith(": entries 22 to 31 were removed from its end"), printed());
    }

    @Test
    void aForgedLineAppendedWithACorrectHashFails() throws Exception {
        Files.writeString(file, AuditTestSupport.forgedNext(lines(), "delivered") + "\n", StandardOpenOption.APPEND);
        assertTrue(AuditChain.verify(file).ok(), "the chain alone does not see it");
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 32 (seq 32): added: Liaison stopped cleanly at"
                + " seq 31 (signed checkpoint in anchor.json, time "), printed());
        assertTrue(printed().endsWith("entry 32 were written after it stopped"), printed());
    }

    @Test
    void aTrailRewrittenWithRecomputedHashesFails() throws Exception {
        List<String> lines = lines();
        lines.set(4, lines.get(4).replace("\"recipient\":\"unpol\"", "\"recipient\":\"unodc\""));
        List<String> forged = AuditTestSupport.rechain(lines.subList(0, ENTRIES));
        AuditTestSupport.writeLines(file, forged);
        assertTrue(AuditChain.verify(file).ok(), "the chain alone does not see it");
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 31 (seq 31): missing: the trail ends at seq 30"),
                "without the checkpoint entry: " + printed());

        // keep the stop checkpoint entry too, re-chained: its signature no longer signs the entry before it
        forged = AuditTestSupport.rechain(lines);
        AuditTestSupport.writeLines(file, forged);
        assertTrue(AuditChain.verify(file).ok(), "the chain alone does not see it");
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 31 (seq 31): a checkpoint entry that does not sign"
                + " the entry before it (seq 30, hash "), printed());

        // and with a forged checkpoint entry dropped, a trail of the same length: the anchored hash differs
        forged = AuditTestSupport.rechain(lines.subList(0, ENTRIES));
        forged.add(AuditTestSupport.forgedNext(forged, "replay"));
        AuditTestSupport.writeLines(file, forged);
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 31 (seq 31): rewritten: its hash "), printed());
        assertTrue(printed().endsWith(": the trail up to here was replaced (with recomputed hashes)"), printed());
    }

    @Test
    void anEmptiedTrailFails() throws Exception {
        Files.write(file, new byte[0]);
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 1 (seq 1): missing: the trail is empty, but it"
                + " held entries up to seq 31"), printed());
        assertTrue(printed().endsWith(": it was emptied"), printed());
    }

    @Test
    void aDeletedAnchorFails() throws Exception {
        Files.delete(file.resolveSibling("anchor.json"));
        assertEquals(1, offline(), printed());
        assertEquals("audit chain NOT ANCHORED: " + file.resolveSibling("anchor.json") + " is missing: no signed"
                + " checkpoint vouches for the 31 entries of " + file + " (Liaison writes it at its first start and"
                + " keeps it up to date: it was deleted, or the trail was copied without it)", printed());

        Files.write(file, new byte[0]);
        assertEquals(1, offline(), "emptied, and the anchor deleted: " + printed());
        assertTrue(printed().startsWith("audit chain NOT ANCHORED: "), printed());
    }

    @Test
    void anEditedOrForeignAnchorFails() throws Exception {
        Path anchor = file.resolveSibling("anchor.json");
        String text = Files.readString(anchor);
        Files.writeString(anchor, text.replace("seq=31 ", "seq=21 ").replace("{\"seq\":31,", "{\"seq\":21,"));
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain NOT ANCHORED: " + anchor + ": the signature does not verify with"
                + " the node key "), printed());

        // a key pair of the forger's own, in place of the node's
        Files.writeString(anchor, text);
        Path keys = directory.resolve("data/keys");
        Files.delete(keys.resolve("node-private.pem"));
        Files.delete(keys.resolve("node-public.pem"));
        AuditAnchor.loadOrCreate(keys);
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 31 (seq 31): a checkpoint entry signed by the key "),
                printed());
        assertTrue(printed().contains(", not by the node key " + AuditAnchor.fingerprint(AuditAnchor.readPublicKey(
                keys.resolve("node-public.pem")))), printed());
    }

    @Test
    void restartingAfterTamperingDoesNotLaunderIt() throws Exception {
        List<String> lines = lines();
        AuditTestSupport.writeLines(file, lines.subList(0, lines.size() - 10));
        AuditTrail trail = open();
        trail.record("delivered", Map.of("n", 99));
        AuditCommand command = new AuditCommand(trail);
        IllegalStateException online = assertThrows(IllegalStateException.class, () -> command.audit("verify"));
        assertTrue(online.getMessage().startsWith("audit chain BROKEN at line 22 (seq 22): at a start, Liaison found"
                + " that the trail did not match its last signed checkpoint, and recorded it here: the trail ended at"
                + " seq 21, but it held entries up to seq 31"), online.getMessage());
        close(trail);
        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 22 (seq 22): at a start"), printed());
        assertTrue(support.logged("error").stream().anyMatch(line -> line.contains("does not match its last signed"
                + " checkpoint")), support.log.toString());
    }

    @Test
    void aCrashLeavesAnUnanchoredTailThatFailsOfflineUntilTheNextStartNamesIt() throws Exception {
        AuditTrail trail = open();
        trail.record("delivered", Map.of("n", 31));
        trail.flush();
        byte[] anchorAtCrash = Files.readAllBytes(file.resolveSibling("anchor.json"));
        byte[] trailWithoutTail = Files.readAllBytes(file);
        for (int i = 0; i < 3; i++) {
            trail.record("delivered", Map.of("n", 32 + i));
        }
        trail.flush();
        // what a kill leaves when the anchor lagged three entries behind the trail (ANCHOR_INTERVAL)
        byte[] trailAtCrash = Files.readAllBytes(file);
        close(trail);
        Files.write(file, trailAtCrash);
        Files.write(file.resolveSibling("anchor.json"), anchorAtCrash);

        assertEquals(1, offline(), printed());
        assertTrue(printed().startsWith("audit chain BROKEN at line 33 (seq 33): unanchored: entries 33 to 35 came after"
                + " the last signed checkpoint, seq 32 (signed checkpoint in anchor.json, time "), printed());
        assertTrue(printed().contains("and Liaison did not stop cleanly: written since a crash, or added by someone"
                + " else"), printed());

        Files.write(file, trailWithoutTail);
        assertEquals(0, offline(), "a crash right after the anchor was written leaves nothing unanchored: "
                + printed());

        Files.write(file, trailAtCrash);
        AuditTrail restarted = open();
        String named = lines().get(35);
        assertTrue(named.startsWith("{\"seq\":36,") && named.contains("\"event\":\"audit-unanchored\",\"reason\":"
                + "\"Liaison did not stop cleanly: entries after the last signed checkpoint, written before a crash or"
                + " added by someone else\",\"from\":33,\"to\":35,\"anchoredSeq\":32,"), named);
        assertTrue(new AuditCommand(restarted).audit("verify").startsWith("audit chain OK: 36 entries"));
        close(restarted);
        assertEquals(0, offline(), printed());
        assertEquals(1, support.logged("warn").size(), support.log.toString());
    }

    @Test
    void whileRunningTruncationAndADeletedAnchorAreFound() throws Exception {
        AuditTrail trail = open();
        for (int i = 0; i < 5; i++) {
            trail.record("delivered", Map.of("n", i));
        }
        AuditCommand command = new AuditCommand(trail);
        assertTrue(command.audit("verify").startsWith("audit chain OK: 36 entries"), command.audit("verify"));
        List<String> lines = lines();

        Files.delete(file.resolveSibling("anchor.json"));
        assertTrue(assertThrows(IllegalStateException.class, () -> command.audit("verify")).getMessage()
                .startsWith("audit chain NOT ANCHORED: "));

        trail.record("delivered", Map.of("n", 6));
        assertTrue(command.audit("verify").startsWith("audit chain OK: 37 entries"), "the anchor is written again");
        AuditTestSupport.writeLines(file, lines.subList(0, 26));
        String truncated = assertThrows(IllegalStateException.class, () -> command.audit("verify")).getMessage();
        assertTrue(truncated.startsWith("audit chain BROKEN at line 27 (seq 27): missing: the trail ends at seq 26"),
                truncated);
    }

    @Test
    void theNodeKeyIsOwnerOnlyAndTheCallersCannotWriteTheTrailsOwnEvents() throws Exception {
        Path keys = directory.resolve("data/keys");
        if (keys.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    keys.resolve("node-private.pem"))));
        }
        assertTrue(Files.readString(keys.resolve("node-private.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(keys.resolve("node-public.pem")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        AuditTrail trail = open();
        assertEquals("audit event name 'checkpoint' is the trail's own; choose another",
                assertThrows(IllegalArgumentException.class, () -> trail.record("checkpoint", Map.of()))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> trail.record("audit-unanchored", Map.of()));
    }

    /** The documented third-party check, with openssl; skipped (an assumption) where there is no openssl. */
    @Test
    void aThirdPartyVerifiesACheckpointWithOpenssl() throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not on the PATH");
        Path keys = directory.resolve("data/keys");
        Path pub = keys.resolve("node-public.pem");
        AuditChain.Members anchor = AuditChain.members(Files.readString(file.resolveSibling("anchor.json")).strip());
        AuditChain.Members entry = AuditChain.members(lines().get(ENTRIES));
        for (AuditChain.Members signed : List.of(anchor, entry)) {
            Path text = directory.resolve("checkpoint.txt");
            Path sig = directory.resolve("checkpoint.sig");
            Files.writeString(text, signed.value("signed"), StandardCharsets.US_ASCII);
            Files.write(sig, Base64.getDecoder().decode(signed.value("signature")));
            Result verified = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                    "-in", text.toString(), "-sigfile", sig.toString());
            assertEquals(0, verified.status(), verified.output());
            assertTrue(verified.output().contains("Signature Verified Successfully"), verified.output());

            Files.writeString(text, signed.value("signed").replace("seq=", "seq=1"), StandardCharsets.US_ASCII);
            Result altered = run("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pub.toString(), "-rawin",
                    "-in", text.toString(), "-sigfile", sig.toString());
            assertFalse(altered.status() == 0, "an altered checkpoint must not verify: " + altered.output());
        }
        Result der = run("sh", "-c", "openssl pkey -pubin -in '" + pub + "' -outform DER | openssl dgst -sha256 -r");
        assertEquals(0, der.status(), der.output());
        assertEquals(anchor.value("keySha256"), der.output().strip().split(" ")[0], "the documented fingerprint");
        assertEquals(0, run("openssl", "pkey", "-in", keys.resolve("node-private.pem").toString(), "-noout").status());
    }

    private record Result(int status, String output) {
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
