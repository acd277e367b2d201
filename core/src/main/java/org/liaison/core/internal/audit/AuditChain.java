package org.liaison.core.internal.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The format of the audit trail, and its verification.
 *
 * <p>The trail is a file of UTF-8 lines, each ending with LF, one JSON object per line, without white space, whose
 * members come in this order:
 * <pre>
 * {"seq":1,"time":"2026-11-29T10:15:30.123Z","event":"bundle-installed",...fields...,"prev":"000…0","hash":"9f…"}
 * </pre>
 * <ul>
 * <li>{@code seq} counts the entries from 1, one more on each line;</li>
 * <li>{@code time} is an ISO-8601 instant in UTC, the wall clock when the entry was recorded (a clock step can
 * make it go back; {@code seq}, not {@code time}, orders the entries); {@code event} is the kind of entry;</li>
 * <li>{@code prev} is the {@code hash} of the entry before, 64 zeros for the first entry;</li>
 * <li>{@code hash} is the lower-case hex SHA-256 of the entry's <em>canonical form</em>: the exact bytes of the line
 * up to, and not including, the text {@code ,"hash":"}. The hash member is always last and always exactly
 * {@value #HASH_SUFFIX_LENGTH} bytes long ({@code ,"hash":"} + 64 hex digits + {@code "}}), so the canonical form
 * is the line without its last {@value #HASH_SUFFIX_LENGTH} bytes: nothing is re-serialised, and no two different
 * lines share a canonical form.</li>
 * </ul>
 * Since {@code hash} covers everything else in the line, {@code prev} included, each entry fixes the whole chain
 * before it: editing any byte breaks that entry's hash; deleting, inserting or moving an entry breaks the
 * {@code seq} sequence and the {@code prev} link of the entry that follows.
 *
 * <p><b>Anchoring.</b> The chain alone proves nothing about the end of the trail: cutting entries off the end,
 * appending entries with correct hashes, or rewriting the whole file with recomputed hashes all leave a valid
 * chain. {@link #verifyAnchored} therefore also checks the trail against the signed checkpoints of
 * {@link AuditAnchor}: the last one, in the anchor file, and the {@code checkpoint} entries inside the trail. What it
 * proves and what it cannot is described there and in {@link AuditTrail}.
 *
 * <p>This class depends on the JDK alone, on purpose: {@code bin/liaison verify-audit} loads it from
 * {@code bundle/liaison-core.jar} in a plain class loader, without OSGi and without gson, and calls
 * {@link #verifyAndPrint}. That way the offline check and {@code liaison:audit verify} are the same code.
 */
public final class AuditChain {

    /** The {@code prev} of the first entry. */
    public static final String FIRST_PREV = "0".repeat(64);

    /** The event of a signed checkpoint entry, written by the trail itself. */
    static final String CHECKPOINT = "checkpoint";
    /** Written at a start that found the trail not matching its last signed checkpoint: verification fails there. */
    static final String ANCHOR_BROKEN = "audit-anchor-broken";
    /** Written at a start that found entries after the last signed checkpoint of a run that did not stop cleanly. */
    static final String UNANCHORED = "audit-unanchored";

    static final String HASH_MEMBER = ",\"hash\":\"";
    static final int HASH_SUFFIX_LENGTH = 75;

    /** A longer line is refused rather than read into memory whole. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final int MAX_DEPTH = 64;
    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /**
     * What verification found.
     *
     * @param entries the number of entries that verified (all of them when the chain is intact; those before the
     *                first bad one otherwise)
     * @param lastHash the hash of the last entry that verified, {@link #FIRST_PREV} when there is none
     * @param badLine the line number (from 1) of the first bad entry (for a missing entry: the line where it should
     *                be); 0 when no line can be named: the chain is intact, or the anchoring failed as a whole
     * @param badSeq the {@code seq} the first bad entry shows (or should have), -1 when it has none that can be read
     * @param problem what is wrong, {@code null} when the trail verified
     */
    public record VerifyResult(long entries, String lastHash, long badLine, long badSeq, String problem) {

        public boolean ok() {
            return problem == null;
        }

        /**
         * {@code audit chain OK: <n> entries (last hash <hex>)}, or
         * {@code audit chain BROKEN at line <l> (seq <s>): <what>}, or, when the signed checkpoints cannot vouch
         * for the trail at all (no anchor file, a forged one, no public key), {@code audit chain NOT ANCHORED: <what>}.
         */
        public String describe() {
            if (ok()) {
                return "audit chain OK: " + entries + " entries" + (entries == 0 ? "" : " (last hash " + lastHash
                        + ")");
            }
            if (badLine == 0) {
                return "audit chain NOT ANCHORED: " + problem;
            }
            return "audit chain BROKEN at line " + badLine + " (seq " + (badSeq < 0 ? "unreadable" : badSeq) + "): "
                    + problem;
        }
    }

    /**
     * One line read and checked on its own, before its place in the chain is checked; {@code members} is
     * {@code null} when the line is not a well-formed object.
     */
    record Entry(long seq, String event, String prev, String hash, String problem, Members members) {

        Entry(long seq, String event, String prev, String hash, String problem) {
            this(seq, event, prev, hash, problem, null);
        }

        boolean valid() {
            return problem == null;
        }
    }

    /** What a running trail knows it wrote: the seq and hash of its last entry on disk, and the file's length then. */
    record Head(long seq, String hash, long length) {
    }

    /** Verifies the chain of the whole file, without its anchoring; a missing or empty file is a chain of none. */
    public static VerifyResult verify(Path file) throws IOException {
        return verify(file, Long.MAX_VALUE);
    }

    /**
     * Verifies the chain of the first {@code length} bytes of the file (all of it when it is shorter), reading it as
     * a stream, without its anchoring.
     */
    public static VerifyResult verify(Path file, long length) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return new VerifyResult(0, FIRST_PREV, 0, -1, null);
        }
        try (in) {
            return new Verifier(null, null, null).run(in, length);
        }
    }

    /**
     * Verifies a stopped trail and its anchoring: the anchor file {@link AuditAnchor#anchorFile} and the node's
     * public key in {@link AuditAnchor#keysFolder}.
     */
    public static VerifyResult verifyAnchored(Path file) throws IOException {
        return verifyAnchored(file, AuditAnchor.anchorFile(file),
                AuditAnchor.keysFolder(file).resolve(AuditAnchor.PUBLIC_KEY), null);
    }

    /**
     * Verifies the trail and its anchoring; the first failure found is reported, in this order:
     * <ol>
     * <li>the chain, line by line ({@link #verify(Path)}), and in it each {@code checkpoint} entry: its signed text
     * names the entry before it (seq and hash) and its signature verifies with the node key; an
     * {@code audit-anchor-broken} entry (a start found the trail not matching its anchor) fails there;</li>
     * <li>the anchor file: present, signed by the node key, and the trail has the anchored seq with the anchored
     * hash (so nothing up to it was removed or rewritten);</li>
     * <li>running ({@code running} given): the trail ends with what the running trail wrote; entries after the
     * anchor are then the ones not yet anchored, vouched for by the running process;</li>
     * <li>stopped: nothing after the anchored entry. After a clean stop the anchor is the last entry, so a later one
     * was added; after a crash the entries since the last anchor cannot be told from added ones, and fail until the
     * next start records them in an {@code audit-unanchored} entry.</li>
     * </ol>
     *
     * @param runningHead for a running trail, gives its head; it is asked after the anchor file was read, so that
     *                    the anchor is never ahead of the head. {@code null} for a stopped trail.
     * @throws IOException when the trail, the anchor or the key exist but cannot be read
     */
    static VerifyResult verifyAnchored(Path file, Path anchorFile, Path publicKeyFile, Supplier<Head> runningHead)
            throws IOException {
        PublicKey key;
        try {
            key = AuditAnchor.readPublicKey(publicKeyFile);
        } catch (NoSuchFileException e) {
            return notAnchored("the node's public key " + publicKeyFile + " is missing, so the signed checkpoints of "
                    + file + " cannot be checked");
        } catch (IOException e) {
            if (!Files.isReadable(publicKeyFile)) {
                throw e;
            }
            return notAnchored(e.getMessage());
        }
        AuditAnchor.Checkpoint anchor = null;
        boolean anchorMissing = false;
        String anchorProblem = null;
        try {
            anchor = AuditAnchor.read(anchorFile, key);
        } catch (NoSuchFileException e) {
            anchorMissing = true;
        } catch (AuditAnchor.InvalidAnchorException e) {
            anchorProblem = e.getMessage();
        }
        Head running = runningHead == null ? null : runningHead.get();
        long length = running == null ? Long.MAX_VALUE : running.length();
        VerifyResult chain;
        Verifier verifier = new Verifier(key, AuditAnchor.fingerprint(key), anchor);
        try (InputStream in = Files.exists(file) ? Files.newInputStream(file) : InputStream.nullInputStream()) {
            chain = verifier.run(in, length);
        }
        if (!chain.ok()) {
            return chain;
        }
        long entries = chain.entries();
        if (anchorMissing) {
            return notAnchored(anchorFile + " is missing: no signed checkpoint vouches for the " + entries
                    + " entries of " + file + " (Liaison writes it at its first start and keeps it up to date: it was"
                    + " deleted, or the trail was copied without it)");
        }
        if (anchorProblem != null) {
            return notAnchored(anchorProblem);
        }
        String when = " (signed checkpoint in " + anchorFile.getFileName() + ", time " + anchor.time() + ")";
        if (anchor.seq() > entries) {
            return new VerifyResult(entries, chain.lastHash(), entries + 1, entries + 1, entries == 0
                    ? "missing: the trail is empty, but it held entries up to seq " + anchor.seq() + when
                            + ": it was emptied"
                    : "missing: the trail ends at seq " + entries + ", but it held entries up to seq " + anchor.seq()
                            + when + ": " + (anchor.seq() == entries + 1 ? "entry " + anchor.seq() + " was"
                                    : "entries " + (entries + 1) + " to " + anchor.seq() + " were")
                            + " removed from its end");
        }
        String anchoredHash = anchor.seq() == 0 ? FIRST_PREV : verifier.hashAtAnchor;
        if (!anchor.hash().equals(anchoredHash)) {
            return new VerifyResult(entries, chain.lastHash(), anchor.seq(), anchor.seq(), anchor.seq() == 0
                    ? "the signed checkpoint of the empty trail has the hash " + anchor.hash() + ", not 64 zeros"
                    : "rewritten: its hash " + anchoredHash + " is not the hash " + anchor.hash() + when
                            + ": the trail up to here was replaced (with recomputed hashes)");
        }
        if (running != null) {
            if (entries < running.seq()) {
                return new VerifyResult(entries, chain.lastHash(), entries + 1, entries + 1, "missing: the trail ends"
                        + " at seq " + entries + ", but this running Liaison wrote entries up to seq " + running.seq()
                        + ": entries were removed from its end");
            }
            if (entries > running.seq() || !chain.lastHash().equals(running.hash())) {
                return new VerifyResult(entries, chain.lastHash(), running.seq(), running.seq(), "rewritten: this"
                        + " running Liaison wrote entry " + running.seq() + " with the hash " + running.hash()
                        + ", the file holds another");
            }
            return chain;
        }
        if (anchor.seq() < entries) {
            long first = anchor.seq() + 1;
            String range = first == entries ? "entry " + first : "entries " + first + " to " + entries;
            return new VerifyResult(entries, chain.lastHash(), first, first, anchor.stopped()
                    ? "added: Liaison stopped cleanly at seq " + anchor.seq() + when + ", yet the trail goes on: "
                            + range + " were written after it stopped"
                    : "unanchored: " + range + " came after the last signed checkpoint, seq " + anchor.seq() + when
                            + ", and Liaison did not stop cleanly: written since a crash, or added by someone"
                            + " else, which cannot be told apart. The next start of Liaison records them in an "
                            + UNANCHORED + " entry; until then nothing vouches for them");
        }
        return chain;
    }

    /** The hash of the entry of {@code seq} among the first {@code length} bytes, {@code null} when the chain breaks before. */
    static String hashOf(Path file, long seq, long length) throws IOException {
        Verifier verifier = new Verifier(null, null, new AuditAnchor.Checkpoint(seq, FIRST_PREV, "", false));
        try (InputStream in = Files.newInputStream(file)) {
            verifier.run(in, length);
        }
        return verifier.hashAtAnchor;
    }

    private static VerifyResult notAnchored(String problem) {
        return new VerifyResult(0, FIRST_PREV, 0, -1, problem);
    }

    /**
     * {@code bin/liaison verify-audit}: verifies {@code file} and its anchoring ({@link #verifyAnchored(Path)}),
     * prints {@link VerifyResult#describe()} on {@code out}, and returns the exit status: 0 when it verifies, 1
     * when it does not, 2 when the trail does not exist or a file cannot be read (the reason goes to {@code err}).
     * Unlike {@link #verify(Path)}, a missing file is an error here: offline, a trail that is not there must not
     * pass for an empty one.
     */
    public static int verifyAndPrint(Path file, PrintStream out, PrintStream err) {
        if (!Files.exists(file)) {
            err.println("liaison: no audit trail at " + file + ": nothing to verify (has Liaison run from this"
                    + " home?)");
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println("liaison: cannot read the audit trail " + file + ": it is not a file");
            return 2;
        }
        VerifyResult result;
        try {
            result = verifyAnchored(file);
        } catch (IOException e) {
            err.println("liaison: cannot read the audit trail " + file + " or its anchoring: " + e);
            return 2;
        }
        out.println(result.describe());
        return result.ok() ? 0 : 1;
    }

    private static final class Verifier {
        private final PublicKey key;
        private final String fingerprint;
        private final AuditAnchor.Checkpoint anchor;
        /** The hash of the entry of the anchor's seq, once read. */
        String hashAtAnchor;
        private final MessageDigest digest = sha256();
        private byte[] line = new byte[8192];
        private int lineLength;
        private boolean lineTooLong;
        private long lineNumber;
        private long entries;
        private long lastSeq;
        private String lastHash = FIRST_PREV;
        private VerifyResult failure;

        /** With a {@code key}, checkpoint entries are checked too; {@code anchor} may be {@code null}. */
        Verifier(PublicKey key, String fingerprint, AuditAnchor.Checkpoint anchor) {
            this.key = key;
            this.fingerprint = fingerprint;
            this.anchor = anchor;
        }

        VerifyResult run(InputStream in, long length) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            long remaining = length;
            while (remaining > 0 && failure == null) {
                int read = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
                if (read < 0) {
                    break;
                }
                remaining -= read;
                int start = 0;
                for (int i = 0; i < read && failure == null; i++) {
                    if (chunk[i] == '\n') {
                        append(chunk, start, i - start);
                        lineNumber++;
                        check();
                        lineLength = 0;
                        lineTooLong = false;
                        start = i + 1;
                    }
                }
                if (failure == null) {
                    append(chunk, start, read - start);
                }
            }
            if (failure == null && (lineLength > 0 || lineTooLong)) {
                lineNumber++;
                Entry torn = lineTooLong ? null : AuditChain.read(line, lineLength, digest);
                failure = new VerifyResult(entries, lastHash, lineNumber, torn == null ? -1 : torn.seq(),
                        "incomplete last line (the file ends without a line break): a write cut short, by a crash"
                                + " or a truncation of the file; Liaison moves such a line aside when it starts");
            }
            return failure != null ? failure : new VerifyResult(entries, lastHash, 0, -1, null);
        }

        private void append(byte[] bytes, int offset, int count) {
            if (lineTooLong || count == 0) {
                return;
            }
            if (lineLength + count > MAX_LINE_BYTES) {
                lineTooLong = true;
                return;
            }
            if (lineLength + count > line.length) {
                line = Arrays.copyOf(line, Math.max(lineLength + count, Math.min(line.length * 2, MAX_LINE_BYTES)));
            }
            System.arraycopy(bytes, offset, line, lineLength, count);
            lineLength += count;
        }

        private void check() {
            if (lineTooLong) {
                fail(-1, "longer than " + MAX_LINE_BYTES + " bytes: not an entry Liaison writes");
                return;
            }
            Entry entry = AuditChain.read(line, lineLength, digest);
            if (!entry.valid()) {
                fail(entry.seq(), entry.problem());
                return;
            }
            long expected = lastSeq + 1;
            String before = lineNumber == 1 ? "the start of the file" : "line " + (lineNumber - 1);
            if (entry.seq() > expected) {
                fail(entry.seq(), expected == 1
                        ? "the first entry has seq " + entry.seq() + " where 1 was expected: the entries before it"
                                + " were deleted"
                        : "seq " + entry.seq() + " follows seq " + lastSeq + " (" + before + "): "
                                + (entry.seq() - expected == 1 ? "entry " + expected + " is"
                                        : "entries " + expected + " to " + (entry.seq() - 1) + " are")
                                + " missing (deleted), or entries were reordered");
            } else if (entry.seq() < expected) {
                fail(entry.seq(), "seq " + entry.seq() + " follows seq " + lastSeq + " (" + before + "), where " + expected
                        + " was expected: an entry was inserted, repeated or moved here");
            } else if (!entry.prev().equals(lastHash)) {
                fail(entry.seq(), "its prev " + entry.prev() + " is not the hash " + lastHash + " of "
                        + (lineNumber == 1 ? "the start of the chain" : "the entry before it (" + before + ")")
                        + ": an entry was inserted, replaced or reordered here");
            } else if (key != null && !anchoring(entry)) {
                return;
            } else {
                entries++;
                lastSeq = entry.seq();
                lastHash = entry.hash();
                if (anchor != null && entry.seq() == anchor.seq()) {
                    hashAtAnchor = entry.hash();
                }
            }
        }

        /** Checks what an entry says about the anchoring; false (after failing) when it is wrong. */
        private boolean anchoring(Entry entry) {
            if (ANCHOR_BROKEN.equals(entry.event())) {
                fail(entry.seq(), "at a start, Liaison found that the trail did not match its last signed checkpoint,"
                        + " and recorded it here: " + entry.members().value("problem"));
                return false;
            }
            if (!CHECKPOINT.equals(entry.event())) {
                return true;
            }
            AuditAnchor.Checkpoint checkpoint;
            try {
                checkpoint = AuditAnchor.Checkpoint.parse(entry.members().value("signed"));
            } catch (IllegalArgumentException e) {
                fail(entry.seq(), "a checkpoint entry whose " + e.getMessage());
                return false;
            }
            if (checkpoint.seq() != entry.seq() - 1 || !checkpoint.hash().equals(lastHash) || checkpoint.stopped()) {
                fail(entry.seq(), "a checkpoint entry that does not sign the entry before it (seq " + (entry.seq() - 1)
                        + ", hash " + lastHash + ", state running) but says '" + checkpoint.signed() + "'");
                return false;
            }
            String signer = entry.members().value("keySha256");
            if (!fingerprint.equals(signer)) {
                fail(entry.seq(), "a checkpoint entry signed by the key " + signer + ", not by the node key "
                        + fingerprint + ": the node key was replaced since");
                return false;
            }
            if (!AuditAnchor.verify(key, checkpoint.signed(), entry.members().value("signature"))) {
                fail(entry.seq(), "a checkpoint entry whose signature does not verify with the node key "
                        + fingerprint + ": forged");
                return false;
            }
            return true;
        }

        private void fail(long seq, String problem) {
            failure = new VerifyResult(entries, lastHash, lineNumber, seq, problem);
        }
    }

    /**
     * Reads one line (without its LF) as an entry and checks it on its own: well-formed, members in the audit
     * order, and a hash that matches its canonical form. {@code seq} is -1 when it cannot be read.
     */
    static Entry read(byte[] line, int length, MessageDigest digest) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return new Entry(-1, null, null, null, "not valid UTF-8: the bytes of the entry were altered");
        }
        if (text.isEmpty()) {
            return new Entry(-1, null, null, null, "an empty line where an entry was expected");
        }
        Members members;
        try {
            members = new JsonScanner(text).topLevelObject();
        } catch (IllegalArgumentException e) {
            return new Entry(-1, null, null, null, "not a well-formed JSON object: " + e.getMessage());
        }
        long seq = parseSeq(members.value("seq"));
        String problem = members.orderProblem();
        if (problem == null && seq < 0) {
            problem = "seq " + members.value("seq") + " is not a whole number from 1";
        }
        String time = members.value("time");
        if (problem == null) {
            try {
                Instant.parse(time);
            } catch (DateTimeParseException | NullPointerException e) {
                problem = "time " + time + " is not an ISO-8601 instant such as 2026-11-29T10:15:30.123Z";
            }
        }
        String event = members.value("event");
        if (problem == null && (event == null || event.isEmpty())) {
            problem = "event is empty, or not a string";
        }
        String prev = members.value("prev");
        String hash = members.value("hash");
        if (problem == null && !isHash(prev)) {
            problem = "prev " + prev + " is not 64 lower-case hex digits";
        }
        if (problem == null && !isHash(hash)) {
            problem = "hash " + hash + " is not 64 lower-case hex digits";
        }
        if (problem == null && !text.endsWith(HASH_MEMBER + hash + "\"}")) {
            problem = "the hash member is not written exactly as ,\"hash\":\"<64 hex digits>\"} at the end of the"
                    + " line";
        }
        if (problem == null) {
            String computed = hash(line, length - HASH_SUFFIX_LENGTH, digest);
            if (!computed.equals(hash)) {
                problem = "edited: the entry's content does not match its hash (it hashes to " + computed + ")";
            }
        }
        return new Entry(seq, event, prev, hash, problem, members);
    }

    /** The lower-case hex SHA-256 of the first {@code length} bytes. */
    static String hash(byte[] bytes, int length, MessageDigest digest) {
        digest.reset();
        digest.update(bytes, 0, length);
        return HEX.formatHex(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static boolean isHash(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static long parseSeq(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || text.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    /**
     * The last {@code count} complete lines among the first {@code length} bytes of the file, oldest first, read
     * from the end so that a long trail costs no more than a short one.
     */
    static List<String> lastLines(Path file, int count, long length) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        if (count <= 0 || !Files.exists(file)) {
            return List.of();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = Math.min(length, channel.size());
            // only complete lines: skip back over a trailing part without its LF
            long lineEnd = lastIndexOf(channel, (byte) '\n', end);
            while (lineEnd >= 0 && lines.size() < count) {
                long start = lastIndexOf(channel, (byte) '\n', lineEnd) + 1;
                if (lineEnd - start > MAX_LINE_BYTES) {
                    lines.addFirst("(a line of " + (lineEnd - start) + " bytes at offset " + start + ")");
                } else {
                    ByteBuffer bytes = ByteBuffer.allocate((int) (lineEnd - start));
                    readFully(channel, bytes, start);
                    lines.addFirst(new String(bytes.array(), StandardCharsets.UTF_8));
                }
                lineEnd = start - 1;
            }
        }
        return new ArrayList<>(lines);
    }

    /** The position of the last {@code b} before {@code end}, or -1. */
    static long lastIndexOf(FileChannel channel, byte b, long end) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = end;
        while (position > 0) {
            int size = (int) Math.min(buffer.capacity(), position);
            position -= size;
            buffer.clear().limit(size);
            readFully(channel, buffer, position);
            for (int i = size - 1; i >= 0; i--) {
                if (buffer.get(i) == b) {
                    return position + i;
                }
            }
        }
        return -1;
    }

    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("the file ended at byte " + at + " while reading it");
            }
            at += read;
        }
    }

    /** The top-level members of a JSON object line, by name, in order; strings decoded, others as JSON text. */
    static Members members(String text) {
        return new JsonScanner(text).topLevelObject();
    }

    /** The top-level members of an entry, by name, in order; string values decoded, others as their JSON text. */
    static final class Members {
        final List<String> names = new ArrayList<>();
        final List<String> values = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        String duplicate;

        void add(String name, String value) {
            if (!seen.add(name) && duplicate == null) {
                duplicate = name;
            }
            names.add(name);
            values.add(value);
        }

        String value(String name) {
            int index = names.indexOf(name);
            return index < 0 ? null : values.get(index);
        }

        String orderProblem() {
            if (duplicate != null) {
                return "the member " + duplicate + " appears twice";
            }
            int n = names.size();
            if (n < 5 || !names.get(0).equals("seq") || !names.get(1).equals("time") || !names.get(2).equals("event")
                    || !names.get(n - 2).equals("prev") || !names.get(n - 1).equals("hash")) {
                return "its members are not seq, time, event, ..., prev, hash in this order: found "
                        + String.join(", ", names);
            }
            return null;
        }
    }

    /**
     * A strict JSON reader (RFC 8259) just big enough to check a line: it validates the whole object and keeps
     * only the top-level member names and values. Errors name the column.
     */
    private static final class JsonScanner {
        private final String text;
        private int at;

        JsonScanner(String text) {
            this.text = text;
        }

        Members topLevelObject() {
            Members members = new Members();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                at++;
            } else {
                while (true) {
                    skipSpace();
                    String name = string();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    int start = at;
                    boolean isString = peek() == '"';
                    String decoded = isString ? string() : null;
                    if (!isString) {
                        value(1);
                    }
                    members.add(name, isString ? decoded : text.substring(start, at));
                    skipSpace();
                    if (peek() == ',') {
                        at++;
                    } else {
                        expect('}');
                        break;
                    }
                }
            }
            skipSpace();
            if (at != text.length()) {
                throw error("text after the end of the object");
            }
            return members;
        }

        private void value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            char c = peek();
            switch (c) {
                case '{' -> {
                    at++;
                    skipSpace();
                    if (peek() == '}') {
                        at++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        string();
                        skipSpace();
                        expect(':');
                        skipSpace();
                        value(depth + 1);
                        skipSpace();
                        if (peek() == ',') {
                            at++;
                        } else {
                            expect('}');
                            return;
                        }
                    }
                }
                case '[' -> {
                    at++;
                    skipSpace();
                    if (peek() == ']') {
                        at++;
                        return;
                    }
                    while (true) {
                        skipSpace();
                        value(depth + 1);
                        skipSpace();
                        if (peek() == ',') {
                            at++;
                        } else {
                            expect(']');
                            return;
                        }
                    }
                }
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        private String string() {
            expect('"');
            StringBuilder decoded = new StringBuilder();
            while (true) {
                if (at >= text.length()) {
                    throw error("a string is not closed");
                }
                char c = text.charAt(at++);
                if (c == '"') {
                    return decoded.toString();
                }
                if (c < 0x20) {
                    throw error("a control character inside a string");
                }
                if (c != '\\') {
                    decoded.append(c);
                    continue;
                }
                if (at >= text.length()) {
                    throw error("a string is not closed");
                }
                char escape = text.charAt(at++);
                switch (escape) {
                    case '"', '\\', '/' -> decoded.append(escape);
                    case 'b' -> decoded.append('\b');
                    case 'f' -> decoded.append('\f');
                    case 'n' -> decoded.append('\n');
                    case 'r' -> decoded.append('\r');
                    case 't' -> decoded.append('\t');
                    case 'u' -> {
                        if (at + 4 > text.length()) {
                            throw error("a \\u escape is cut short");
                        }
                        try {
                            decoded.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        } catch (NumberFormatException e) {
                            throw error("a \\u escape without 4 hex digits");
                        }
                        at += 4;
                    }
                    default -> {
                        at--;
                        throw error("an unknown escape \\" + escape);
                    }
                }
            }
        }

        private void number() {
            int start = at;
            if (peek() == '-') {
                at++;
            }
            if (peek() == '0') {
                at++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                at = start;
                throw error(at >= text.length() ? "the line ends where a value was expected" : "a value was expected");
            }
            if (peek() == '.') {
                at++;
                if (!isDigit(peek())) {
                    throw error("a digit was expected after the decimal point");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                at++;
                if (peek() == '+' || peek() == '-') {
                    at++;
                }
                if (!isDigit(peek())) {
                    throw error("a digit was expected in the exponent");
                }
                digits();
            }
        }

        private void digits() {
            while (isDigit(peek())) {
                at++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void literal(String word) {
            if (!text.startsWith(word, at)) {
                throw error("a value was expected");
            }
            at += word.length();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error(at >= text.length() ? "the line ends where '" + c + "' was expected"
                        : "'" + c + "' was expected");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\u0000';
        }

        private void skipSpace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t'
                    || text.charAt(at) == '\r')) {
                at++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at column " + (at + 1));
        }
    }
}
