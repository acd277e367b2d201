package org.liaison.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditChainTest {

    private static final int ENTRIES = 10;
    /** The entries and the checkpoint entry of the clean stop. */
    private static final int LINES = ENTRIES + 1;
    private static final Pattern HASH = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}$");

    @TempDir
    Path directory;

    private Path file;
    private final AuditTestSupport support = new AuditTestSupport();

    @BeforeEach
    void tenEntries() throws Exception {
        file = directory.resolve("data/audit/audit.jsonl");
        support.writeEntries(file, ENTRIES);
    }

    private AuditChain.VerifyResult verify() throws Exception {
        return AuditChain.verify(file);
    }

    private void assertBrokenAt(long line, long seq, String problem) throws Exception {
        AuditChain.VerifyResult result = verify();
        assertFalse(result.ok(), result.describe());
        assertEquals(line, result.badLine(), result.describe());
        assertEquals(seq, result.badSeq(), result.describe());
        assertTrue(result.problem().contains(problem), result.describe());
        assertTrue(result.describe().startsWith("audit chain BROKEN at line " + line + " (seq "
                + (seq < 0 ? "unreadable" : seq) + "): "), result.describe());
    }

    @Test
    void anIntactChainVerifies() throws Exception {
        AuditChain.VerifyResult result = verify();
        assertTrue(result.ok(), result.describe());
        assertEquals(LINES, result.entries());
        String last = AuditTestSupport.lines(file).get(LINES - 1);
        assertEquals("audit chain OK: 11 entries (last hash " + last.substring(last.length() - 66, last.length() - 2)
                + ")", result.describe());
    }

    @Test
    void aMissingOrEmptyFileIsAnEmptyChain() throws Exception {
        AuditChain.VerifyResult missing = AuditChain.verify(directory.resolve("none.jsonl"));
        assertTrue(missing.ok());
        assertEquals(0, missing.entries());
        assertEquals("audit chain OK: 0 entries", missing.describe());
        Files.writeString(file, "");
        assertEquals("audit chain OK: 0 entries", verify().describe());
    }

    /** The format, checked from the outside: what a third party verifying the file by hand relies on. */
    @Test
    void eachHashIsTheSha256OfTheLineUpToItsHashMemberAndEachPrevTheHashBefore() throws Exception {
        String prev = "0".repeat(64);
        long seq = 1;
        for (String line : AuditTestSupport.lines(file)) {
            assertTrue(line.startsWith("{\"seq\":" + seq + ",\"time\":\""), line);
            assertTrue(seq <= ENTRIES ? line.contains(",\"event\":\"input-received\",\"number\":" + seq
                    + ",\"partner\":\"interpol\",\"prev\":\"" + prev + "\",\"hash\":\"")
                    : line.contains(",\"event\":\"checkpoint\",\"reason\":\"stop\",") && line.contains(",\"prev\":\""
                            + prev + "\",\"hash\":\""), line);
            Matcher hash = HASH.matcher(line);
            assertTrue(hash.find(), line);
            String canonical = line.substring(0, line.length() - 75);
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8))), hash.group(1));
            prev = hash.group(1);
            seq++;
        }
    }

    @Test
    void anEditedFieldIsNamed() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.set(4, lines.get(4).replace("\"partner\":\"interpol\"", "\"partner\":\"interpel\""));
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(5, 5, "edited: the entry's content does not match its hash");
    }

    @Test
    void anEditedSeqOrPrevIsNamedToo() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.set(2, lines.get(2).replace("{\"seq\":3,", "{\"seq\":4,"));
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(3, 4, "edited");
    }

    @Test
    void aDeletedLineIsNamedAtTheEntryAfterTheGap() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.remove(4);
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(5, 6, "seq 6 follows seq 4 (line 4): entry 5 is missing (deleted)");
    }

    @Test
    void deletedFirstEntriesAreNamed() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.subList(0, 3).clear();
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(1, 4, "the first entry has seq 4 where 1 was expected");
    }

    @Test
    void anInsertedLineIsNamed() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.add(5, lines.get(2));
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(6, 3, "seq 3 follows seq 5 (line 5), where 6 was expected: an entry was inserted");
    }

    @Test
    void anInsertedEntryOfAnotherChainIsNamed() throws Exception {
        Path other = directory.resolve("other/audit/audit.jsonl");
        AuditTrail trail = new AuditTrail(other, support.logger());
        for (int i = 1; i <= 6; i++) {
            trail.record("input-received", Map.of("partner", "unodc", "number", i));
        }
        trail.close();
        List<String> lines = AuditTestSupport.lines(file);
        lines.set(5, AuditTestSupport.lines(other).get(5));
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(6, 6, "its prev");
    }

    @Test
    void twoSwappedLinesAreNamed() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        String fourth = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, fourth);
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(4, 5, "entry 4 is missing (deleted), or entries were reordered");
    }

    @Test
    void aTruncatedLastLineIsNamed() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40));
        assertBrokenAt(LINES, -1, "incomplete last line");
        assertEquals(LINES - 1, verify().entries());
    }

    @Test
    void aLastLineWithoutItsLineBreakIsIncompleteEvenWhenItsJsonIsWhole() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
        assertBrokenAt(LINES, LINES, "incomplete last line");
    }

    @Test
    void aLineCutShortInTheMiddleIsNotWellFormed() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.set(6, lines.get(6).substring(0, 30));
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(7, -1, "not a well-formed JSON object: a string is not closed at column 31");
    }

    @Test
    void otherDamageIsNamed() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        lines.set(1, "");
        AuditTestSupport.writeLines(file, lines);
        assertBrokenAt(2, -1, "an empty line where an entry was expected");

        support.writeEntries(file = directory.resolve("b/audit/audit.jsonl"), 3);
        byte[] bytes = Files.readAllBytes(file);
        bytes[20] = (byte) 0xC3; // a lead byte of UTF-8 followed by ASCII
        Files.write(file, bytes);
        assertBrokenAt(1, -1, "not valid UTF-8");

        file = directory.resolve("c.jsonl");
        Files.writeString(file, "{\"seq\":1,\"time\":\"2026-11-29T10:00:00.000Z\",\"prev\":\"" + "0".repeat(64)
                + "\",\"event\":\"x\",\"hash\":\"" + "0".repeat(64) + "\"}\n");
        assertBrokenAt(1, 1, "its members are not seq, time, event, ..., prev, hash in this order");

        file = directory.resolve("d.jsonl");
        Files.writeString(file, "{\"seq\":1,\"time\":\"yesterday\",\"event\":\"x\",\"prev\":\"" + "0".repeat(64)
                + "\",\"hash\":\"" + "0".repeat(64) + "\"}\n");
        assertBrokenAt(1, 1, "time yesterday is not an ISO-8601 instant");

        file = directory.resolve("e.jsonl");
        Files.writeString(file, "{\"seq\":1, \"time\":\"2026-11-29T10:00:00.000Z\",\"event\":\"x\",\"prev\":\""
                + "0".repeat(64) + "\",\"hash\" : \"" + "0".repeat(64) + "\"}\n");
        assertBrokenAt(1, 1, "the hash member is not written exactly as");
    }

    @Test
    void verifyingAPrefixIgnoresWhatFollows() throws Exception {
        long eight = 0;
        List<String> lines = AuditTestSupport.lines(file);
        for (int i = 0; i < 8; i++) {
            eight += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        Files.writeString(file, "{\"seq\":11,\"ti", StandardOpenOption.APPEND);
        AuditChain.VerifyResult prefix = AuditChain.verify(file, eight);
        assertTrue(prefix.ok(), prefix.describe());
        assertEquals(8, prefix.entries());
    }

    @Test
    void verifyAndPrintGivesTheExitStatus() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, AuditChain.verifyAndPrint(file, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("audit chain OK: 11 entries"),
                out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));

        List<String> lines = AuditTestSupport.lines(file);
        lines.remove(2);
        AuditTestSupport.writeLines(file, lines);
        out.reset();
        assertEquals(1, AuditChain.verifyAndPrint(file, o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("audit chain BROKEN at line 3 (seq 4): "));

        assertEquals(2, AuditChain.verifyAndPrint(directory, o, e), "a folder cannot be read as a trail");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("liaison: cannot read the audit trail "));
        err.reset();
        assertEquals(2, AuditChain.verifyAndPrint(directory.resolve("gone.jsonl"), o, e),
                "offline, a missing trail is an error, not an empty chain");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("liaison: no audit trail at "));
    }

    @Test
    void lastLinesReadsTheEndOfTheFileOnly() throws Exception {
        List<String> lines = AuditTestSupport.lines(file);
        assertEquals(lines.subList(LINES - 3, LINES), AuditChain.lastLines(file, 3, Long.MAX_VALUE));
        assertEquals(lines, AuditChain.lastLines(file, 50, Long.MAX_VALUE));
        Files.writeString(file, "{\"torn", StandardOpenOption.APPEND);
        assertEquals(lines.subList(LINES - 1, LINES), AuditChain.lastLines(file, 1, Long.MAX_VALUE),
                "a line without its line break is not shown");
        assertEquals(List.of(), AuditChain.lastLines(directory.resolve("none"), 5, Long.MAX_VALUE));
    }
}
