package org.liaison.core.internal.swap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The jars of plugin versions that were accepted, kept so that a failed update can be rolled back:
 * {@code <root>/<symbolic name>/<version>.jar}, and the jars that were rolled back, kept for the admin to look at:
 * {@code <root>/<symbolic name>/rejected/<version>-<time>.jar}. The root is {@code data/plugin-versions/}.
 *
 * <p>A version that is accepted again with other bytes (a rebuilt snapshot) replaces the kept jar: what is kept is
 * always what last ran and passed.
 */
final class PluginVersions {

    /** Where the versions are kept, relative to the Liaison home. */
    static final String FOLDER = "data/plugin-versions";

    /** Symbolic names and versions become file names; anything that could leave the folder is refused. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path root;

    PluginVersions(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Keeps the jar of an accepted version; returns where. */
    Path keep(String symbolicName, String version, byte[] bytes) throws IOException {
        Path file = folder(symbolicName).resolve(safe("version", version) + ".jar");
        writeAtomically(file, bytes);
        return file;
    }

    /** The kept jar of a version, if any. */
    Optional<byte[]> read(String symbolicName, String version) throws IOException {
        Path file = folder(symbolicName).resolve(safe("version", version) + ".jar");
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /** Keeps a jar that was rolled back, named by its version and the time; returns where. */
    Path reject(String symbolicName, String version, byte[] bytes, Instant at) throws IOException {
        Path file = folder(symbolicName).resolve("rejected")
                .resolve(safe("version", version) + "-" + STAMP.format(at) + ".jar");
        writeAtomically(file, bytes);
        return file;
    }

    private Path folder(String symbolicName) {
        return root.resolve(safe("bundle symbolic name", symbolicName));
    }

    private static String safe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("the " + what + " '" + value + "' cannot name a kept plugin jar:"
                    + " expected letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    /**
     * Replaces {@code file} so that a reader (FileInstall polling {@code deploy/}) sees the old bytes or the new
     * ones, never a part: the bytes go to a hidden file beside it, reach the disk, and are renamed over it. The
     * hidden file lives a few milliseconds; FileInstall only acts on a file whose size and time stayed the same
     * over two scans, so it never picks it up.
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path aside = file.resolveSibling("." + file.getFileName() + ".swap-part");
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
