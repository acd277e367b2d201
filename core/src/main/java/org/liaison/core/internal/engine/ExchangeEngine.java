package org.liaison.core.internal.engine;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
import org.liaison.core.internal.journal.NewDelivery;
import org.liaison.core.internal.journal.NewExchange;
import org.liaison.core.internal.journal.StoredPayload;
import org.liaison.core.internal.registry.PluginChangeListener;
import org.liaison.core.internal.registry.PluginTracker;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.condition.Condition;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Moves data between partners, nothing lost: every data source hands its payloads to the engine, which journals
 * each before the source acknowledges it; the payloads are decoded, routed and decided, partner by partner; their
 * deliveries go to delivery threads, which retry failures with backoff and dead-letter them after the last attempt.
 * Everything is in the journal, so after a crash the engine goes on where it stopped.
 *
 * <p>Partners are isolated from each other. The processor thread only reads pending payloads and hands each to its
 * sender's <em>lane</em>; lanes run on a few process threads, several partners at once, each partner's payloads one
 * after the other in journal order; each decode runs on the partner's own decode thread with a time limit
 * ({@link PayloadProcessor}). Decided payloads go to one committer thread, which forces their audit entries to disk
 * and then completes them in the journal, in the order each lane decided them. So a format that hangs holds up its
 * own partner only, until its time limit quarantines the input. Delivery calls have a time limit of their own
 * ({@link DeliveryAttempt}).
 *
 * <p>Every step that must be durable is done for many exchanges at once, because a commit of the journal and a
 * forcing of the audit trail cost the same for one exchange as for fifty: a source's group of payloads is journaled
 * in one transaction ({@link PayloadSink#acceptAll}), the committer completes what the lanes decided meanwhile in
 * one transaction, a recipient's deliveries due together go to its channel in one call
 * ({@link org.liaison.api.transport.ExchangeChannel#deliverAll}), and one recorder thread journals as delivered, in
 * one transaction, what the channels took meanwhile. Between the steps, work goes from thread to thread in memory: the committer hands the deliveries it
 * journaled straight to the delivery threads. The journal is read back for what is not in memory: the processor
 * reads new payloads on from where it stopped (and from the start now and then), and a dispatcher reads due
 * deliveries, for retries, replays and what was left from before a restart: every {@value #IDLE_MILLIS} ms while
 * there is work, and, once there is none, less and less often up to every {@value #MAX_IDLE_MILLIS} ms or when the
 * next retry is due. Whatever brings work wakes them at once.
 */
@Component(service = ExchangeEngine.class, immediate = true,
        configurationPid = EngineConfig.PID)
@Designate(ocd = EngineConfig.class)
public final class ExchangeEngine implements PluginChangeListener {

    /** The {@code osgi.condition.id} of the condition registered once the engine is ready to take input. */
    public static final String READY = "liaison.ready";
    /** The {@code osgi.condition.id} of the condition registered when the engine cannot start. */
    public static final String FAILED = "liaison.failed";
    /** The service property of the {@value #FAILED} condition that says why. */
    public static final String REASON = "liaison.reason";

    private static final int BATCH = 100;
    private static final long IDLE_MILLIS = 50;
    /**
     * The longest the processor and the dispatcher wait between two reads of the journal when there is nothing to do.
     * Whatever brings work wakes them at once (an input journaled, a commit, a plugin change, a replay), and the
     * dispatcher also wakes when the next retry is due, so an idle Liaison reads its journal about every two seconds.
     */
    static final long MAX_IDLE_MILLIS = 2_000;

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
    /** When the committer completed each recent payload (System.nanoTime), to recognise rows read before it. */
    private final Map<Long, Long> payloadDoneAt = new ConcurrentHashMap<>();
    /** Decided payloads waiting for the committer, in the order their lanes decided them. */
    private final BlockingQueue<Map.Entry<StoredPayload, PayloadProcessor.Outcome>> decided =
            new LinkedBlockingQueue<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** When each recent attempt finished (System.nanoTime), to recognise due rows read before it finished. */
    private final Map<String, Long> finishedAt = new ConcurrentHashMap<>();
    private final Set<Long> waitingPayloads = ConcurrentHashMap.newKeySet();
    /** The highest payload id the processor has read: it reads on from there, and from the start now and then. */
    private volatile long payloadCursor;
    /** Set when a payload may be pending below the cursor: received out of order, or a read failed. */
    private final AtomicBoolean rescanPayloads = new AtomicBoolean(true);
    /** Wakes what waits when a new agreement configuration is put in force. */
    private final Runnable configurationChanged = this::pluginsChanged;
    private AgreementService agreementsInForce;
    /** Not a delivery key (keys are never empty): wakes the recorder at stop, so that it need not poll. */
    private static final String STOPPING = "";
    /** Deliveries the channel took, whose delivered entries are to be forced and which are to be journaled. */
    private final BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    /** Deliveries journaled as delivered, over the last minute. */
    private final RecentCount deliveredRecently = new RecentCount();
    /** The dispatcher waits on this between its reads of the journal. */
    private final Object dueWork = new Object();
    /**
     * Counts the changes of plugins: the dispatcher makes the deliveries waiting for a plugin due again whenever it
     * has moved, and an attempt learns from it whether plugins changed while it ran.
     */
    private final AtomicLong pluginGeneration = new AtomicLong();
    private final ExecutorService recorder;
    /** The deliveries queued for each recipient, taken in groups by the delivery threads. */
    private final Map<String, Recipient> recipients = new ConcurrentHashMap<>();
    private final Map<ServiceReference<DataSource>, DataSource> sources = new ConcurrentHashMap<>();
    private final Object work = new Object();
    /** Set by {@link #wake()} under the lock of {@link #work}; cleared when the processor's wait returns. */
    private boolean workWoken;
    /** Set by {@link #wakeDispatcher()} under the lock of {@link #dueWork}; cleared when the dispatcher's wait ends. */
    private boolean dueWoken;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String lastWait = "";
    /** Set once the journal is open; until then sources are asked to offer their payloads again later. */
    private volatile Journal journal;
    private volatile PayloadProcessor processor;
    private volatile DeliveryAttempt deliveries;
    /** Retry settings that arrived while the journal was still opening. */
    private volatile EngineConfig pendingRetune;

    /** Completed once the journal is open (or failed to open): start-up waits for it. */
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    /** The tracker this engine listens to, when DS made it; unit tests call {@link #pluginsChanged} themselves. */
    private PluginTracker tracker;
    private ServiceRegistration<Condition> readiness;

    @Activate
    public ExchangeEngine(EngineConfig config, BundleContext context, @Reference JournalOpening journalOpening,
            @Reference PluginTracker tracker, @Reference AgreementService agreements, @Reference AuditTrail audit,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this(config, context, journalOpening, (PluginRegistry) tracker, agreements, audit, logger);
        this.tracker = tracker;
        tracker.addListener(this);
        // inputs that waited for a configuration in force are read again as soon as one is
        this.agreementsInForce = agreements;
        agreements.addChangeListener(configurationChanged);
        opened.whenComplete((done, failure) -> announce(context, failure));
    }

    /**
     * Registers the condition the launcher waits for before it prints its ready line: {@value #READY} once the
     * agreements are loaded and the journal is open, or {@value #FAILED}, with the reason in {@value #REASON}, when
     * the journal did not open.
     */
    private synchronized void announce(BundleContext context, Throwable failure) {
        if (!running.get()) {
            return;
        }
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Condition.CONDITION_ID, failure == null ? READY : FAILED);
        if (failure != null) {
            properties.put(REASON, "the exchange journal did not open: " + failure.getMessage());
        }
        try {
            readiness = context.registerService(Condition.class, Condition.INSTANCE, properties);
        } catch (IllegalStateException e) {
            // the bundle stopped meanwhile: nobody waits any more
        }
    }

    /** For tests: the engine opens its journal itself. */
    ExchangeEngine(EngineConfig config, BundleContext context, PluginRegistry registry,
            AgreementService agreements, AuditTrail audit, Logger logger) {
        this(config, context, new JournalOpening(config, home(context)), registry, agreements, audit, logger);
    }

    private ExchangeEngine(EngineConfig config, BundleContext context, JournalOpening journalOpening,
            PluginRegistry registry, AgreementService agreements, AuditTrail audit, Logger logger) {
        this.audit = audit;
        this.logger = logger;
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.loops = Executors.newFixedThreadPool(3, daemon("liaison-engine"));
        this.deliveryThreads = Executors.newFixedThreadPool(config.deliveryThreads(), daemon("liaison-delivery"));
        this.processThreads = Executors.newFixedThreadPool(Math.max(1, config.processThreads()),
                daemon("liaison-process"));
        this.recorder = Executors.newSingleThreadExecutor(daemon("liaison-delivered"));
        // The journal opens on a thread of its own (JournalOpening); the engine's loops start once it is open.
        loops.execute(() -> {
            try {
                open(config, context, journalOpening, registry, agreements);
            } catch (InterruptedException e) {
                return; // stopped before the journal opened
            } catch (JournalException | IOException | RuntimeException e) {
                logger.error("The exchange journal did not open; no input is taken until Liaison is restarted with"
                        + " a working journal: " + e, e);
                opened.completeExceptionally(e);
                return;
            }
            opened.complete(null);
            loops.execute(this::dispatchLoop);
            loops.execute(this::commitLoop);
            recorder.execute(this::recordDeliveredLoop);
            processLoop();
        });
    }

    /** The Liaison home the framework property {@code liaison.home} names, or the working directory. */
    static Path home(BundleContext context) {
        return Path.of(context.getProperty("liaison.home") == null ? "." : context.getProperty("liaison.home"));
    }

    private void open(EngineConfig config, BundleContext context, JournalOpening journalOpening,
            PluginRegistry registry, AgreementService agreements)
            throws JournalException, IOException, InterruptedException {
        Path home = home(context);
        agreements.awaitFirstLoad(); // no input is decided before the configuration in force is known
        Journal opened = journalOpening.journal();
        String url = journalOpening.url();
        processor = new PayloadProcessor(registry, agreements, audit,
                Files.createDirectories(home.resolve("data/quarantine")), config.decodeTimeoutMillis(),
                opened::originsOf);
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
        logger.info("Exchange journal open at " + url + " (opened in " + journalOpening.openMillis() + " ms)");
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
        if (tracker != null) {
            tracker.removeListener(this);
        }
        if (agreementsInForce != null) {
            agreementsInForce.removeChangeListener(configurationChanged);
        }
        synchronized (this) {
            running.set(false);
            if (readiness != null) {
                readiness.unregister();
            }
        }
        sources.values().forEach(DataSource::close);
        sources.clear();
        wake();
        wakeDispatcher();
        loops.shutdownNow();
        // lanes do not write the journal (the committer does): interrupting them gives up their decodes, and their
        // payloads stay RECEIVED for the next start
        processThreads.shutdownNow();
        deliveryThreads.shutdown();
        deliveryThreads.awaitTermination(10, TimeUnit.SECONDS);
        // the recorder journals what the last attempts delivered, then ends: it is never interrupted mid-commit
        delivered.add(STOPPING);
        recorder.shutdown();
        recorder.awaitTermination(10, TimeUnit.SECONDS);
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
            PayloadRejectedException rejected = acceptAll(List.of(payload)).get(payload);
            if (rejected != null) {
                throw rejected;
            }
        }

        /**
         * Journals the payloads in one transaction and forces their {@code input-received} entries with one flush;
         * when that transaction fails, each payload is journaled on its own, so that one the journal refuses does
         * not hold up the others.
         */
        @Override
        public Map<Payload, PayloadRejectedException> acceptAll(List<Payload> payloads) {
            Map<Payload, PayloadRejectedException> rejected = new IdentityHashMap<>();
            List<Payload> readable = new ArrayList<>(payloads.size());
            List<Journal.Received> contents = new ArrayList<>(payloads.size());
            for (Payload payload : payloads) {
                try {
                    contents.add(new Journal.Received(payload.name(), read(payload)));
                    readable.add(payload);
                } catch (PayloadRejectedException e) {
                    rejected.put(payload, e);
                }
            }
            Journal current = journal;
            if (!readable.isEmpty() && current == null) {
                readable.forEach(payload -> rejected.put(payload,
                        new PayloadRejectedException("the exchange journal is not open yet")));
            } else if (!readable.isEmpty()) {
                try {
                    List<Long> ids = current.receive(partner, contents);
                    for (int i = 0; i < ids.size(); i++) {
                        recordReceived(ids.get(i), readable.get(i).name(), contents.get(i).content());
                    }
                    // the source acknowledges when this returns: the entries must be on disk by then, like the
                    // payloads
                    flushAudit();
                    if (Collections.min(ids) <= payloadCursor) {
                        rescanPayloads.set(true); // visible after a later payload the processor read already
                    }
                    wake();
                } catch (JournalException e) {
                    if (readable.size() == 1) {
                        rejected.put(readable.get(0), new PayloadRejectedException("the journal did not take "
                                + readable.get(0).name() + ": " + e.getMessage(), e));
                    } else {
                        for (Payload payload : readable) {
                            rejected.putAll(acceptAll(List.of(payload)));
                        }
                    }
                } catch (PayloadRejectedException e) {
                    readable.forEach(payload -> rejected.put(payload, e));
                }
            }
            Map<Payload, PayloadRejectedException> inOrder = new LinkedHashMap<>();
            for (Payload payload : payloads) {
                if (rejected.containsKey(payload)) {
                    inOrder.put(payload, rejected.get(payload));
                }
            }
            return inOrder;
        }

        private byte[] read(Payload payload) throws PayloadRejectedException {
            if (!running.get()) {
                throw new PayloadRejectedException("Liaison is stopping");
            }
            if (!partner.equals(payload.partner())) {
                throw new PayloadRejectedException("a source of " + partner + " offered a payload of "
                        + payload.partner());
            }
            try {
                return payload.readAllBytes(maxPayloadBytes);
            } catch (IOException e) {
                throw new PayloadRejectedException("cannot read " + payload.name() + ": " + e.getMessage(), e);
            }
        }

        private void recordReceived(long id, String name, byte[] content) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("payload", id);
            fields.put("partner", partner);
            fields.put("name", name);
            fields.put("bytes", content.length);
            fields.put("sha256", sha256(content));
            audit.record("input-received", fields);
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
            workWoken = true;
            work.notifyAll();
        }
    }

    /**
     * Waits for a wake-up, or for {@code millis} at most. A wake-up that came while the processor was reading is not
     * lost: the wait then returns at once, which is what lets the idle waits grow long.
     */
    private void idle(long millis) {
        synchronized (work) {
            try {
                if (!workWoken) {
                    work.wait(millis);
                }
                workWoken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next idle wait after {@code current}: twice as long, up to {@value #MAX_IDLE_MILLIS} ms. */
    static long longerIdle(long current) {
        return Math.min(MAX_IDLE_MILLIS, current * 2);
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
    /** The most deliveries to one recipient handed to its channel at once. */
    private static final int DELIVERY_GROUP = 64;
    /** A group of deliveries ends before the delivery that would take it beyond this many bytes. */
    private static final long DELIVERY_GROUP_BYTES = 4L * 1024 * 1024;
    /** The most keys a recipient remembers to try on their own after their group failed as a whole. */
    private static final int ALONE_MAX = 10_000;
    /** The longest the processor reads on from its place without reading from the start. */
    private static final long FULL_SCAN_MILLIS = 1_000;
    /**
     * The most deliveries in flight at once (queued for their recipients or being attempted), a bound on memory:
     * beyond it, deliveries wait in the journal.
     */
    private static final int MAX_IN_FLIGHT = 10_000;
    /**
     * The most deliveries queued for one recipient: beyond it, that recipient's deliveries wait in the journal, so
     * that a recipient whose channel is slow or hangs holds no room the others need.
     */
    private static final int RECIPIENT_MAX = 4 * 64;

    /**
     * Reads pending payloads and hands each one not yet taken to its sender's lane. It never waits for a lane: a
     * partner whose decode hangs only fills its lane (up to {@value #LANE_MAX} payloads) while the other lanes go
     * on. A lane that is full falls <em>behind</em>: its further payloads stay in the journal, and once the lane has
     * room it reads them itself, on from the last payload it was given (or from one given back), until it has caught
     * up.
     *
     * <p>The reading of everyone else's payloads goes on from where it stopped, so that a busy journal costs a read
     * of new payloads only, leaving out the partners that are behind. It reads from the start when a payload was
     * received out of order, and at least every {@value #FULL_SCAN_MILLIS} ms.
     */
    private void processLoop() {
        long lastFullScan = System.nanoTime();
        long idleMillis = IDLE_MILLIS;
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            int handed = 0;
            long fetchedAt = System.nanoTime();
            boolean fullScan = rescanPayloads.getAndSet(false)
                    || fetchedAt - lastFullScan > TimeUnit.MILLISECONDS.toNanos(FULL_SCAN_MILLIS);
            if (fullScan) {
                lastFullScan = fetchedAt;
            }
            List<String> behind = new ArrayList<>();
            try {
                for (Lane lane : lanes.values()) {
                    if (lane.behind()) {
                        handed += lane.catchUp(fetchedAt);
                    }
                    if (lane.behind()) {
                        behind.add(lane.partner);
                    }
                }
                int limit = fullScan ? Math.min(MAX_SCAN, BATCH + taken.size() + waitingPayloads.size()) : BATCH;
                long lastRead = 0;
                for (StoredPayload payload : journal.pendingPayloads(fullScan ? 0 : payloadCursor, limit, behind)) {
                    if (!running.get()) {
                        return;
                    }
                    lastRead = payload.id();
                    if (taken.contains(payload.id())) {
                        continue; // a lane has it
                    }
                    handed += lanes.computeIfAbsent(payload.partner(), Lane::new).offerRead(payload, fetchedAt);
                }
                if (lastRead > payloadCursor) {
                    payloadCursor = lastRead;
                }
            } catch (JournalException | RuntimeException e) {
                rescanPayloads.set(true);
                logger.error("Processing journaled payloads failed; retrying: " + e, e);
            }
            long horizon = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
            payloadDoneAt.values().removeIf(done -> done - horizon < 0);
            if (handed == 0) {
                // Lanes deciding what they were handed, or behind, wake the processor when they commit or have
                // room; the short wait is a safety net. Payloads waiting for a plugin need no read before a plugin
                // comes, and that wakes the processor too.
                boolean lanesBusy = !taken.isEmpty() || !behind.isEmpty();
                idle(lanesBusy ? IDLE_MILLIS : idleMillis);
                idleMillis = lanesBusy ? IDLE_MILLIS : longerIdle(idleMillis);
            } else {
                idleMillis = IDLE_MILLIS;
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
        /** The highest payload id the lane was given: where it reads on. */
        private long lastOffered;
        /**
         * Just before the lowest payload the lane must read again (one given back, or passed over below
         * {@link #lastOffered}); {@code Long.MAX_VALUE} when none. Kept apart from lastOffered, which a take that
         * raced with the give-back may raise again.
         */
        private long rewoundTo = Long.MAX_VALUE;
        /** Counts rewinds, for a catch-up to learn whether one came while it read. */
        private long rewinds;
        /** Whether payloads of the partner wait in the journal for the lane to read them itself. */
        private boolean behind;

        Lane(String partner) {
            this.partner = partner;
        }

        synchronized boolean behind() {
            return behind;
        }

        synchronized int size() {
            return queue.size();
        }

        /**
         * Takes a payload the processor read, unless the lane is full or behind, when it is left for the lane to
         * read later. Returns 1 when the lane took a payload that is not waiting for a plugin, else 0.
         */
        int offerRead(StoredPayload payload, long fetchedAt) {
            synchronized (this) {
                if (behind || queue.size() >= LANE_MAX) {
                    behind = true;
                    if (payload.id() <= lastOffered) {
                        rewoundTo = Math.min(rewoundTo, payload.id() - 1);
                    }
                    return 0;
                }
            }
            return take(payload, fetchedAt);
        }

        /**
         * A lane behind reads its partner's next payloads from the journal, as many as it has room for, from the
         * lowest it must read again; it has caught up when there were no more and no payload was given back
         * meanwhile. Returns how many it took that are not waiting for a plugin.
         */
        int catchUp(long fetchedAt) throws JournalException {
            int room;
            long from;
            long rewindsSeen;
            synchronized (this) {
                room = LANE_MAX - queue.size();
                from = Math.min(lastOffered, rewoundTo);
                rewindsSeen = rewinds;
            }
            if (room <= 0) {
                return 0;
            }
            List<StoredPayload> next = journal.pendingPayloads(partner, from, room);
            int handed = 0;
            for (StoredPayload payload : next) {
                if (!taken.contains(payload.id())) {
                    handed += take(payload, fetchedAt);
                }
            }
            synchronized (this) {
                if (rewinds == rewindsSeen) {
                    if (next.size() < room) {
                        // everything from the rewind on was read: the lane has caught up
                        rewoundTo = Long.MAX_VALUE;
                        behind = false;
                    } else {
                        // a full window: the next catch-up reads on after it (a rewind meanwhile is kept for it)
                        long lastRead = next.get(next.size() - 1).id();
                        rewoundTo = lastRead < lastOffered ? lastRead : Long.MAX_VALUE;
                    }
                }
            }
            return handed;
        }

        private int take(StoredPayload payload, long fetchedAt) {
            if (!taken.add(payload.id())) {
                return 0;
            }
            Long done = payloadDoneAt.get(payload.id());
            if (done != null && done - fetchedAt > 0) {
                // finished after this row was read: the row is stale, the next read is not. (Checked after taking
                // it: release() notes the time before it gives the payload back.)
                taken.remove(payload.id());
                return 0;
            }
            synchronized (this) {
                queue.add(payload);
                lastOffered = Math.max(lastOffered, payload.id());
                if (!scheduled) {
                    scheduled = true;
                    schedule();
                }
            }
            return waitingPayloads.contains(payload.id()) ? 0 : 1;
        }

        /**
         * A payload of the lane stays RECEIVED: the lane reads it again, and those after it. Given up by the lane in
         * the same step, so that no catch-up sees the rewind yet the payload still taken.
         */
        synchronized void rewind(long payloadId) {
            taken.remove(payloadId);
            rewoundTo = Math.min(rewoundTo, payloadId - 1);
            rewinds++;
            behind = true;
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
            boolean decidedAny = false;
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
                            giveBack(payload);
                        } else {
                            decided.add(Map.entry(payload, outcome));
                            decidedAny = true;
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
                if (decidedAny) {
                    wake(); // the lane has room for what it left in the journal
                }
            }
        }

        @Override
        public String toString() {
            return "lane of " + partner;
        }
    }

    /** The committer is done with a payload: it may be read and taken again. */
    private void release(long payloadId) {
        payloadDoneAt.put(payloadId, System.nanoTime());
        taken.remove(payloadId);
    }

    /**
     * A payload stays RECEIVED: its lane reads it again. (No time is noted as for a committed payload: a row of it
     * read at any time is current.)
     */
    private void giveBack(StoredPayload payload) {
        lanes.computeIfAbsent(payload.partner(), Lane::new).rewind(payload.id());
    }

    /**
     * Journals decided payloads, whichever lane decided them. Their decisions are audited before they are
     * committed, so a crash in between repeats them rather than loses them. One flush of the trail and one
     * transaction serve every payload decided meanwhile, in the order the lanes decided them; when that transaction
     * fails, each payload is completed on its own, so that one that cannot be journaled does not hold up the
     * others. The deliveries just journaled go to the delivery threads at once.
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
            Set<Long> committed = new HashSet<>();
            try {
                audit.flush();
                committed.addAll(commit(group));
            } catch (RuntimeException e) {
                logger.error("The audit trail could not be forced to disk; " + group.size() + " decided payloads"
                        + " stay in the journal and are processed again: " + e, e);
            } finally {
                for (Map.Entry<StoredPayload, PayloadProcessor.Outcome> entry : group) {
                    if (committed.contains(entry.getKey().id())) {
                        release(entry.getKey().id());
                        handOff(entry.getValue());
                    } else {
                        giveBack(entry.getKey());
                    }
                }
                group.clear();
                wake();
            }
        }
    }

    /** Completes the group in one transaction, or one by one when that fails; returns the ids completed. */
    private List<Long> commit(List<Map.Entry<StoredPayload, PayloadProcessor.Outcome>> group) {
        List<Journal.Completion> completions = new ArrayList<>(group.size());
        for (Map.Entry<StoredPayload, PayloadProcessor.Outcome> entry : group) {
            completions.add(new Journal.Completion(entry.getKey().id(), entry.getValue().exchanges(),
                    entry.getValue().quarantineReason()));
        }
        List<Long> ids = completions.stream().map(Journal.Completion::payloadId).toList();
        try {
            journal.complete(completions);
            return ids;
        } catch (JournalException | RuntimeException e) {
            if (group.size() == 1) {
                logFailedCommit(group.get(0).getKey(), e);
                return List.of();
            }
        }
        List<Long> committed = new ArrayList<>(group.size());
        for (int i = 0; i < group.size(); i++) {
            try {
                journal.complete(List.of(completions.get(i)));
                committed.add(ids.get(i));
            } catch (JournalException | RuntimeException e) {
                logFailedCommit(group.get(i).getKey(), e);
            }
        }
        return committed;
    }

    private void logFailedCommit(StoredPayload payload, Exception e) {
        logger.error("Journaling payload " + payload.id() + " (" + payload.name() + " from " + payload.partner()
                + ") failed; it stays in the journal and is processed again: " + e, e);
    }

    /**
     * Hands the queued deliveries of a payload just journaled to the delivery threads, without waiting for the
     * dispatcher to read them back, while there is room ({@link #hasRoom}).
     */
    private void handOff(PayloadProcessor.Outcome outcome) {
        for (NewExchange exchange : outcome.exchanges()) {
            for (NewDelivery delivery : exchange.deliveries()) {
                if (!Journal.QUEUED.equals(delivery.state()) || !hasRoom(delivery.recipient())
                        || !inFlight.add(delivery.key())) {
                    continue;
                }
                if (finishedAt.containsKey(delivery.key())) {
                    // the dispatcher read it first and an attempt is over already (attempts note the time before
                    // they give the key back)
                    inFlight.remove(delivery.key());
                    continue;
                }
                DueDelivery due = new DueDelivery(delivery.key(), exchange.id(), delivery.recipient(), 0,
                        delivery.content(), new DueDelivery.Terms(exchange.sender(), exchange.area(),
                                exchange.purpose(), exchange.marking(), delivery.decidedUnder(),
                                exchange.createdAt(), exchange.originator()));
                if (!dispatch(due)) {
                    return;
                }
            }
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
            waitingPayloads.add(payload.id()); // retried when the processor wakes, not in a tight loop
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

    /**
     * Reads due deliveries from the journal (every {@value #IDLE_MILLIS} ms while there is work; the class
     * description says when there is none) and hands those not in flight to the delivery threads: retries whose
     * time has come, deliveries left from before a restart, replayed dead letters, and new deliveries the committer
     * did not hand on itself. Rows in flight are passed over without their content. It reads again at once after a
     * read that found many deliveries to hand on.
     */
    private void dispatchLoop() {
        long wokenFor = 0; // the plugin generation whose waiting deliveries were made due
        long idleMillis = IDLE_MILLIS;
        while (running.get() && !Thread.currentThread().isInterrupted()) {
            int dispatched = 0;
            long waitMillis = IDLE_MILLIS;
            int limit = BATCH * 2 + Math.min(inFlight.size(), MAX_IN_FLIGHT);
            long fetchedAt = System.nanoTime();
            try {
                long generation = pluginGeneration.get();
                if (generation != wokenFor) {
                    journal.wakeWaiting(Instant.now());
                    wokenFor = generation;
                }
                // those in flight are passed over without reading their content
                List<DueDelivery> due = journal.dueDeliveries(Instant.now(), limit,
                        (key, recipient) -> !inFlight.contains(key) && hasRoom(recipient));
                for (DueDelivery delivery : due) {
                    if (!hasRoom(delivery.recipient()) || !inFlight.add(delivery.key())) {
                        continue;
                    }
                    Long finished = finishedAt.get(delivery.key());
                    if (finished != null && finished - fetchedAt > 0) {
                        // an attempt finished after this row was read: the row is stale, the next read is not.
                        // (Checked after taking the key: attempts note the time before they give the key back.)
                        inFlight.remove(delivery.key());
                        continue;
                    }
                    dispatched++;
                    if (!dispatch(delivery)) {
                        break;
                    }
                }
                if (due.isEmpty() && inFlight.isEmpty()) {
                    // nothing due and nothing in hand: sleep until the next retry is due, longer each time
                    Optional<Instant> next = journal.nextDueAt();
                    long untilNext = next.map(at -> Math.max(0, Duration.between(Instant.now(), at).toMillis()))
                            .orElse(Long.MAX_VALUE);
                    waitMillis = Math.max(IDLE_MILLIS, Math.min(idleMillis, untilNext));
                    idleMillis = longerIdle(idleMillis);
                } else {
                    idleMillis = IDLE_MILLIS;
                }
            } catch (JournalException | RuntimeException e) {
                logger.error("Reading due deliveries failed; retrying: " + e, e);
            }
            long horizon = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
            finishedAt.values().removeIf(finished -> finished - horizon < 0);
            if (dispatched < BATCH) {
                synchronized (dueWork) {
                    try {
                        if (!dueWoken) {
                            dueWork.wait(waitMillis);
                        }
                        dueWoken = false;
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Plugins came or went: deliveries that wait for a plugin are due again, and payloads are read again. */
    @Override
    public void pluginsChanged() {
        pluginGeneration.incrementAndGet();
        wakeDispatcher();
        wake();
    }

    private void wakeDispatcher() {
        synchronized (dueWork) {
            dueWoken = true;
            dueWork.notifyAll();
        }
    }

    /** Whether a delivery to the recipient may be put in flight now. */
    private boolean hasRoom(String recipient) {
        Recipient queue = recipients.get(recipient);
        return inFlight.size() < MAX_IN_FLIGHT && (queue == null || !queue.full());
    }

    /**
     * Queues a delivery for its recipient's next group; false (the key given back) when the engine stops.
     */
    private boolean dispatch(DueDelivery due) {
        return recipients.computeIfAbsent(due.recipient(), Recipient::new).add(due);
    }

    /**
     * One recipient's deliveries on their way out: a delivery thread takes them in groups of at most
     * {@value #DELIVERY_GROUP} deliveries and {@value #DELIVERY_GROUP_BYTES} bytes, and one attempt hands a group to
     * the recipient's channel at once. One group at a time per recipient, so its deliveries go in the order they
     * became due; recipients in parallel, on the delivery threads.
     *
     * <p>When the channel fails a group as a whole (it throws, or runs out of time), the group's deliveries are tried
     * one by one from then on until each goes through, so that one delivery cannot fail the others again and again;
     * and the recipient's groups are halved, since a slow channel may simply need less at a time. Groups that go
     * through grow back. At most {@value #RECIPIENT_MAX} deliveries wait in a recipient's queue.
     */
    private final class Recipient implements Runnable {
        private final String partner;
        private final ArrayDeque<DueDelivery> queue = new ArrayDeque<>();
        /** Keys to try on their own, the most recent {@value #ALONE_MAX}. */
        private final Set<String> alone = Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > ALONE_MAX;
            }
        });
        private int groupLimit = DELIVERY_GROUP;
        private boolean scheduled;

        Recipient(String partner) {
            this.partner = partner;
        }

        synchronized boolean full() {
            return queue.size() >= RECIPIENT_MAX;
        }

        synchronized int size() {
            return queue.size();
        }

        boolean add(DueDelivery due) {
            synchronized (this) {
                queue.add(due);
                if (scheduled) {
                    return true;
                }
                scheduled = true;
            }
            return schedule();
        }

        private boolean schedule() {
            try {
                deliveryThreads.execute(this);
                return true;
            } catch (RejectedExecutionException e) {
                // the engine stops: what is queued stays due in the journal
                synchronized (this) {
                    queue.forEach(left -> inFlight.remove(left.key()));
                    queue.clear();
                    scheduled = false;
                }
                return false;
            }
        }

        /** The next group: the deliveries first in the queue, up to the limits, or one to try on its own. */
        private synchronized List<DueDelivery> nextGroup() {
            List<DueDelivery> group = new ArrayList<>();
            long bytes = 0;
            while (!queue.isEmpty() && group.size() < groupLimit) {
                DueDelivery next = queue.peek();
                boolean onItsOwn = alone.contains(next.key());
                if (!group.isEmpty() && (onItsOwn || bytes + next.content().length > DELIVERY_GROUP_BYTES)) {
                    break;
                }
                group.add(queue.poll());
                bytes += next.content().length;
                if (onItsOwn) {
                    break;
                }
            }
            return group;
        }

        @Override
        public void run() {
            List<DueDelivery> group = nextGroup();
            try {
                Map<DueDelivery, DeliveryAttempt.Outcome> outcomes = attempt(group);
                synchronized (this) {
                    // a delivery stays on its own until it goes through
                    group.stream().filter(due -> outcomes.get(due) == DeliveryAttempt.Outcome.DELIVERED)
                            .forEach(due -> alone.remove(due.key()));
                    if (outcomes.containsValue(DeliveryAttempt.Outcome.FAILED_WITH_GROUP)) {
                        group.forEach(due -> alone.add(due.key()));
                        groupLimit = Math.max(1, groupLimit / 2);
                    } else if (group.size() > 1 && outcomes.values().stream()
                            .allMatch(outcome -> outcome == DeliveryAttempt.Outcome.DELIVERED)) {
                        groupLimit = Math.min(DELIVERY_GROUP, groupLimit * 2);
                    }
                }
            } finally {
                boolean again;
                synchronized (this) {
                    again = !queue.isEmpty();
                    scheduled = again;
                }
                if (again) {
                    schedule();
                }
            }
        }

        @Override
        public String toString() {
            return "deliveries to " + partner;
        }
    }

    /** Makes one attempt at a group of deliveries to one recipient; returns each one's outcome. */
    private Map<DueDelivery, DeliveryAttempt.Outcome> attempt(List<DueDelivery> group) {
        long generation = pluginGeneration.get();
        Map<DueDelivery, DeliveryAttempt.Outcome> outcomes = Map.of();
        try {
            outcomes = deliveries.attempt(group, (due, e) -> logger.error("Delivery " + due.key() + " could not"
                    + " be journaled; it is attempted again: " + e, e));
        } catch (RuntimeException e) {
            logger.error("Delivering " + group.size() + " deliveries failed; they are attempted again: " + e, e);
        } finally {
            boolean waited = false;
            for (DueDelivery due : group) {
                DeliveryAttempt.Outcome outcome = outcomes.get(due);
                if (outcome == DeliveryAttempt.Outcome.DELIVERED) {
                    delivered.add(due.key());
                } else {
                    finish(due.key());
                    waited |= outcome == DeliveryAttempt.Outcome.WAITING;
                }
            }
            if (waited && pluginGeneration.get() != generation) {
                // a plugin found missing may have come meanwhile, before the wait was journaled: look again
                pluginsChanged();
            } else if (outcomes.size() < group.size()
                    || outcomes.values().stream().anyMatch(o -> o != DeliveryAttempt.Outcome.DELIVERED)) {
                wakeDispatcher(); // a retry was scheduled: the dispatcher learns when it is due
            }
        }
        return outcomes;
    }

    /** An attempt is over and journaled: the key may be read and dispatched again. */
    private void finish(String key) {
        finishedAt.put(key, System.nanoTime());
        inFlight.remove(key);
    }

    /**
     * Journals the deliveries the channels took: one flush of the audit trail puts their {@code delivered} entries
     * on disk, then one transaction marks them all delivered. A crash in between repeats them, under the same keys.
     * It ends once the engine stops and the delivery threads are done, after journaling what they delivered.
     */
    private void recordDeliveredLoop() {
        List<String> group = new ArrayList<>(GROUP);
        while (true) {
            String first;
            try {
                first = delivered.poll(MAX_IDLE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = delivered.poll();
            }
            if (STOPPING.equals(first)) {
                first = null;
            }
            if (first == null) {
                if (!running.get() && deliveryThreads.isTerminated()) {
                    return;
                }
                continue;
            }
            group.add(first);
            delivered.drainTo(group, 4 * GROUP - 1);
            if (group.removeIf(STOPPING::equals)) {
                delivered.add(STOPPING); // for the next poll, after this group is journaled
            }
            try {
                audit.flush();
                Map<String, String> notQueued = journal.markDelivered(group, Instant.now());
                deliveredRecently.add(group.size() - notQueued.size());
                notQueued.forEach((key, state) -> logger.warn("Delivery " + key + " went through but is " + state
                        + " in the journal, not QUEUED: it stays " + state));
            } catch (JournalException | RuntimeException e) {
                logger.error(group.size() + " deliveries went through but could not be journaled as delivered;"
                        + " they stay queued and are delivered again under the same keys: " + e, e);
            } finally {
                group.forEach(this::finish);
                group.clear();
            }
        }
    }

    /**
     * What the engine has in hand now, and what it delivered lately.
     *
     * @param payloadsInLanes          payloads read and waiting in their senders' lanes, or being decided
     * @param lanesBehind              the senders whose payloads wait in the journal until their lane has room
     * @param queuedByRecipient        deliveries waiting in each recipient's queue for a delivery thread
     * @param deliveriesInFlight       deliveries queued or being attempted, or delivered and not yet journaled
     * @param deliveredLastMinute      deliveries journaled as delivered in the last 60 seconds
     */
    record Activity(int payloadsInLanes, List<String> lanesBehind, Map<String, Integer> queuedByRecipient,
            int deliveriesInFlight, long deliveredLastMinute) {
    }

    Activity activity() {
        int inLanes = 0;
        List<String> behind = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            inLanes += lane.size();
            if (lane.behind()) {
                behind.add(lane.partner);
            }
        }
        Map<String, Integer> queued = new TreeMap<>();
        recipients.forEach((recipient, queue) -> {
            int size = queue.size();
            if (size > 0) {
                queued.put(recipient, size);
            }
        });
        Collections.sort(behind);
        return new Activity(inLanes, behind, queued, inFlight.size(), deliveredRecently.lastMinute());
    }

    /**
     * Puts dead letters and deliveries denied just before they left back in the queue, to be decided again and
     * delivered: one by its key, or all when the key is null.
     */
    Replayed replay(String key) throws JournalException {
        Journal current = journal();
        int dead = (int) current.deadLetters(Integer.MAX_VALUE).stream()
                .filter(letter -> key == null || letter.key().equals(key)).count();
        int denied = (int) current.deniedAtDelivery(Integer.MAX_VALUE).stream()
                .filter(letter -> key == null || letter.key().equals(key)).count();
        if (dead + denied == 0) {
            return new Replayed(0, 0);
        }
        // audited before it takes effect, so that the replay precedes the deliveries it causes in the trail
        audit.record("replay", Map.of("delivery", key == null ? "*" : key, "count", dead + denied,
                "deadLetters", dead, "deniedAtDelivery", denied));
        audit.flush();
        current.replay(key, Instant.now());
        wakeDispatcher();
        return new Replayed(dead, denied);
    }

    /** What a replay put back in the queue: dead letters, and deliveries denied just before they left. */
    record Replayed(int deadLetters, int deniedAtDelivery) {

        int total() {
            return deadLetters + deniedAtDelivery;
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
