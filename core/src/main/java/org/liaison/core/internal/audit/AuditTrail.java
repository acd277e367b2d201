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
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
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
 */
@Component(service = AuditTrail.class, immediate = true)
public final class AuditTrail {

    /** Where the trail is, relative to the Liaison home. */
    public static final String FILE = "data/audit/audit.jsonl";

    /** Names the trail writes itself; fields may not use them. */
    private static final List<String> RESERVED = List.of("seq", "time", "event", "prev", "hash");
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** record() waits while this much is queued for the disk, so a stalled disk cannot exhaust the memory. */
    private static final long MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private final Path file;
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
    private long durableSize;
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
        return (data != null ? data.toPath() : Files.createTempDirectory("liaison-audit-")).resolve("audit.jsonl");
    }

    /** Opens (or creates) the trail at {@code file}, recovers a torn tail, and starts the writer. */
    AuditTrail(Path file, Logger logger) throws IOException {
        this.file = file;
        this.logger = logger;
        Files.createDirectories(file.getParent());
        boolean created = !Files.exists(file);
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        List<Map<String, Object>> recoveries;
        try {
            fileLock = lock(channel);
            if (created) {
                forceDirectory(file.getParent());
            }
            recoveries = recoverTail();
            durableSize = channel.size();
            durableSeq = lastSeq;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        writer = new Thread(this::writeLoop, "liaison-audit-writer");
        writer.setDaemon(true);
        writer.start();
        try {
            for (Map<String, Object> recovery : recoveries) {
                record("audit-recovered", recovery);
            }
            flush();
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
     * @param event  the kind of entry, lower case words joined by '-', e.g. {@code delivery-failed}
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
        } finally {
            lock.unlock();
        }
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

    /** Verifies the chain as it is on disk, up to everything recorded before this call. */
    public AuditChain.VerifyResult verify() throws IOException {
        return AuditChain.verify(file, durableLength());
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

    /** Writes what is queued, then stops the writer and closes the file. */
    @Deactivate
    void close() {
        lock.lock();
        try {
            if (closing) {
                return;
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
                lock.lock();
                try {
                    while (queue.isEmpty() && !closing) {
                        queued.awaitUninterruptibly();
                    }
                    if (queue.isEmpty()) {
                        return;
                    }
                    batch = queue;
                    batchSeq = lastSeq;
                    queue = new ArrayList<>();
                    queuedBytes = 0;
                    written.signalAll();
                } finally {
                    lock.unlock();
                }
                long size = writeDurably(batch, batchSeq);
                if (size < 0) {
                    return;
                }
                lock.lock();
                try {
                    durableSeq = batchSeq;
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
