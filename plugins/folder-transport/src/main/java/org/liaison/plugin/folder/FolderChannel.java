package org.liaison.plugin.folder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
        Files.createDirectories(layout.outbox());
    }

    @Override
    public void deliver(Delivery delivery) throws DeliveryException {
        if (delivery.marking().isPresent()) {
            write(delivery.fileName() + ".marking", delivery.marking().get().toString()
                    .getBytes(StandardCharsets.UTF_8));
        }
        write(delivery.fileName(), delivery.content());
    }

    private void write(String fileName, byte[] content) throws DeliveryException {
        Path target = layout.outbox().resolve(fileName);
        Path temporary = layout.outbox().resolve("." + fileName + "." + Thread.currentThread().getId() + ".part");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DeliveryException("outbox " + layout.outbox() + " of partner " + layout.partner()
                        + " does not support atomic renames; choose a folder on a local file system", e);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The delivery failed already; a stray hidden .part file is harmless and overwritten on retry.
            }
            throw new DeliveryException("writing " + target + " for partner " + layout.partner() + " failed: " + e,
                    e);
        }
    }
}
