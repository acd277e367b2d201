package org.liaison.plugin.folder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Creates folders and files that only the owner of the process can read: {@code rwx------} for folders,
 * {@code rw-------} for files. The permissions are set explicitly after creating, because the process umask only
 * ever takes permissions away and may be anything. Where the file system has no POSIX permissions, the entries are
 * created with its defaults.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Creates the folder and its missing parents, each owner-only. Folders that exist already keep their
     * permissions: an operator may have shared an inbox with a partner's upload account on purpose.
     */
    static void createFolders(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        boolean posix = isPosix(absolute);
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                if (posix) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(FOLDER));
                    restrict(p, FOLDER);
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                } // created meanwhile by someone else: not ours to change
            }
        }
    }

    /**
     * Creates a new file, owner-only, and opens it for writing. Never follows a symbolic link at {@code file}: an
     * entry already there (a link planted by someone else, a file left by a crash) makes it fail with
     * {@link FileAlreadyExistsException}.
     */
    static FileChannel createFile(Path file) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        FileChannel channel = isPosix(file)
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(FILE))
                : FileChannel.open(file, options);
        try {
            restrict(file, FILE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /**
     * Sets the permissions of an entry without following a link (a link itself has none to set). Does nothing where
     * the file system has no POSIX permissions.
     */
    static void restrict(Path entry, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(entry, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null && !Files.isSymbolicLink(entry)) {
            view.setPermissions(permissions);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
