package org.liaison.plugin.folder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * again at the next scan.
 */
@Component(configurationPid = FolderTransportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FolderTransportConfig.class, factory = true)
@DataSourceService(transport = "folder")
public final class FolderSource implements DataSource {

    /** The most files offered to the core together. */
    static final int GROUP_FILES = 64;
    /** A group of files ends with the file that takes it to this many bytes. */
    static final long GROUP_BYTES = 8L * 1024 * 1024;

    private final FolderLayout layout;
    private final long pollMillis;
    private ScheduledExecutorService scanner;

    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Logger logger;

    @Activate
    public FolderSource(FolderTransportConfig config, BundleContext context) throws IOException {
        this(FolderLayout.of(config, context.getProperty("liaison.home")), config.pollMillis());
    }

    FolderSource(FolderLayout layout, long pollMillis) throws IOException {
        this.layout = layout;
        this.pollMillis = pollMillis;
        Files.createDirectories(layout.inbox());
        Files.createDirectories(layout.accepted());
    }

    @Override
    public synchronized void open(PayloadSink sink) {
        if (scanner != null) {
            throw new IllegalStateException("folder source for " + layout.partner() + " is already open");
        }
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
     * write in the core for each group). Returns the number accepted.
     */
    int scanOnce(PayloadSink sink) {
        int accepted = 0;
        try {
            List<Path> files = finishedFiles();
            List<Payload> group = new ArrayList<>();
            long groupBytes = 0;
            for (Path file : files) {
                if (Thread.currentThread().isInterrupted()) {
                    return accepted;
                }
                Payload payload;
                try {
                    payload = Payload.ofFile(layout.partner(), file);
                } catch (IOException e) {
                    continue; // gone or unreadable since the listing: the next scan sees it again
                }
                group.add(payload);
                groupBytes += payload.size();
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

    private List<Path> finishedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(layout.inbox())) {
            for (Path entry : entries) {
                if (!FolderLayout.isInProgress(entry.getFileName().toString()) && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        files.sort(null);
        return files;
    }

    /** Offers a group of files, and moves those the core took to the accepted folder. */
    private int offer(List<Payload> group, PayloadSink sink) throws IOException {
        Map<Payload, PayloadRejectedException> rejected = sink.acceptAll(List.copyOf(group));
        int accepted = 0;
        for (Payload payload : group) {
            PayloadRejectedException reason = rejected.get(payload);
            if (reason != null) {
                warn("Inbox file " + layout.inbox().resolve(payload.name()) + " of partner " + layout.partner()
                        + " not taken, will retry: " + reason.getMessage());
                continue;
            }
            Path file = layout.inbox().resolve(payload.name());
            Path target = layout.accepted().resolve(payload.name());
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
            accepted++;
        }
        return accepted;
    }

    private void warn(String message) {
        Logger current = logger;
        if (current != null) {
            current.warn(message);
        }
    }
}
