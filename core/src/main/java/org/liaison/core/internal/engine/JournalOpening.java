package org.liaison.core.internal.engine;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.liaison.core.internal.journal.Journal;
import org.liaison.core.internal.journal.JournalException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * Opens the exchange journal as soon as the core starts, on a thread of its own, so that the database opens while
 * the rest of the core (agreements, audit trail, plugin tracking) starts; the {@link ExchangeEngine} takes the
 * journal from here once it is made. Opening an embedded H2 database in a fresh JVM takes as long as the rest of
 * the core's start together, and the ready line waits for it.
 *
 * <p>It needs no other service, so DS activates it as soon as it comes to it; the engine waits for the plugin
 * registry and the audit trail, which come later. The journal settings are the engine's ({@link EngineConfig});
 * like the engine, it takes a change of them at the next start.
 */
@Component(service = JournalOpening.class, immediate = true, configurationPid = EngineConfig.PID)
public final class JournalOpening {

    private final String url;
    private final CompletableFuture<Journal> journal;
    private volatile long openMillis = -1;

    @Activate
    public JournalOpening(EngineConfig config, BundleContext context) {
        this(config, ExchangeEngine.home(context));
    }

    JournalOpening(EngineConfig config, Path home) {
        url = config.journalUrl().isBlank() ? Journal.defaultUrl(home.resolve("data/journal")) : config.journalUrl();
        journal = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            long started = System.nanoTime();
            try {
                Journal opened = Journal.open(url, config.journalUser(), config.journalPassword());
                openMillis = (System.nanoTime() - started) / 1_000_000;
                journal.complete(opened);
            } catch (JournalException | RuntimeException e) {
                journal.completeExceptionally(e);
            }
        }, "liaison-journal-opening");
        opener.setDaemon(true);
        opener.start();
    }

    /** How long the journal took to open, in milliseconds; -1 until it is open. */
    long openMillis() {
        return openMillis;
    }

    /** The JDBC URL of the journal. */
    String url() {
        return url;
    }

    /** Waits for the journal to open; throws why it did not. */
    Journal journal() throws JournalException, InterruptedException {
        try {
            return journal.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JournalException failure) {
                throw failure;
            }
            throw new JournalException("opening " + url + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Journal settings change at the next start; without this method DS would reopen the journal under the engine. */
    @Modified
    void modified() {
    }

    /** Closes the journal (the engine, which stops first, has closed it already when it took it). */
    @Deactivate
    void close() {
        journal.thenAccept(Journal::close);
    }
}
