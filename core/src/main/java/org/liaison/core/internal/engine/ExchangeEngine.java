package org.liaison.core.internal.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
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
 *
 * <p>Partners are isolated from each other. The processor thread only reads pending payloads and hands each to its
 * sender's <em>lane</em>; lanes run on a few process threads, several partners at once, each partner's payloads one
 * after the other in journal order; each decode runs on the partner's own decode thread with a time limit
 * ({@link PayloadProcessor}). Decided payloads go to one committer thread, which forces their audit entries to disk
 * and then completes them in the journal, in the order each lane decided them. So a format that hangs holds up its
 * own partner only, until its time limit quarantines the input. Delivery calls have a time limit of their own
 * ({@link DeliveryAttempt}).
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
    private final ExecutorService processThreads;
    /** One lane per sending partner, created when the partner first has a payload. */
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    /** Payloads handed to a lane and not yet committed or given back. */
    private final Set<Long> taken = ConcurrentHashMap.newKeySet();
    /** When a lane or the committer was done with each recent payload (System.nanoTime), like finishedAt. */
    private final Map<Long, Long> payloadDoneAt = new ConcurrentHashMap<>();
    /** Decided payloads waiting for the committer, in the order their lanes decided them. */
    private final BlockingQueue<Map.Entry<StoredPayload, PayloadProcessor.Outcome>> decided =
            new LinkedBlockingQueue<>();
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
        this.loops = Executors.newFixedThreadPool(3, daemon("liaison-engine"));
        this.deliveryThreads = Executors.newFixedThreadPool(config.deliveryThreads(), daemon("liaison-delivery"));
        this.processThreads = Executors.newFixedThreadPool(Math.max(1, config.processThreads()),
                daemon("liaison-process"));
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
            loops.execute(this::commitLoop);
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
                Files.createDirectories(home.resolve("data/quarantine")), config.decodeTimeoutMillis());
        deliveries = new DeliveryAttempt(registry, agreements, opened, audit,
                new Backoff(config.retryBaseMillis(), config.retryMaxMillis()), config.maxAttempts(),
                config.deliveryTimeoutMillis(), config.deliveryThreads());
        journal = opened;
        EngineConfig latest = pendingRetune;
        if (latest != null) {
            deliveries.retune(new Backoff(latest.retryBaseMillis(), latest.retryMaxMillis()), latest.maxAttempts());
            deliveries.timeout(latest.deliveryTimeoutMillis());
            processor.decodeTimeout(latest.decodeTimeoutMillis());
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
     * Retry settings and time limits change at once. The journal, the payload limit and the numbers of delivery and
     * process threads are read at start only: changing them is logged and takes effect at the next start. (Without
     * this method DS would restart the engine on every change, interrupting the journal while it opens.)
     */
    @Modified
    void modified(EngineConfig config) {
        DeliveryAttempt current = deliveries;
        if (current != null) {
            current.retune(new Backoff(config.retryBaseMillis(), config.retryMaxMillis()), config.maxAttempts());
            current.timeout(config.deliveryTimeoutMillis());
        }
        PayloadProcessor currentProcessor = processor;
        if (currentProcessor != null) {
            currentProcessor.decodeTimeout(config.decodeTimeoutMillis());
        }
        pendingRetune = config;
        logger.info("Exchange engine: retry settings now maxAttempts=" + config.maxAttempts() + ", retryBaseMillis="
                + config.retryBaseMillis() + ", retryMaxMillis=" + config.retryMaxMillis() + "; time limits now"
                + " decodeTimeoutMillis=" + config.decodeTimeoutMillis() + ", deliveryTimeoutMillis="
                + config.deliveryTimeoutMillis() + "; journal, payload limit, delivery and process threads change"
                + " at the next start");
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
        // lanes do not write the journal (the committer does): interrupting them gives up their decodes, and their
        // payloads stay RECEIVED for the next start
        processThreads.shutdownNow();
        deliveryThreads.shutdown();
        deliveryThreads.awaitTermination(10, TimeUnit.SECONDS);
        processThreads.awaitTermination(10, TimeUnit.SECONDS);
        loops.awaitTermination(10, TimeUnit.SECONDS);
        if (processor != null) {
            processor.close();
        }
        if (deliveries != null) {
            deliveries.close();
        }
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

    /** The most decided payloads committed together, after one forcing of the audit trail. */
    private static final int GROUP = 64;
    /** How many payloads one lane decides before it lets another partner's lane have its process thread. */
    private static final int TURN = 16;
    /** How many payloads a lane holds waiting; a partner's further payloads wait in the journal. */
    private static final int LANE_MAX = 2 * TURN;
    /**
     * The most pending payloads read at once. The journal hands them out oldest first, so the payloads already taken
     * by lanes (a partner whose format hangs collects them) are read again and passed over; this bounds that.
     */
    private static final int MAX_SCAN = 20 * BATCH;

    /**
     * Reads pending payloads and hands each one not yet taken to its sender's lane. It never waits for a lane: a
     * partner whose decode hangs only fills its lane (up to {@value #LANE_MAX} payloads; the rest of its payloads
     * are left in the journal and passed over) while the other lanes go on.
     */
    private void processLoop() {
        int heldBack = 0;
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            int handed = 0;
            int passedOver = 0;
            long fetchedAt = System.nanoTime();
            try {
                int limit = Math.min(MAX_SCAN, BATCH + taken.size() + waitingPayloads.size() + heldBack);
                for (StoredPayload payload : journal.pendingPayloads(limit)) {
                    if (!running.get()) {
                        return;
                    }
                    if (taken.contains(payload.id())) {
                        continue; // a lane has it
                    }
                    Lane lane = lanes.computeIfAbsent(payload.partner(), Lane::new);
                    if (lane.full()) {
                        passedOver++;
                        continue;
                    }
                    if (!taken.add(payload.id())) {
                        continue;
                    }
                    Long done = payloadDoneAt.get(payload.id());
                    if (done != null && done - fetchedAt > 0) {
                        // finished after this row was read: the row is stale, the next read is not. (Checked after
                        // taking it: release() notes the time before it gives the payload back.)
                        taken.remove(payload.id());
                        continue;
                    }
                    if (!waitingPayloads.contains(payload.id())) {
                        handed++;
                    }
                    lane.offer(payload);
                }
                heldBack = passedOver;
            } catch (JournalException | RuntimeException e) {
                logger.error("Processing journaled payloads failed; retrying: " + e, e);
            }
            long horizon = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
            payloadDoneAt.values().removeIf(done -> done - horizon < 0);
            if (handed == 0) {
                idle();
            }
        }
    }

    /**
     * One sending partner's payloads, decided one after the other in journal order on a process thread. A lane
     * takes a process thread for a turn of at most {@value #TURN} payloads, then queues again behind the other
     * lanes, so that a busy partner does not keep the others waiting.
     */
    private final class Lane implements Runnable {
        private final String partner;
        private final ArrayDeque<StoredPayload> queue = new ArrayDeque<>();
        private boolean scheduled;

        Lane(String partner) {
            this.partner = partner;
        }

        /** Whether the lane holds as many payloads as it may wait with. */
        synchronized boolean full() {
            return queue.size() >= LANE_MAX;
        }

        void offer(StoredPayload payload) {
            synchronized (this) {
                queue.add(payload);
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            schedule();
        }

        private void schedule() {
            try {
                processThreads.execute(this);
            } catch (RejectedExecutionException e) {
                // the engine stops: what is queued stays RECEIVED in the journal
            }
        }

        @Override
        public void run() {
            try {
                for (int turn = 0; turn < TURN && running.get(); turn++) {
                    StoredPayload payload;
                    synchronized (this) {
                        payload = queue.poll();
                    }
                    if (payload == null) {
                        break;
                    }
                    PayloadProcessor.Outcome outcome = null;
                    try {
                        outcome = processOne(payload);
                    } finally {
                        if (outcome == null) {
                            release(payload.id());
                        } else {
                            decided.add(Map.entry(payload, outcome));
                        }
                    }
                }
            } finally {
                boolean again;
                synchronized (this) {
                    again = running.get() && !queue.isEmpty();
                    scheduled = again;
                }
                if (again) {
                    schedule();
                }
            }
        }

        @Override
        public String toString() {
            return "lane of " + partner;
        }
    }

    /** A lane or the committer is done with a payload: it may be read and taken again. */
    private void release(long payloadId) {
        payloadDoneAt.put(payloadId, System.nanoTime());
        taken.remove(payloadId);
    }

    /**
     * Journals decided payloads, whichever lane decided them. Their decisions are audited before they are
     * committed, so a crash in between repeats them rather than loses them; one flush serves every payload decided
     * meanwhile, and each payload is completed in its own transaction, in the order its lane decided it.
     */
    private void commitLoop() {
        List<Map.Entry<StoredPayload, PayloadProcessor.Outcome>> group = new ArrayList<>(GROUP);
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            try {
                group.add(decided.take());
            } catch (InterruptedException e) {
                return;
            }
            decided.drainTo(group, GROUP - 1);
            try {
                audit.flush();
                for (Map.Entry<StoredPayload, PayloadProcessor.Outcome> entry : group) {
                    commit(entry.getKey(), entry.getValue());
                }
            } catch (RuntimeException e) {
                logger.error("The audit trail could not be forced to disk; " + group.size() + " decided payloads"
                        + " stay in the journal and are processed again: " + e, e);
            } finally {
                group.forEach(entry -> release(entry.getKey().id()));
                group.clear();
                wake();
            }
        }
    }

    private void commit(StoredPayload payload, PayloadProcessor.Outcome outcome) {
        try {
            journal.complete(payload.id(), outcome.exchanges(), outcome.quarantineReason());
        } catch (JournalException | RuntimeException e) {
            logger.error("Journaling payload " + payload.id() + " (" + payload.name() + " from " + payload.partner()
                    + ") failed; it stays in the journal and is processed again: " + e, e);
        }
    }

    /** Decides one payload; null when it must wait for a plugin or failed and stays for a retry. */
    private PayloadProcessor.Outcome processOne(StoredPayload payload) {
        PayloadProcessor.Outcome outcome;
        try {
            outcome = processor.process(payload);
        } catch (InterruptedIOException e) {
            return null; // the engine stops; the payload stays RECEIVED
        } catch (IOException | RuntimeException | Error e) {
            // a format's failures are the processor's to quarantine; this is the engine's own (the quarantine
            // folder, the agreements, the canonical-json plugin): the payload is not to blame and is retried
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
                    if (!inFlight.add(due.key())) {
                        continue;
                    }
                    Long finished = finishedAt.get(due.key());
                    if (finished != null && finished - fetchedAt > 0) {
                        // an attempt finished after this row was read: the row is stale, the next read is not.
                        // (Checked after taking the key: attempt() notes the time before it gives the key back.)
                        inFlight.remove(due.key());
                        continue;
                    }
                    dispatched++;
                    deliveryThreads.execute(() -> attempt(due));
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
