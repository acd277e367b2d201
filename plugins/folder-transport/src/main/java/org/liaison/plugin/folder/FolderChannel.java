package org.liaison.plugin.folder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.liaison.api.transport.Delivery;
import org.liaison.api.transport.DeliveryException;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.api.transport.ExchangeChannelService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Writes each delivery to the partner's outbox folder as one file named by the delivery's
 * {@link Delivery#fileName() file name}. The file is written and synced under a hidden temporary name, then renamed
 * atomically, so the partner never sees half a file; a repeated delivery replaces the earlier file rather than
 * adding a second one. When the delivery carries its {@link Delivery#marking() marking} beside the content (the
 * partner's format has no place for it), a file {@code <file name>.marking} holding it, for example
 * {@code TLP:AMBER H2}, is written first, so that it is there whenever the content is.
 *
 * <p>Only the owner of the process can read what the channel writes, whatever the process umask: the outbox folder,
 * and any of its parents the channel creates, gets {@code rwx------} (an outbox that exists already keeps its
 * permissions: an operator may share it with a partner's download account), and each file {@code rw-------}, set
 * when the temporary file is created, so the content is never readable by others, not even for a moment. The
 * temporary file is created new and never through a symbolic link: an entry found under its name (left by a crash,
 * or planted) is removed, not written through. The rename into place replaces whatever has the file's name, a link
 * included, without following it. On a file system without POSIX permissions its defaults apply.
 */
@Component(configurationPid = FolderTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@ExchangeChannelService(transport = "folder")
public final class FolderChannel implements ExchangeChannel {

    private final FolderLayout layout;

    @Activate
    public FolderChannel(FolderTransportConfig config, BundleContext context) throws IOException {
        this(FolderLayout.of(config, context.getProperty("liaison.home")));
    }

    FolderChannel(FolderLayout layout) throws IOException {
        this.layout = layout;
        OwnerOnly.createFolders(layout.outbox());
    }

    /**
     * Writes the delivery's file, and before it the marking file when the delivery carries a marking: each under a
     * hidden temporary name, both forced to disk, then renamed into place, the marking first.
     */
    @Override
    public void deliver(Delivery delivery) throws DeliveryException {
        DeliveryException failed = deliverAll(List.of(delivery)).get(delivery);
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Writes the files of every delivery before any is forced, so that the file system puts them on disk in one go
     * (the forces after the first find little or nothing left to do); then renames each delivery's files into place,
     * its marking first. A delivery whose file cannot be written fails alone.
     */
    @Override
    public Map<Delivery, DeliveryException> deliverAll(List<Delivery> deliveries) {
        Map<Delivery, DeliveryException> failed = new LinkedHashMap<>();
        Map<Delivery, List<Pending>> written = new LinkedHashMap<>();
        try {
            for (Delivery delivery : deliveries) {
                List<Pending> files = new ArrayList<>(2);
                written.put(delivery, files);
                try {
                    if (delivery.marking().isPresent()) {
                        files.add(prepare(delivery.fileName() + ".marking", delivery.marking().get().toString()
                                .getBytes(StandardCharsets.UTF_8)));
                    }
                    files.add(prepare(delivery.fileName(), delivery.content()));
                } catch (IOException e) {
                    failed.put(delivery, failure(delivery, e));
                }
            }
            forEachFile(written, failed, Pending::force);
            forEachFile(written, failed, Pending::moveIntoPlace);
        } finally {
            written.values().forEach(files -> files.forEach(Pending::discard));
        }
        Map<Delivery, DeliveryException> inOrder = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            if (failed.containsKey(delivery)) {
                inOrder.put(delivery, failed.get(delivery));
            }
        }
        return inOrder;
    }

    /** One step of writing a file. */
    private interface Step {
        void apply(Pending file) throws IOException;
    }

    /** Takes a step on every file of the deliveries not failed yet; a delivery whose step fails fails. */
    private void forEachFile(Map<Delivery, List<Pending>> written, Map<Delivery, DeliveryException> failed,
            Step step) {
        for (Map.Entry<Delivery, List<Pending>> entry : written.entrySet()) {
            if (failed.containsKey(entry.getKey())) {
                continue;
            }
            try {
                for (Pending file : entry.getValue()) {
                    step.apply(file);
                }
            } catch (IOException e) {
                failed.put(entry.getKey(), failure(entry.getKey(), e));
            }
        }
    }

    private DeliveryException failure(Delivery delivery, IOException e) {
        return new DeliveryException("writing " + layout.outbox().resolve(delivery.fileName()) + " for partner "
                + layout.partner() + " failed: " + e, e);
    }

    /** Writes a file under its temporary name; the caller forces it, moves it into place, and discards it. */
    private Pending prepare(String fileName, byte[] content) throws IOException {
        Path target = layout.outbox().resolve(fileName);
        Path temporary = layout.outbox().resolve("." + fileName + "." + Thread.currentThread().getId() + ".part");
        FileChannel out;
        try {
            out = OwnerOnly.createFile(temporary);
        } catch (FileAlreadyExistsException e) {
            // Left by a crash, or planted (a link to someone else's file): removed, never written through.
            Files.delete(temporary);
            out = OwnerOnly.createFile(temporary);
        }
        Pending pending = new Pending(target, temporary, out);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            return pending;
        } catch (IOException | RuntimeException e) {
            pending.discard();
            throw e;
        }
    }

    /** A file written under its temporary name, not yet in place. */
    private final class Pending {
        private final Path target;
        private final Path temporary;
        private final FileChannel out;
        private boolean moved;

        Pending(Path target, Path temporary, FileChannel out) {
            this.target = target;
            this.temporary = temporary;
            this.out = out;
        }

        void force() throws IOException {
            out.force(true);
        }

        void moveIntoPlace() throws IOException {
            out.close();
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("outbox " + layout.outbox() + " of partner " + layout.partner() + " does not"
                        + " support atomic renames; choose a folder on a local file system", e);
            }
            moved = true;
        }

        /** Closes the file and, unless it was moved into place, deletes it: a failed delivery leaves nothing. */
        void discard() {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing after a failure: the delivery fails anyway
            }
            if (!moved) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The delivery failed already; a stray hidden .part file is harmless and overwritten on retry.
                }
            }
        }
    }
}
