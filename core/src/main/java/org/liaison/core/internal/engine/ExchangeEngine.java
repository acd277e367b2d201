package org.liaison.core.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.liaison.api.registry.PluginRegistry;
import org.liaison.api.transport.DataSource;
import org.liaison.api.transport.Payload;
import org.liaison.api.transport.PayloadRejectedException;
import org.liaison.api.transport.PayloadSink;
import org.liaison.core.internal.agreement.AgreementService;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.journal.DueDelivery;
import org.liaison.core.internal.journal.Journal;
import org.liaison.core.internal.journal.JournalException;
import org.liaison.core.internal.journal.StoredPayload;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Moves data between partners, nothing lost: every data source hands its payloads to the engine, which journals
 * each before the source acknowledges it; a processor thread decodes, routes and decides journaled payloads; a
 * dispatcher hands due deliveries to delivery threads, which retry failures with backoff and dead-letter them after
 * the last attempt. Everything is in the journal, so after a crash the engine goes on where it stopped.
 */
@Component(service = ExchangeEngine.class, immediate = true, configurationPid = EngineConfig.PID)
@Designate(ocd = EngineConfig.class)
public final class ExchangeEngine {

    private static final int BATCH = 100;
    private static final long IDLE_MILLIS = 50;

    private final AuditTrail audit;
    private final Logger logger;
    private final long maxPayloadBytes;
    private final ExecutorService loops;
    private final ExecutorService deliveryThreads;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** When each recent attempt finished (System.nanoTime), to recognise due rows read before it finished. */
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    private final Set<Long> waitingPayloads = ConcurrentHashMap.newKeySet();
    private final Map<ServiceReference<DataSource>, DataSource> sources = new ConcurrentHashMap<>();
    private final Object work = new Object();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String lastWait = "";
    /** Set once the journal is open; until then sources are asked to offer their payloads again later. */
    private volatile Journal journal;
    private volatile PayloadProcessor processor;
    private volatile DeliveryAttempt deliveries;
    /** Retry settings that arrived while the journal was still opening. */
    private volatile EngineConfig pendingRetune;

    @Activate
    public ExchangeEngine(EngineConfig config, BundleContext context, @Reference PluginRegistry registry,
            @Reference AgreementService agreements, @Reference AuditTrail audit,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.audit = audit;
        this.logger = logger;
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.loops = Executors.newFixedThreadPool(2, daemon("liaison-engine"));
        this.deliveryThreads = Executors.newFixedThreadPool(config.deliveryThreads(), daemon("liaison-delivery"));
        // Opening the database takes longer than the rest of start-up together: it happens off the start-up path.
        loops.execute(() -> {
            try {
                open(config, context, registry, agreements);
            } catch (JournalException | IOException | RuntimeException e) {
                logger.error("The exchange journal did not open; no input is taken until Liaison is restarted with"
                        + " a working journal: " + e, e);
                return;
            }
            loops.execute(this::dispatchLoop);
            processLoop();
        });
    }

    private void open(EngineConfig config, BundleContext context, PluginRegistry registry,
            AgreementService agreements) throws JournalException, IOException {
        Path home = Path.of(context.getProperty("liaison.home") == null ? "." : context.getProperty("liaison.home"));
        String url = config.journalUrl().isBlank() ? Journal.defaultUrl(home.resolve("data/journal"))
                : config.journalUrl();
        Journal opened = Journal.open(url, config.journalUser(), config.journalPassword());
        processor = new PayloadProcessor(registry, agreements, audit,
                Files.createDirectories(home.resolve("data/quarantine")));
        deliveries = new DeliveryAttempt(registry, agreements, opened, audit,
                new Backoff(config.retryBaseMillis(), config.retryMaxMillis()), config.maxAttempts());
        journal = opened;
        EngineConfig latest = pendingRetune;
        if (latest != null) {
            deliveries.retune(new Backoff(latest.retryBaseMillis(), latest.retryMaxMillis()), latest.maxAttempts());
        }
        logger.info("Exchange journal open at " + url);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The journal, for the operator commands. */
    Journal journal() throws JournalException {
        Journal current = journal;
        if (current == null) {
            throw new JournalException("the exchange journal is not open yet (or failed to open: see"
                    + " logs/liaison.log)");
        }
        return current;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(DataSource source, ServiceReference<DataSource> reference) {
        Object partner = reference.getProperty(DataSource.PARTNER);
        if (!(partner instanceof String id) || id.isBlank()) {
            return;
        }
        sources.put(reference, source);
        source.open(new Intake(id));
    }

    void unbindSource(DataSource source, ServiceReference<DataSource> reference) {
        if (sources.remove(reference) != null) {
            source.close();
        }
    }

    /**
     * Retry settings change at once. The journal, the payload limit and the number of delivery threads are read at
     * start only: changing them is logged and takes effect at the next start. (Without this method DS would restart
     * the engine on every change, interrupting the journal while it opens.)
     */
    @Modified
    void modified(EngineConfig config) {
        DeliveryAttempt current = deliveries;
        if (current != null) {
            current.retune(new Backoff(config.retryBaseMillis(), config.retryMaxMillis()), config.maxAttempts());
        }
        pendingRetune = config;
        logger.info("Exchange engine: retry settings now maxAttempts=" + config.maxAttempts() + ", retryBaseMillis="
                + config.retryBaseMillis() + ", retryMaxMillis=" + config.retryMaxMillis() + "; journal, payload"
                + " limit and delivery threads change at the next start");
    }

    @Deactivate
    void stop() throws InterruptedException {
        running.set(false);
        sources.values().forEach(DataSource::close);
        sources.clear();
        synchronized (work) {
            work.notifyAll();
        }
        loops.shutdownNow();
        deliveryThreads.shutdown();
        deliveryThreads.awaitTermination(10, TimeUnit.SECONDS);
        loops.awaitTermination(10, TimeUnit.SECONDS);
        if (journal != null) {
            journal.close();
        }
    }

    /** A source's way in: journals the payload, and only then lets the source acknowledge it. */
    private final class Intake implements PayloadSink {
        private final String partner;

        Intake(String partner) {
            this.partner = partner;
        }

        @Override
        public void accept(Payload payload) throws PayloadRejectedException {
            if (!running.get()) {
                throw new PayloadRejectedException("Liaison is stopping");
            }
            if (!partner.equals(payload.partner())) {
                throw new PayloadRejectedException("a source of " + partner + " offered a payload of "
                        + payload.partner());
            }
            byte[] content;
            try {
                content = payload.readAllBytes(maxPayloadBytes);
            } catch (IOException e) {
                throw new PayloadRejectedException("cannot read " + payload.name() + ": " + e.getMessage(), e);
            }
            Journal current = journal;
            if (current == null) {
                throw new PayloadRejectedException("the exchange journal is not open yet");
            }
            long id;
            try {
                id = current.receive(partner, payload.name(), content);
            } catch (JournalException e) {
                throw new PayloadRejectedException("the journal did not take " + payload.name() + ": "
                        + e.getMessage(), e);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("payload", id);
            fields.put("partner", partner);
            fields.put("name", payload.name());
            fields.put("bytes", content.length);
            fields.put("sha256", sha256(content));
            audit.record("input-received", fields);
            // the source acknowledges when this returns: the entry must be on disk by then, like the payload
            flushAudit();
            wake();
        }
    }

    private void flushAudit() throws PayloadRejectedException {
        try {
            audit.flush();
        } catch (UncheckedIOException e) {
            throw new PayloadRejectedException("the audit trail cannot be written: " + e.getMessage(), e);
        }
    }

    private void wake() {
        synchronized (work) {
            work.notifyAll();
        }
    }

    private void idle() {
        synchronized (work) {
            try {
                work.wait(IDLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many payloads are decided before their audit entries are forced to disk together. */
    private static final int GROUP = 16;

    private void processLoop() {
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            int done = 0;
            try {
                List<StoredPayload> pending = journal.pendingPayloads(BATCH + waitingPayloads.size());
                List<Map.Entry<StoredPayload, PayloadProcessor.Outcome>> decided = new ArrayList<>(GROUP);
                for (StoredPayload payload : pending) {
                    if (!running.get()) {
                        return;
                    }
                    PayloadProcessor.Outcome outcome = processOne(payload);
                    if (outcome != null) {
                        decided.add(Map.entry(payload, outcome));
                    }
                    if (decided.size() == GROUP) {
                        done += commit(decided);
                    }
                }
                done += commit(decided);
            } catch (JournalException | RuntimeException e) {
                logger.error("Processing journaled payloads failed; retrying: " + e, e);
            }
            if (done == 0) {
                idle();
            }
        }
    }

    /**
     * Journals decided payloads. Their decisions are audited before they are committed, so a crash in between
     * repeats them rather than loses them; one flush serves the whole group.
     */
    private int commit(List<Map.Entry<StoredPayload, PayloadProcessor.Outcome>> decided) throws JournalException {
        if (decided.isEmpty()) {
            return 0;
        }
        audit.flush();
        for (Map.Entry<StoredPayload, PayloadProcessor.Outcome> entry : decided) {
            journal.complete(entry.getKey().id(), entry.getValue().exchanges(),
                    entry.getValue().quarantineReason());
        }
        int count = decided.size();
        decided.clear();
        wake();
        return count;
    }

    /** Decides one payload; null when it must wait for a plugin or failed and stays for a retry. */
    private PayloadProcessor.Outcome processOne(StoredPayload payload) {
        PayloadProcessor.Outcome outcome;
        try {
            outcome = processor.process(payload);
        } catch (IOException | RuntimeException e) {
            logger.error("Processing payload " + payload.id() + " (" + payload.name() + " from "
                    + payload.partner() + ") failed; it stays in the journal and is retried: " + e, e);
            return null;
        }
        if (outcome.exchanges() == null) {
            if (waitingPayloads.add(payload.id()) && !outcome.waitingFor().equals(lastWait)) {
                lastWait = outcome.waitingFor();
                logger.warn("Payload " + payload.id() + " (" + payload.name() + " from " + payload.partner()
                        + ") waits for " + outcome.waitingFor());
            }
            return null;
        }
        waitingPayloads.remove(payload.id());
        return outcome;
    }

    private void dispatchLoop() {
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            int dispatched = 0;
            long fetchedAt = System.nanoTime();
            try {
                for (DueDelivery due : journal.dueDeliveries(Instant.now(), BATCH * 2)) {
                    Long finished = finishedAt.get(due.key());
                    if (finished != null && finished - fetchedAt > 0) {
                        // an attempt finished after this row was read: the row is stale, the next read is not
                        continue;
                    }
                    if (inFlight.add(due.key())) {
                        dispatched++;
                        deliveryThreads.execute(() -> attempt(due));
                    }
                }
            } catch (JournalException | RuntimeException e) {
                logger.error("Reading due deliveries failed; retrying: " + e, e);
            }
            long horizon = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
            finishedAt.values().removeIf(finished -> finished - horizon < 0);
            if (dispatched == 0) {
                idle();
            }
        }
    }

    private void attempt(DueDelivery due) {
        try {
            deliveries.attempt(due);
        } catch (JournalException | RuntimeException e) {
            logger.error("Delivery " + due.key() + " could not be journaled; it is attempted again: " + e, e);
        } finally {
            finishedAt.put(due.key(), System.nanoTime());
            inFlight.remove(due.key());
            wake();
        }
    }

    /** Puts dead letters back in the queue: one by its key, or all when the key is null. */
    int replay(String key) throws JournalException {
        Journal current = journal();
        long dead = current.deadLetters(Integer.MAX_VALUE).stream()
                .filter(letter -> key == null || letter.key().equals(key)).count();
        if (dead == 0) {
            return 0;
        }
        // audited before it takes effect, so that the replay precedes the deliveries it causes in the trail
        audit.record("replay", Map.of("delivery", key == null ? "*" : key, "count", dead));
        audit.flush();
        int replayed = current.replay(key, Instant.now());
        wake();
        return replayed;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
