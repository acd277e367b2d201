package org.liaison.core.internal.audit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The tamper-evident audit trail: appends each recorded event to {@code data/audit/audit.jsonl} under the Liaison
 * home as one hash-chained JSON line ({@link AuditChain} describes the format).
 *
 * <p><b>Durability.</b> {@link #record} only chains the entry and queues it; a writer thread appends what is queued
 * and forces it to disk ({@code FileChannel.force}) once per batch, so that hundreds of entries a second cost a
 * handful of forces (group commit). {@link #flush()} waits until everything recorded before it is on disk: call it
 * before acknowledging anything whose audit entry must survive a crash.
 *
 * <p><b>A torn last line.</b> A crash (kill -9, power loss) can leave the last line without its LF, cut anywhere.
 * Such a line was never acknowledged by {@link #flush()}. At start, the trail moves it aside: it copies the bytes
 * to {@code audit.jsonl.torn-<n>}, truncates the trail back to its last complete line, logs a warning, and then
 * records an {@code audit-recovered} entry naming the offset, length and SHA-256 of the bytes moved and the file
 * they went to. The chain then verifies, so a crash is never mistaken for tampering, and it is still visible in the
 * chain itself. (When the cut fell exactly before the LF, the line is complete and continues the chain: it is kept
 * and only its LF is added.) A last <em>complete</em> line that is damaged is not something a crash does: it is
 * left as it is, logged as an error, the chain continues after it with an {@code audit-recovered} entry, and
 * verification names it as the first bad entry.
 *
 * <p><b>Anchoring.</b> A hash chain alone cannot show that entries were cut off its end, appended with correct
 * hashes, or that the whole file was rewritten with recomputed hashes. So the trail is anchored with signed
 * checkpoints ({@link AuditAnchor} gives their format and the openssl command that checks one):
 * <ul>
 * <li>the node key, an Ed25519 key pair created at the first start in {@code data/keys/}, signs them;</li>
 * <li>the anchor file {@code data/audit/anchor.json} holds the last checkpoint (seq, hash, time, state, signature,
 * key fingerprint). The writer rewrites it after a batch is forced to disk, at most every
 * {@link #ANCHOR_INTERVAL} while entries keep coming (then {@link #flush()} returns only after it), and within that
 * interval when they stop; it is written at the first start too, for the empty trail;</li>
 * <li>a {@code checkpoint} entry in the trail signs the entry before it, every {@value #CHECKPOINT_ENTRIES}
 * entries and at a clean stop, where it is the last entry and the anchor says {@code state=stopped};</li>
 * <li>a start compares the trail with the anchor. Entries after it that a crash may have left (at most those of
 * the last {@link #ANCHOR_INTERVAL}) are recorded in an {@code audit-unanchored} entry naming them, as is a
 * trail that an earlier Liaison wrote without anchoring; anything else (anchor missing although the trail holds
 * checkpoints, anchor forged or signed by another key, trail shorter than the anchor, another hash at the
 * anchored seq, entries after a clean stop) is recorded in an {@code audit-anchor-broken} entry, logged as an
 * error, and verification fails there for good: restarting does not launder it.</li>
 * </ul>
 *
 * <p><b>What verification proves</b> ({@link AuditChain#verifyAnchored}): that nobody without the node's private
 * key changed, removed or added entries up to the last checkpoint, and, after a clean stop, after it; and that
 * the signed statements a third party received (a checkpoint entry, an anchor) are consistent with the file.
 * <b>What it cannot prove:</b> whoever holds the private key (the account Liaison runs as, root) can rewrite the
 * trail and sign it again, or put back an earlier copy of both the trail and the anchor; only a third party who
 * kept a later signed checkpoint can then show it (its seq is missing, or has another hash). Replacing the key pair
 * with a new one is shown by the fingerprint: compare it with one recorded elsewhere. Entries written after the
 * last checkpoint before a crash cannot be told from entries added before the next start; they are named in the
 * {@code audit-unanchored} entry of that start. While Liaison runs, the running process vouches for what it wrote;
 * a line someone appends while it runs breaks the chain at the next entry it writes.
 */
@Component(service = AuditTrail.class, immediate = true)
public final class AuditTrail {

    /** Where the trail is, relative to the Liaison home. */
    public static final String FILE = "data/audit/audit.jsonl";

    /** How often, at most, the anchor file is rewritten while entries keep coming. */
    static final Duration ANCHOR_INTERVAL = Duration.ofMillis(100);
    /** A checkpoint entry follows this many entries. */
    static final int CHECKPOINT_ENTRIES = 10_000;

    /** Names the trail writes itself; fields may not use them. */
    private static final List<String> RESERVED = List.of("seq", "time", "event", "prev", "hash");
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** record() waits while this much is queued for the disk, so a stalled disk cannot exhaust the memory. */
    private static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private final Path file;
    private final Path anchorFile;
    private final Path keys;
    private final AuditAnchor.NodeKey key;
    private final long anchorIntervalNanos;
    private final Logger logger;
    private final AuditFields fields = new AuditFields();
    private final FileChannel channel;
    private final FileLock fileLock;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when entries are queued or the trail closes. */
    private final Condition queued = lock.newCondition();
    /** Signalled when a batch is on disk, the queue has room, or writing failed. */
    private final Condition written = lock.newCondition();
    private final MessageDigest digest = AuditChain.sha256();
    private List<byte[]> queue = new ArrayList<>();
    private long queuedBytes;
    private long lastSeq;
    private String lastHash;
    private long durableSeq;
    private String durableHash;
    private long durableSize;
    /** The seq of the last checkpoint entry, -1 for none since the start; the seq checkpoints are counted from. */
    private long checkpointEntrySeq = -1;
    private long checkpointBase;
    /** The head the anchor file vouches for; written by the writer, at the start and at the stop. */
    private final Object anchorLock = new Object();
    private long anchoredSeq = -1;
    private long anchoredNanos;
    private boolean anchorFailing;
    private IOException failure;
    private boolean closing;
    private boolean writerEnded;

    @Activate
    public AuditTrail(BundleContext context, @Reference(service = LoggerFactory.class) Logger logger)
            throws IOException {
        this(location(context), logger);
    }

    /**
     * {@value #FILE} under the Liaison home. Under {@code bin/liaison check} (framework property
     * {@code liaison.mode=check}), or without a home, the trail is a throw-away file in the bundle's data area of
     * the framework storage instead: a check must neither add its own bundle events to the real trail nor
     * contend for it with a running instance, yet components that record still need a trail to start.
     */
    static Path location(BundleContext context) throws IOException {
        String home = context.getProperty("liaison.home");
        if (home != null && !"check".equals(context.getProperty("liaison.mode"))) {
            return Path.of(home).resolve(FILE).normalize();
        }
        File data = context.getDataFile("audit");
        // the node key goes next to the trail's folder: keep both inside a folder of their own
        return (data != null ? data.toPath() : Files.createTempDirectory("liaison-audit-").resolve("audit"))
                .resolve("audit.jsonl");
    }

    /** Opens the trail at {@code file}, with the node key in {@link AuditAnchor#keysFolder} ({@code data/keys}). */
    AuditTrail(Path file, Logger logger) throws IOException {
        this(file, AuditAnchor.keysFolder(file), logger, ANCHOR_INTERVAL);
    }

    /**
     * Opens (or creates) the trail at {@code file}, recovers a torn tail, loads (or creates) the node key in
     * {@code keys}, compares the trail with its anchor, and starts the writer.
     */
    AuditTrail(Path file, Path keys, Logger logger, Duration anchorInterval) throws IOException {
        this.file = file;
        this.anchorFile = AuditAnchor.anchorFile(file);
        this.keys = keys;
        this.anchorIntervalNanos = anchorInterval.toNanos();
        this.anchoredNanos = System.nanoTime() - anchorIntervalNanos;
        this.logger = logger;
        Files.createDirectories(file.getParent());
        boolean created = !Files.exists(file);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        List<Map<String, Object>> recoveries;
        Map<String, Object> finding;
        try {
            fileLock = lock(channel);
            if (created) {
                forceDirectory(file.getParent());
            }
            recoveries = recoverTail();
            durableSize = channel.size();
            durableSeq = lastSeq;
            durableHash = lastHash;
            checkpointBase = lastSeq;
            key = AuditAnchor.loadOrCreate(keys);
            if (key.created()) {
                logger.info("Created the node key " + keys.resolve(AuditAnchor.PUBLIC_KEY) + " (fingerprint sha256 "
                        + key.fingerprint() + "), which signs the checkpoints of the audit trail " + file);
            } else if (AuditAnchor.readableByOthers(keys)) {
                logger.warn("The node's private key " + keys.resolve(AuditAnchor.PRIVATE_KEY) + " can be read by"
                        + " others than its owner: make it rw------- (chmod 600)");
            }
            finding = examineAnchor();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        writer = new Thread(this::writeLoop, "liaison-audit-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            for (Map<String, Object> recovery : recoveries) {
                append("audit-recovered", recovery);
            }
            if (finding != null) {
                append((String) finding.remove("event"), finding);
            }
            flush();
            writeAnchor(false);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private FileLock lock(FileChannel channel) throws IOException {
        FileLock taken;
        try {
            taken = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            taken = null;
        }
        if (taken == null) {
            throw new IOException(file + " is already open for writing by another audit trail (a second Liaison"
                    + " on the same home?)");
        }
        return taken;
    }

    /** The file of the trail. */
    public Path file() {
        return file;
    }

    /**
     * Appends an entry to the trail. Thread-safe; entries are chained in the order of the calls. The entry is on
     * disk within one batch (milliseconds); call {@link #flush()} to wait for it.
     *
     * @param event  the kind of entry, lower case words joined by '-', e.g. {@code delivery-failed};
     *               {@code checkpoint} and names beginning with {@code audit-} are the trail's own
     * @param fields the event's members ({@code null} for none), written after {@code event}: strings, numbers, booleans, {@code null},
     *               lists and maps (with string keys) of these, and, written as their text, enum constants,
     *               {@code java.time} values, UUIDs, paths and URIs. A {@code LinkedHashMap} or
     *               {@code SortedMap} keeps its order; other maps are written sorted by key. The names
     *               {@code seq}, {@code time}, {@code event}, {@code prev} and {@code hash} are the trail's own.
     * @throws IllegalArgumentException when the event name or a field cannot be written; the message names it
     * @throws IllegalStateException when the trail is closed
     * @throws UncheckedIOException when the trail cannot be written and its queue is full
     */
    public void record(String event, Map<String, ?> fields) {
        if (event == null || !EVENT.matcher(event).matches()) {
            throw new IllegalArgumentException("audit event name '" + event + "' must be lower-case words joined"
                    + " by '-', e.g. delivery-failed");
        }
        if (event.equals(AuditChain.CHECKPOINT) || event.startsWith("audit-")) {
            throw new IllegalArgumentException("audit event name '" + event + "' is the trail's own; choose another");
        }
        append(event, fields);
    }

    private void append(String event, Map<String, ?> fields) {
        if (fields == null) {
            fields = Map.of();
        }
        for (String name : RESERVED) {
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("audit event " + event + ": the field name '" + name
                        + "' is the trail's own; choose another");
            }
        }
        String members = this.fields.members(event, fields);
        lock.lock();
        try {
            while (queuedBytes > MAX_QUEUED_BYTES && !closing) {
                if (failure != null) {
                    throw unwritable();
                }
                written.awaitUninterruptibly();
            }
            if (closing) {
                throw new IllegalStateException("the audit trail " + file + " is closed: event " + event
                        + " was not recorded");
            }
            if (lastSeq - checkpointBase >= CHECKPOINT_ENTRIES) {
                queueCheckpoint("interval");
            }
            queueEntry(event, members);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a checkpoint entry that signs the entry before it. Holds the lock. */
    private void queueCheckpoint(String reason) {
        String signed = new AuditAnchor.Checkpoint(lastSeq, lastHash, TIME.format(Instant.now()), false).signed();
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("reason", reason);
        checkpoint.put("keySha256", key.fingerprint());
        checkpoint.put("signed", signed);
        checkpoint.put("signature", key.sign(signed));
        queueEntry(AuditChain.CHECKPOINT, fields.members(AuditChain.CHECKPOINT, checkpoint));
        checkpointEntrySeq = lastSeq;
        checkpointBase = lastSeq;
    }

    /** Chains an entry and queues it for the writer. Holds the lock. */
    private void queueEntry(String event, String members) {
        long seq = lastSeq + 1;
        StringBuilder canonical = new StringBuilder(members.length() + 160)
                .append("{\"seq\":").append(seq)
                .append(",\"time\":\"").append(TIME.format(Instant.now()))
                .append("\",\"event\":\"").append(event).append('"');
        if (!members.isEmpty()) {
            canonical.append(',').append(members);
        }
        canonical.append(",\"prev\":\"").append(lastHash).append('"');
        byte[] body = canonical.toString().getBytes(StandardCharsets.UTF_8);
        String hash = AuditChain.hash(body, body.length, digest);
        byte[] suffix = (AuditChain.HASH_MEMBER + hash + "\"}\n").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[body.length + suffix.length];
        System.arraycopy(body, 0, line, 0, body.length);
        System.arraycopy(suffix, 0, line, body.length, suffix.length);
        queue.add(line);
        queuedBytes += line.length;
        lastSeq = seq;
        lastHash = hash;
        queued.signal();
    }

    /**
     * Waits until every entry recorded before this call is on disk.
     *
     * @throws UncheckedIOException when the trail cannot be written (the writer keeps retrying)
     * @throws IllegalStateException when interrupted, or when the trail closed before writing everything
     */
    public void flush() {
        lock.lock();
        try {
            long target = lastSeq;
            while (durableSeq < target) {
                if (failure != null) {
                    throw unwritable();
                }
                if (writerEnded) {
                    throw new IllegalStateException("the audit trail " + file + " closed before entries up to seq "
                            + target + " were written");
                }
                try {
                    written.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for the audit trail " + file, e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private UncheckedIOException unwritable() {
        return new UncheckedIOException("the audit trail " + file + " cannot be written: " + failure.getMessage(),
                failure);
    }

    /**
     * Verifies the trail as it is on disk, up to everything recorded before this call, and its anchoring: the anchor
     * file must be signed by the node key and match the trail, and the trail must end with the entry this trail
     * last wrote (entries after the anchor are vouched for by this running process).
     */
    public AuditChain.VerifyResult verify() throws IOException {
        flush();
        return AuditChain.verifyAnchored(file, anchorFile, keys.resolve(AuditAnchor.PUBLIC_KEY), () -> {
            flush();
            lock.lock();
            try {
                return new AuditChain.Head(durableSeq, durableHash, durableSize);
            } finally {
                lock.unlock();
            }
        });
    }

    /** The last {@code count} entries, oldest first, as their JSON lines. */
    public List<String> tail(int count) throws IOException {
        return AuditChain.lastLines(file, count, durableLength());
    }

    /** Flushes, then returns the length of the file up to the last entry on disk: always a line boundary. */
    private long durableLength() {
        flush();
        lock.lock();
        try {
            return durableSize;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is queued and a last checkpoint entry, stops the writer, anchors the trail as stopped, and closes
     * the file.
     */
    @Deactivate
    void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            if (lastSeq > 0 && checkpointEntrySeq != lastSeq && key != null) {
                queueCheckpoint("stop");
            }
            closing = true;
            queued.signalAll();
            written.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
            if (writer.isAlive()) {
                writer.interrupt();
                writer.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean complete;
        lock.lock();
        try {
            complete = durableSeq == lastSeq && !writer.isAlive();
        } finally {
            lock.unlock();
        }
        if (complete) {
            writeAnchor(true);
        } else {
            logger.error("The audit trail " + file + " did not stop cleanly: entries after seq " + durableSeq + " were"
                    + " not written, and the anchor stays at the last checkpoint of the run");
        }
        try {
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            logger.error("Closing the audit trail " + file + " failed: " + e.getMessage(), e);
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                List<byte[]> batch;
                long batchSeq;
                String batchHash;
                lock.lock();
                try {
                    boolean anchorDue = false;
                    while (queue.isEmpty() && !closing && !anchorDue) {
                        long wait = anchorWait();
                        if (wait < 0) {
                            queued.awaitUninterruptibly();
                        } else if (wait == 0) {
                            anchorDue = true;
                        } else {
                            try {
                                queued.awaitNanos(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    if (queue.isEmpty() && closing) {
                        return;
                    }
                    if (queue.isEmpty()) {
                        batch = null;
                        batchSeq = durableSeq;
                        batchHash = durableHash;
                    } else {
                        batch = queue;
                        batchSeq = lastSeq;
                        batchHash = lastHash;
                        queue = new ArrayList<>();
                        queuedBytes = 0;
                        written.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
                if (batch == null) {
                    anchor(batchSeq, batchHash, false);
                    continue;
                }
                long size = writeDurably(batch, batchSeq);
                if (size < 0) {
                    return;
                }
                if (!closing && System.nanoTime() - anchoredNanos() >= anchorIntervalNanos) {
                    // before flush() returns: what it acknowledges is anchored, unless anchors come too often
                    anchor(batchSeq, batchHash, false);
                }
                lock.lock();
                try {
                    durableSeq = batchSeq;
                    durableHash = batchHash;
                    durableSize = size;
                    failure = null;
                    written.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            lock.lock();
            try {
                writerEnded = true;
                written.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Nanoseconds until the durable head is due to be anchored: 0 now, -1 when it is anchored. Holds the lock. */
    private long anchorWait() {
        synchronized (anchorLock) {
            if (anchoredSeq >= durableSeq) {
                return -1;
            }
            return Math.max(0, anchoredNanos + anchorIntervalNanos - System.nanoTime());
        }
    }

    private long anchoredNanos() {
        synchronized (anchorLock) {
            return anchoredNanos;
        }
    }

    /** Anchors everything on disk now; at the stop, as stopped. */
    private void writeAnchor(boolean stopped) {
        long seq;
        String hash;
        lock.lock();
        try {
            seq = durableSeq;
            hash = durableHash;
        } finally {
            lock.unlock();
        }
        anchor(seq, hash, stopped);
    }

    /** Rewrites the anchor file for the head {@code seq}, unless it already vouches for a later one. */
    private void anchor(long seq, String hash, boolean stopped) {
        synchronized (anchorLock) {
            anchoredNanos = System.nanoTime();
            if (seq < anchoredSeq || seq == anchoredSeq && !stopped) {
                return;
            }
            try {
                AuditAnchor.write(anchorFile, new AuditAnchor.Checkpoint(seq, hash, TIME.format(Instant.now()),
                        stopped), key);
                anchoredSeq = seq;
                if (anchorFailing) {
                    anchorFailing = false;
                    logger.info("The anchor " + anchorFile + " of the audit trail is written again");
                }
            } catch (IOException | RuntimeException e) {
                if (!anchorFailing) {
                    anchorFailing = true;
                    logger.error("The anchor " + anchorFile + " of the audit trail cannot be written (retrying with"
                            + " the next entries); until it is, a stopped trail will not verify: " + e, e);
                }
            }
        }
    }

    /**
     * Appends the batch at the durable end of the file and forces it; retries until it succeeds. Returns the new
     * durable size, or -1 when the trail was closed (or the writer interrupted) while writing kept failing.
     */
    private long writeDurably(List<byte[]> batch, long batchSeq) {
        long start = -1;
        long delay = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                if (start < 0) {
                    // The end of the file, not the end we wrote: bytes appended by someone else stay where they
                    // are, and verification reports them.
                    start = channel.size();
                } else {
                    // only what a failed attempt of ours may have written
                    channel.truncate(start);
                }
                ByteBuffer[] buffers = new ByteBuffer[batch.size()];
                long total = 0;
                for (int i = 0; i < buffers.length; i++) {
                    buffers[i] = ByteBuffer.wrap(batch.get(i));
                    total += buffers[i].remaining();
                }
                channel.position(start);
                long done = 0;
                while (done < total) {
                    done += channel.write(buffers);
                }
                channel.force(false);
                if (attempt > 1) {
                    logger.info("The audit trail " + file + " is written again, after " + attempt + " attempts");
                }
                return start + total;
            } catch (IOException e) {
                boolean stop;
                lock.lock();
                try {
                    failure = e;
                    written.signalAll();
                    stop = closing || Thread.currentThread().isInterrupted();
                } finally {
                    lock.unlock();
                }
                if (stop) {
                    logger.error("The audit trail " + file + " is closing and cannot be written: entries up to seq "
                            + batchSeq + " are lost: " + e.getMessage(), e);
                    return -1;
                }
                if (attempt == 1) {
                    logger.error("The audit trail " + file + " cannot be written, retrying: " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    logger.error("The audit trail " + file + " writer was interrupted: entries up to seq " + batchSeq
                            + " are lost", interrupted);
                    return -1;
                }
                delay = Math.min(delay * 2, 5_000);
            }
        }
    }

    /**
     * Compares the trail, as the start found it, with its anchor: returns the {@code audit-unanchored} or
     * {@code audit-anchor-broken} entry to record (its {@code event} member names which), or {@code null} when
     * they match.
     */
    private Map<String, Object> examineAnchor() throws IOException {
        AuditAnchor.Checkpoint anchor;
        try {
            anchor = AuditAnchor.read(anchorFile, key.publicKey());
        } catch (NoSuchFileException e) {
            if (lastSeq == 0) {
                return null;
            }
            if (!containsCheckpoint()) {
                return unanchored(1, "the trail has no signed checkpoint: it was written by a Liaison that did"
                        + " not sign them", null);
            }
            return anchorBroken(anchorFile + " is missing, yet the trail holds signed checkpoint entries: it was"
                    + " deleted");
        } catch (AuditAnchor.InvalidAnchorException e) {
            return anchorBroken(e.getMessage() + (key.created() ? " (the node key was created at this start, as "
                    + keys.resolve(AuditAnchor.PRIVATE_KEY) + " was missing)" : ""));
        }
        String when = " (the signed checkpoint in " + anchorFile.getFileName() + ", time " + anchor.time() + ")";
        if (anchor.seq() > lastSeq) {
            return anchorBroken("the trail ended at seq " + lastSeq + ", but it held entries up to seq " + anchor.seq()
                    + when + ": entries were removed from its end while Liaison was stopped");
        }
        String hash = hashOf(anchor.seq());
        if (!anchor.hash().equals(hash)) {
            return anchorBroken((hash == null ? "entry " + anchor.seq() + " is damaged or missing"
                    : "entry " + anchor.seq() + " has the hash " + hash) + ", where it had the hash " + anchor.hash()
                    + when + ": the trail was rewritten while Liaison was stopped");
        }
        if (anchor.seq() == lastSeq) {
            return null;
        }
        if (anchor.stopped()) {
            return anchorBroken("entries " + (anchor.seq() + 1) + " to " + lastSeq + " were added after Liaison"
                    + " stopped cleanly at seq " + anchor.seq() + when);
        }
        return unanchored(anchor.seq() + 1, "Liaison did not stop cleanly: entries after the last signed"
                + " checkpoint, written before a crash or added by someone else", anchor);
    }

    private Map<String, Object> unanchored(long from, String reason, AuditAnchor.Checkpoint anchor) {
        logger.warn("The audit trail " + file + " holds entries " + from + " to " + lastSeq + " that no signed"
                + " checkpoint vouches for (" + reason + "); an " + AuditChain.UNANCHORED + " entry names them");
        Map<String, Object> finding = new LinkedHashMap<>();
        finding.put("event", AuditChain.UNANCHORED);
        finding.put("reason", reason);
        finding.put("from", from);
        finding.put("to", lastSeq);
        if (anchor != null) {
            finding.put("anchoredSeq", anchor.seq());
            finding.put("anchoredTime", anchor.time());
        }
        return finding;
    }

    private Map<String, Object> anchorBroken(String problem) {
        logger.error("The audit trail " + file + " does not match its last signed checkpoint: " + problem + ". An "
                + AuditChain.ANCHOR_BROKEN + " entry records it, and verification fails there from now on.");
        Map<String, Object> finding = new LinkedHashMap<>();
        finding.put("event", AuditChain.ANCHOR_BROKEN);
        finding.put("problem", problem);
        return finding;
    }

    /**
     * The hash of the entry of {@code seq}: read backwards from the end when it is near, else by reading the chain
     * from the start; {@code null} when the trail has no intact entry of that seq.
     */
    private String hashOf(long seq) throws IOException {
        if (seq == 0) {
            return AuditChain.FIRST_PREV;
        }
        long end = channel.size();
        if (lastSeq - seq < 10_000) {
            List<String> lines = AuditChain.lastLines(file, (int) (lastSeq - seq + 1), end);
            if (lines.isEmpty()) {
                return null;
            }
            byte[] line = lines.get(0).getBytes(StandardCharsets.UTF_8);
            AuditChain.Entry entry = AuditChain.read(line, line.length, digest);
            return entry.valid() && entry.seq() == seq ? entry.hash() : null;
        }
        return AuditChain.hashOf(file, seq, end);
    }

    /** Whether the trail holds a checkpoint entry, read as bytes. */
    private boolean containsCheckpoint() throws IOException {
        byte[] needle = ("\"event\":\"" + AuditChain.CHECKPOINT + "\"").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long size = channel.size();
        for (long at = 0; at < size; at += buffer.capacity() - needle.length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - at));
            AuditChain.readFully(channel, buffer, at);
            byte[] bytes = buffer.array();
            for (int i = 0; i + needle.length <= buffer.limit(); i++) {
                if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                    return true;
                }
            }
            if (at + buffer.limit() >= size) {
                break;
            }
        }
        return false;
    }

    /**
     * Finds where the chain on disk ends, so that new entries continue it. Reads only the end of the file: a
     * full verification is {@code liaison:audit verify}'s job, not every start's.
     */
    private List<Map<String, Object>> recoverTail() throws IOException {
        List<Map<String, Object>> recoveries = new ArrayList<>();
        lastSeq = 0;
        lastHash = AuditChain.FIRST_PREV;
        long size = channel.size();
        if (size == 0) {
            return recoveries;
        }
        long lastLf = AuditChain.lastIndexOf(channel, (byte) '\n', size);
        if (lastLf != size - 1) {
            long tornStart = lastLf + 1;
            long tornLength = size - tornStart;
            AuditChain.Entry lastComplete = lastLf < 0 ? null : completeLineEndingAt(lastLf);
            long expectedSeq = lastComplete == null ? 1 : lastComplete.seq() + 1;
            String expectedPrev = lastComplete == null ? AuditChain.FIRST_PREV : lastComplete.hash();
            AuditChain.Entry torn = tornLength > AuditChain.MAX_LINE_BYTES ? null
                    : AuditChain.read(readBytes(tornStart, (int) tornLength), (int) tornLength, digest);
            if (torn != null && torn.valid() && torn.seq() == expectedSeq && torn.prev().equals(expectedPrev)
                    && (lastComplete == null || lastComplete.valid())) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
                channel.force(false);
                logger.warn("The last entry of the audit trail " + file + " (seq " + torn.seq() + ") lacked its line"
                        + " break, as after a crash; it is complete and continues the chain, so it is kept");
            } else {
                moveTornTailAside(tornStart, tornLength, recoveries);
            }
        }
        long end = channel.size();
        if (end == 0) {
            return recoveries;
        }
        long lineEnd = end - 1;
        long lineStart = AuditChain.lastIndexOf(channel, (byte) '\n', lineEnd) + 1;
        AuditChain.Entry last = completeLineEndingAt(lineEnd);
        if (last.valid()) {
            lastSeq = last.seq();
            lastHash = last.hash();
            return recoveries;
        }
        // Not a crash: a complete line is only ever written whole. Continue after it, and leave it for verify.
        lastSeq = last.seq() >= 0 ? last.seq() : countLines(end);
        lastHash = AuditChain.isHash(last.hash()) ? last.hash()
                : AuditChain.hash(readBytes(lineStart, (int) Math.min(lineEnd - lineStart, AuditChain.MAX_LINE_BYTES)),
                        (int) Math.min(lineEnd - lineStart, AuditChain.MAX_LINE_BYTES), digest);
        logger.error("The last entry of the audit trail " + file + " (at byte " + lineStart + ") is damaged: "
                + last.problem() + ". The trail continues after it from seq " + (lastSeq + 1) + "; liaison:audit"
                + " verify reports where the chain breaks.");
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("reason", "the last complete entry is damaged");
        recovery.put("offset", lineStart);
        recovery.put("length", lineEnd - lineStart);
        recovery.put("problem", last.problem());
        recoveries.add(recovery);
        return recoveries;
    }

    private void moveTornTailAside(long start, long length, List<Map<String, Object>> recoveries)
            throws IOException {
        Path copy;
        int n = 1;
        do {
            copy = file.resolveSibling(file.getFileName() + ".torn-" + n++);
        } while (Files.exists(copy));
        MessageDigest tornDigest = AuditChain.sha256();
        try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            for (long at = start; at < start + length; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), start + length - at));
                AuditChain.readFully(channel, buffer, at);
                buffer.flip();
                tornDigest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                at += buffer.limit();
            }
            out.force(true);
        }
        forceDirectory(file.getParent());
        channel.truncate(start);
        channel.force(true);
        String sha256 = HexFormat.of().formatHex(tornDigest.digest());
        logger.warn("The audit trail " + file + " ended with an incomplete line of " + length + " bytes at byte "
                + start + ", as a crash leaves it; it was moved to " + copy.getFileName() + " (sha256 " + sha256
                + ") and the trail continues from its last complete entry");
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("reason", "an incomplete last line was moved aside");
        recovery.put("offset", start);
        recovery.put("length", length);
        recovery.put("sha256", sha256);
        recovery.put("movedTo", copy.getFileName().toString());
        recoveries.add(recovery);
    }

    /** The complete line that ends (with its LF) at {@code lf}, read and checked on its own. */
    private AuditChain.Entry completeLineEndingAt(long lf) throws IOException {
        long start = AuditChain.lastIndexOf(channel, (byte) '\n', lf) + 1;
        long length = lf - start;
        if (length > AuditChain.MAX_LINE_BYTES) {
            return new AuditChain.Entry(-1, null, null, null, "longer than " + AuditChain.MAX_LINE_BYTES + " bytes");
        }
        return AuditChain.read(readBytes(start, (int) length), (int) length, digest);
    }

    private byte[] readBytes(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        AuditChain.readFully(channel, buffer, position);
        return buffer.array();
    }

    private long countLines(long end) throws IOException {
        long lines = 0;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < end; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            AuditChain.readFully(channel, buffer, at);
            for (int i = 0; i < buffer.limit(); i++) {
                if (buffer.get(i) == '\n') {
                    lines++;
                }
            }
            at += buffer.limit();
        }
        return lines;
    }

    /** Makes a new or renamed file's directory entry durable; not every platform can, and that is no error. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its file system orders metadata itself
        }
    }
}
