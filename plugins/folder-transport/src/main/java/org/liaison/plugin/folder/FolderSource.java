package org.liaison.plugin.folder;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
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
     * Offers every finished file of the inbox to the sink once. Returns the number accepted.
     */
    int scanOnce(PayloadSink sink) {
        int accepted = 0;
        try {
            for (Path file : finishedFiles()) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                if (offer(file, sink)) {
                    accepted++;
                }
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

    private boolean offer(Path file, PayloadSink sink) throws IOException {
        Payload payload = Payload.ofFile(layout.partner(), file);
        try {
            sink.accept(payload);
        } catch (PayloadRejectedException e) {
            warn("Inbox file " + file + " of partner " + layout.partner() + " not taken, will retry: "
                    + e.getMessage());
            return false;
        }
        Path target = layout.accepted().resolve(file.getFileName());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    private void warn(String message) {
        Logger current = logger;
        if (current != null) {
            current.warn(message);
        }
    }
}
