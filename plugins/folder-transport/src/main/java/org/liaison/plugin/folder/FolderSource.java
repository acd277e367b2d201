package org.liaison.plugin.folder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.liaison.api.transport.DataSource;
import org.liaison.api.transport.DataSourceService;
import org.liaison.api.transport.Payload;
import org.liaison.api.transport.PayloadRejectedException;
import org.liaison.api.transport.PayloadSink;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Reads a partner's files from its inbox folder, oldest name first, and hands each to the core. A file is moved to
 * the accepted folder only after the core took it; a file the core did not take stays in the inbox and is offered
 * again at a later scan (after the second refusal for the same reason, at growing intervals of up to
 * {@value #MAX_RETRY_MILLIS} ms, and the reason is logged once, not at every scan).
 *
 * <h2>What is read</h2>
 * Only regular files directly in the inbox, whose name is not hidden and does not end in {@code .part} or
 * {@code .tmp} (those are still being written), whose name is valid in the platform's file name encoding, holds no
 * control characters and has at most {@value #MAX_NAME_BYTES} bytes in UTF-8 (so that the core can add its own
 * prefixes and suffixes when it quarantines the file), that have a single hard link, and that are not larger than
 * the configured {@code maxFileBytes}. A file is opened without following symbolic links, and read whole; it is
 * offered only when its attributes, taken again without following links after reading, show the same file
 * (device and inode), still regular, of the size read, not modified meanwhile.
 *
 * <h2>What is set aside</h2>
 * Any other entry: a symbolic link (to anything, inside the inbox or outside), a folder, a FIFO, a socket, a device,
 * a file with another hard link, a file with an unusable name, a file over the size limit. It is never opened, and
 * a link is never followed: the entry itself is renamed into the partner's refused folder ({@code
 * data/refused/<partner>/} unless configured), under a safe name {@code <UTC time>-<name with unusual characters
 * replaced>}, beside a file {@code <that name>.reason.txt} naming the original entry (unusual bytes percent-encoded),
 * its kind, a link's target as text, and the reason; a warning says the same. The rename never copies: when it is
 * impossible (the refused folder on another file system, or not writable), the entry stays in the inbox, one
 * warning names it and the reason, and it is ignored until it changes (another file, size, time or permissions).
 * Likewise a file the core took but that cannot be moved to the accepted folder is not offered again until it
 * changes. One such entry never holds up the files after it.
 *
 * <h2>Permissions</h2>
 * The inbox, accepted and refused folders, and any of their parents the source creates, get {@code rwx------}, and
 * reason files {@code rw-------}, whatever the process umask; files moved to the accepted folder are set to
 * {@code rw-------}. Folders that exist already keep their permissions (an operator may share an inbox with a
 * partner's upload account); an inbox writable by group or others is warned about when the source opens. On a file
 * system without POSIX permissions its defaults apply.
 */
@Component(configurationPid = FolderTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FolderTransportConfig.class, factory = true)
@DataSourceService(transport = "folder")
public final class FolderSource implements DataSource {

    /** The most files offered to the core together. */
    static final int GROUP_FILES = 64;
    /** A group of files ends with the file that takes it to this many bytes. */
    static final long GROUP_BYTES = 8L * 1024 * 1024;
    /**
     * The longest inbox file name read, in UTF-8 bytes. File systems allow 255; the core's quarantine adds a payload
     * number and {@code .reason.txt}, and writes under a {@code .part} name first.
     */
    static final int MAX_NAME_BYTES = 200;
    /** The longest wait between offers of a file the core keeps refusing for the same reason. */
    static final long MAX_RETRY_MILLIS = 30_000;
    /** How much of the original name the safe name in the refused folder keeps. */
    private static final int SAFE_NAME_CHARS = 100;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final FolderLayout layout;
    private final long pollMillis;
    private final long maxFileBytes;
    /** Entries left in the inbox on purpose, and what they looked like then; only the scan touches these. */
    private final Map<Path, Refusal> refusals = new HashMap<>();
    private final Map<Path, Retry> retries = new HashMap<>();
    /** One scan at a time, also across a close and a re-open. */
    private final Object scanning = new Object();
    private ScheduledExecutorService scanner;

    /** Package-private so that a unit test can see what is logged. */
    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Logger logger;

    @Activate
    public FolderSource(FolderTransportConfig config, BundleContext context) throws IOException {
        this(FolderLayout.of(config, context.getProperty("liaison.home")), config.pollMillis(),
                config.maxFileBytes());
    }

    FolderSource(FolderLayout layout, long pollMillis, long maxFileBytes) throws IOException {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("configuration " + FolderTransportConfig.PID + " of partner "
                    + layout.partner() + ": 'maxFileBytes' must be at least 1, got " + maxFileBytes);
        }
        this.layout = layout;
        this.pollMillis = pollMillis;
        this.maxFileBytes = maxFileBytes;
        OwnerOnly.createFolders(layout.inbox());
        OwnerOnly.createFolders(layout.accepted());
        OwnerOnly.createFolders(layout.refused());
    }

    @Override
    public synchronized void open(PayloadSink sink) {
        if (scanner != null) {
            throw new IllegalStateException("folder source for " + layout.partner() + " is already open");
        }
        warnIfOthersCanWrite();
        scanner = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "liaison-folder-source-" + layout.partner());
            thread.setDaemon(true);
            return thread;
        });
        scanner.scheduleWithFixedDelay(() -> scanOnce(sink), 0, pollMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    @Deactivate
    public synchronized void close() {
        if (scanner != null) {
            scanner.shutdownNow();
            scanner = null;
        }
    }

    /**
     * Offers every finished file of the inbox to the sink once, oldest name first, in groups of at most
     * {@value #GROUP_FILES} files and {@value #GROUP_BYTES} bytes ({@link PayloadSink#acceptAll}: one durable
     * write in the core for each group), and sets aside the entries that are never read. Returns the number
     * accepted.
     */
    int scanOnce(PayloadSink sink) {
        synchronized (scanning) {
            int accepted = 0;
            try {
                List<Path> entries = entries();
                Set<Path> present = new HashSet<>(entries);
                refusals.keySet().retainAll(present);
                retries.keySet().retainAll(present);
                List<Taken> group = new ArrayList<>();
                long groupBytes = 0;
                for (Path entry : entries) {
                    if (Thread.currentThread().isInterrupted()) {
                        return accepted;
                    }
                    Taken taken = take(entry);
                    if (taken == null) {
                        continue;
                    }
                    group.add(taken);
                    groupBytes += taken.payload().size();
                    if (group.size() == GROUP_FILES || groupBytes >= GROUP_BYTES) {
                        accepted += offer(group, sink);
                        group.clear();
                        groupBytes = 0;
                    }
                }
                if (!group.isEmpty()) {
                    accepted += offer(group, sink);
                }
            } catch (IOException | RuntimeException e) {
                // A scan that fails (inbox removed, permissions) must not kill the scheduled task: report and retry.
                warn("Scanning inbox " + layout.inbox() + " of partner " + layout.partner() + " failed: " + e);
            }
            return accepted;
        }
    }

    /** The inbox entries that are not being written, nor one of this transport's own folders, in name order. */
    private List<Path> entries() throws IOException {
        Set<Path> ownFolders = Set.of(absolute(layout.accepted()), absolute(layout.refused()),
                absolute(layout.outbox()));
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(layout.inbox())) {
            for (Path entry : listing) {
                if (!FolderLayout.isInProgress(entry.getFileName().toString())
                        && !ownFolders.contains(absolute(entry))) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(null);
        return entries;
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /**
     * Reads an inbox entry that may be read, sets aside one that may not; returns null when there is nothing to
     * offer now.
     */
    private Taken take(Path entry) {
        PosixFileAttributes attributes;
        try {
            attributes = attributes(entry);
        } catch (NoSuchFileException e) {
            return null; // gone since the listing
        } catch (IOException e) {
            if (!refusals.containsKey(entry)) {
                refuseOnce(entry, null, "its attributes cannot be read: " + e);
            }
            return null;
        }
        Refusal refusal = refusals.get(entry);
        if (refusal != null && refusal.sameAs(attributes)) {
            return null; // refused already, and unchanged since
        }
        refusals.remove(entry);
        Retry retry = retries.get(entry);
        if (retry != null && retry.sameAs(attributes) && System.nanoTime() < retry.notBeforeNanos()) {
            return null;
        }
        String problem = problem(entry, attributes);
        if (problem != null) {
            setAside(entry, attributes, problem);
            return null;
        }
        byte[] content;
        try {
            content = read(entry, attributes);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            refuseOnce(entry, attributes, "it cannot be read: " + e);
            return null;
        }
        if (content == null) {
            return null; // changed while being read: being written, or swapped; the next scan looks again
        }
        return new Taken(entry, attributes, Payload.ofBytes(layout.partner(), entry.getFileName().toString(),
                content));
    }

    /** Why the entry is never read, or null when it may be. */
    private String problem(Path entry, PosixFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "it is a symbolic link; links are never followed";
        }
        if (attributes.isDirectory()) {
            return "it is a folder; only files directly in the inbox are read";
        }
        if (!attributes.isRegularFile()) {
            return "it is not a regular file but a FIFO, socket or device";
        }
        String name = entry.getFileName().toString();
        if (!entry.getFileSystem().getPath(name).equals(entry.getFileName())) {
            return "its name is not valid in the file name encoding (" + System.getProperty("sun.jnu.encoding",
                    "unknown") + ") and cannot be passed on";
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return "its name holds control characters";
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES) {
            return "its name has " + nameBytes + " bytes, more than the " + MAX_NAME_BYTES + " allowed (the core"
                    + " must be able to add to it)";
        }
        int links = hardLinks(entry);
        if (links > 1) {
            return "it has " + links + " hard links; a file also linked from elsewhere may be someone else's file"
                    + " (deliver by writing under a temporary name and renaming)";
        }
        if (attributes.size() > maxFileBytes) {
            return "it has " + attributes.size() + " bytes, more than the limit of " + maxFileBytes + " bytes"
                    + " (maxFileBytes)";
        }
        return null;
    }

    private static int hardLinks(Path entry) {
        try {
            return ((Number) Files.getAttribute(entry, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return 1; // no such attribute on this platform: no hard links to fear either
        }
    }

    /**
     * Reads a regular file without following a link; null when the file at the path changed between the attributes
     * given and the end of reading.
     */
    private byte[] read(Path entry, PosixFileAttributes before) throws IOException {
        byte[] content;
        try (SeekableByteChannel channel = Files.newByteChannel(entry, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            content = Channels.newInputStream(channel).readNBytes((int) Math.min(maxFileBytes + 1,
                    Integer.MAX_VALUE - 8));
        }
        PosixFileAttributes after = attributes(entry);
        boolean same = after.isRegularFile() && Objects.equals(after.fileKey(), before.fileKey())
                && after.lastModifiedTime().equals(before.lastModifiedTime()) && after.size() == before.size()
                && content.length == after.size();
        return same ? content : null;
    }

    private static PosixFileAttributes attributes(Path entry) throws IOException {
        try {
            return Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return new BasicAsPosix(Files.readAttributes(entry, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS));
        }
    }

    /** Offers a group of files, and moves those the core took to the accepted folder. */
    private int offer(List<Taken> group, PayloadSink sink) {
        Map<Payload, PayloadRejectedException> rejected = sink.acceptAll(
                group.stream().map(Taken::payload).toList());
        int accepted = 0;
        for (Taken taken : group) {
            PayloadRejectedException reason = rejected.get(taken.payload());
            if (reason != null) {
                retryLater(taken, reason.getMessage());
                continue;
            }
            retries.remove(taken.entry());
            accepted++;
            moveToAccepted(taken);
        }
        return accepted;
    }

    private void retryLater(Taken taken, String reason) {
        Retry earlier = retries.get(taken.entry());
        boolean again = earlier != null && earlier.sameAs(taken.attributes()) && Objects.equals(earlier.reason(),
                reason);
        int attempts = again ? earlier.attempts() + 1 : 1;
        // the first retry comes at the next scan, as it always did; repeats of the same refusal wait longer
        long waitMillis = attempts == 1 ? 0 : Math.min(MAX_RETRY_MILLIS, pollMillis << Math.min(attempts - 1, 20));
        retries.put(taken.entry(), new Retry(Signature.of(taken.attributes()), reason, attempts,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis)));
        if (!again) {
            warn("Inbox file " + describe(taken.entry()) + " of partner " + layout.partner() + " not taken, will"
                    + " retry (this is logged again only when the reason changes): " + reason);
        }
    }

    /**
     * Moves a file the core took out of the inbox, unless it is no longer the file read; one that cannot be moved
     * is not offered again until it changes, so that the core does not receive it at every scan.
     */
    private void moveToAccepted(Taken taken) {
        Path entry = taken.entry();
        Path target = layout.accepted().resolve(entry.getFileName());
        try {
            PosixFileAttributes now = attributes(entry);
            if (!Objects.equals(now.fileKey(), taken.attributes().fileKey())) {
                return; // replaced since it was read: the new file is offered at the next scan
            }
            try {
                Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(entry, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (NoSuchFileException e) {
            return; // removed meanwhile; the core has it
        } catch (IOException e) {
            refuseOnce(entry, taken.attributes(), "the core took it, but it cannot be moved to " + target + ": " + e);
            return;
        }
        try {
            PosixFileAttributes moved = attributes(target);
            if (moved.isRegularFile() && Objects.equals(moved.fileKey(), taken.attributes().fileKey())) {
                OwnerOnly.restrict(target, OwnerOnly.FILE);
            }
        } catch (IOException e) {
            // Not our file to change (a partner account owns it); the accepted folder is the owner's alone anyway
            // when this transport created it.
        }
    }

    /**
     * Moves an entry that is never read into the refused folder, never copying it, with a reason file beside it; when
     * it cannot be moved, refuses it once.
     */
    private void setAside(Path entry, PosixFileAttributes attributes, String reason) {
        String safe = STAMP.format(Instant.now()) + "-" + safeName(entry.getFileName().toString());
        Path target = layout.refused().resolve(safe);
        try {
            for (int n = 2; ; n++) {
                try {
                    // a rename only: moving to another file system would copy the content of what is not ours
                    Files.move(entry, target, StandardCopyOption.ATOMIC_MOVE);
                    break;
                } catch (FileAlreadyExistsException e) {
                    if (n > 100) {
                        throw e;
                    }
                    target = layout.refused().resolve(safe + "-" + n);
                }
            }
        } catch (NoSuchFileException e) {
            return; // gone since the listing
        } catch (IOException e) {
            refuseOnce(entry, attributes, reason + "; it cannot be moved to " + layout.refused() + " (" + e + ")");
            return;
        }
        Path reasonFile = target.resolveSibling(target.getFileName() + ".reason.txt");
        String written = ", reason in " + reasonFile.getFileName();
        try (FileChannel out = OwnerOnly.createFile(reasonFile)) {
            ByteBuffer text = ByteBuffer.wrap(reasonText(entry, attributes, target, reason)
                    .getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) {
                out.write(text);
            }
            out.force(true);
        } catch (IOException e) {
            written = ", but the reason file " + reasonFile + " cannot be written: " + e;
        }
        warn("Inbox entry " + describe(entry) + " of partner " + layout.partner() + " is not read: " + reason
                + "; moved to " + target + written);
    }

    private String reasonText(Path entry, PosixFileAttributes attributes, Path target, String reason) {
        StringBuilder text = new StringBuilder()
                .append("entry: ").append(escapedName(entry)).append('\n')
                .append("inbox: ").append(layout.inbox()).append('\n')
                .append("partner: ").append(layout.partner()).append('\n')
                .append("kind: ").append(kind(attributes)).append('\n')
                .append("size: ").append(attributes.size()).append('\n');
        if (attributes.isSymbolicLink()) {
            try {
                text.append("link target (not followed): ")
                        .append(printable(Files.readSymbolicLink(target).toString())).append('\n');
            } catch (IOException e) {
                text.append("link target: unreadable: ").append(e).append('\n');
            }
        }
        return text.append("set aside: ").append(Instant.now()).append('\n')
                .append("reason: ").append(reason).append('\n').toString();
    }

    /** Leaves an entry in the inbox, says so once, and ignores it until it changes. */
    private void refuseOnce(Path entry, PosixFileAttributes attributes, String reason) {
        refusals.put(entry, new Refusal(attributes == null ? null : Signature.of(attributes)));
        warn("Inbox entry " + describe(entry) + " of partner " + layout.partner() + " is not read: " + reason
                + "; it stays in the inbox and is ignored until it changes");
    }

    private void warnIfOthersCanWrite() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(layout.inbox());
            if (permissions.contains(PosixFilePermission.OTHERS_WRITE)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
                warn("Inbox " + layout.inbox() + " of partner " + layout.partner() + " is writable by "
                        + (permissions.contains(PosixFilePermission.OTHERS_WRITE) ? "every user" : "its group")
                        + " (" + PosixFilePermissions.toString(permissions) + "): they can drop files in the"
                        + " partner's name");
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions to judge
        }
    }

    private static String kind(PosixFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            return "symbolic link";
        }
        if (attributes.isDirectory()) {
            return "folder";
        }
        return attributes.isRegularFile() ? "regular file" : "FIFO, socket or device";
    }

    /** The entry's full path for people: its name as is when it is plain, else its bytes percent-encoded. */
    private String describe(Path entry) {
        return layout.inbox() + "/" + escapedName(entry);
    }

    /**
     * The entry's name, or, when it is not valid in the file name encoding or holds control characters, its bytes
     * percent-encoded (a file URI keeps the exact bytes), marked as such.
     */
    private static String escapedName(Path entry) {
        String name = entry.getFileName().toString();
        if (entry.getFileSystem().getPath(name).equals(entry.getFileName())
                && name.chars().noneMatch(Character::isISOControl)) {
            return name;
        }
        String path = entry.toAbsolutePath().toUri().getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.substring(path.lastIndexOf('/') + 1) + " (bytes percent-encoded)";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** A name safe on any file system and in any shell: letters, digits, dot, dash, underscore; not hidden. */
    private static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > SAFE_NAME_CHARS) {
            safe = safe.substring(0, SAFE_NAME_CHARS);
        }
        return safe.isEmpty() ? "_" : safe;
    }

    private void warn(String message) {
        Logger current = logger;
        if (current != null) {
            current.warn(message);
        }
    }

    /** A file read from the inbox, what it looked like, and its payload. */
    private record Taken(Path entry, PosixFileAttributes attributes, Payload payload) {
    }

    /** What an inbox entry looked like: when any of it changes, the entry is judged again. */
    private record Signature(Object fileKey, FileTime modified, long size, boolean link, boolean folder,
            boolean regular, Set<PosixFilePermission> permissions) {

        static Signature of(PosixFileAttributes attributes) {
            return new Signature(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(),
                    attributes.isSymbolicLink(), attributes.isDirectory(), attributes.isRegularFile(),
                    attributes.permissions());
        }
    }

    /** An entry left in the inbox; a null signature (its attributes could not be read) matches nothing. */
    private record Refusal(Signature signature) {
        boolean sameAs(PosixFileAttributes attributes) {
            return signature != null && signature.equals(Signature.of(attributes));
        }
    }

    /** A file the core did not take: why, how often in a row, and when to offer it again. */
    private record Retry(Signature signature, String reason, int attempts, long notBeforeNanos) {
        boolean sameAs(PosixFileAttributes attributes) {
            return signature.equals(Signature.of(attributes));
        }
    }

    /** Basic attributes where the file system has no POSIX ones; permissions are then unknown (empty). */
    private record BasicAsPosix(BasicFileAttributes basic) implements PosixFileAttributes {
        @Override public FileTime lastModifiedTime() { return basic.lastModifiedTime(); }
        @Override public FileTime lastAccessTime() { return basic.lastAccessTime(); }
        @Override public FileTime creationTime() { return basic.creationTime(); }
        @Override public boolean isRegularFile() { return basic.isRegularFile(); }
        @Override public boolean isDirectory() { return basic.isDirectory(); }
        @Override public boolean isSymbolicLink() { return basic.isSymbolicLink(); }
        @Override public boolean isOther() { return basic.isOther(); }
        @Override public long size() { return basic.size(); }
        @Override public Object fileKey() { return basic.fileKey(); }
        @Override public UserPrincipal owner() { return null; }
        @Override public GroupPrincipal group() { return null; }
        @Override public Set<PosixFilePermission> permissions() { return Set.of(); }
    }
}
