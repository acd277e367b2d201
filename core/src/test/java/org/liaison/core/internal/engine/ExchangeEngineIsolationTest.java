package org.liaison.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.transport.Delivery;
import org.liaison.api.transport.DeliveryException;
import org.liaison.api.transport.ExchangeChannel;
import org.liaison.core.internal.agreement.AgreementService;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.engine.EngineFakes.HangingFormat;
import org.liaison.core.internal.engine.EngineFakes.Registry;
import org.liaison.core.internal.engine.EngineFakes.TestChannel;
import org.liaison.core.internal.engine.EngineFakes.TestFormat;
import org.liaison.core.internal.engine.EngineFakes.ThrowingFormat;
import org.liaison.core.internal.journal.DeadLetter;
import org.liaison.core.internal.journal.DueDelivery;
import org.liaison.core.internal.journal.Journal;
import org.liaison.core.internal.journal.JournalException;
import org.liaison.core.internal.journal.NewDelivery;
import org.liaison.core.internal.journal.NewExchange;
import org.liaison.core.internal.journal.StoredPayload;

/**
 * The engine isolates partners: a partner whose format hangs or throws, or whose channel hangs, stops no other
 * partner. The whole engine runs, on an H2 journal and an audit trail in a temporary home, with plugins faked in a
 * registry filled in code.
 */
class ExchangeEngineIsolationTest {

    /** Long enough for another partner's payload to be processed well within it, even on a slow machine. */
    private static final long DECODE_TIMEOUT_MILLIS = 1_500;
    private static final long DELIVERY_TIMEOUT_MILLIS = 200;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private final EngineFakes.Log log = new EngineFakes.Log();
    private final List<Runnable> releases = new CopyOnWriteArrayList<>();
    private final Registry registry = new Registry().format("*", Canonical.FORMAT, new TestFormat());
    private AuditTrail audit;
    private AgreementService agreements;
    private ExchangeEngine engine;
    private Journal journal;

    @BeforeEach
    void start() throws Exception {
        audit = new AuditTrail(EngineFakes.context(home), log.logger());
        EngineFakes.emptyConfiguration(home); // in force, and it routes nothing
        agreements = new AgreementService(EngineFakes.config(AgreementService.Config.class, Map.of()),
                EngineFakes.context(home), log.logger());
        EngineConfig config = EngineFakes.config(EngineConfig.class, Map.of(
                "decodeTimeoutMillis", DECODE_TIMEOUT_MILLIS,
                "deliveryTimeoutMillis", DELIVERY_TIMEOUT_MILLIS,
                "deliveryThreads", 1,
                "maxAttempts", 2,
                "retryBaseMillis", 1L,
                "retryMaxMillis", 10L));
        engine = new ExchangeEngine(config, EngineFakes.context(home), registry, agreements, audit, log.logger());
        journal = EngineFakes.await("the journal open", WAIT, this::journalOrNull, opened -> opened != null);
    }

    @AfterEach
    void stop() throws Exception {
        releases.forEach(Runnable::run);
        engine.stop();
        PayloadProcessorIsolationTest.invoke(agreements, "stop");
        PayloadProcessorIsolationTest.invoke(audit, "close");
    }

    private Journal journalOrNull() {
        try {
            return engine.journal();
        } catch (JournalException e) {
            return null;
        }
    }

    private long receive(String partner, String name) throws JournalException {
        return journal.receive(partner, name, ("{\"name\": \"" + name + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private List<Long> pending() {
        try {
            return journal.pendingPayloads(1000).stream().map(StoredPayload::id).toList();
        } catch (JournalException e) {
            throw new AssertionError(e);
        }
    }

    private long payloads(String state) {
        try {
            return journal.stats().payloadsByState().get(state);
        } catch (JournalException e) {
            throw new AssertionError(e);
        }
    }

    /** The audit entries of an event, as written lines. */
    private List<String> audited(String event) {
        audit.flush();
        try {
            return Files.readAllLines(audit.file()).stream()
                    .filter(line -> line.contains("\"event\":\"" + event + "\"")).toList();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private HangingFormat hanging() {
        HangingFormat format = new HangingFormat(false);
        releases.add(format.release::countDown);
        return format;
    }

    @Test
    void aPartnerWhoseFormatHangsHoldsUpNoOtherPartnerAndItsInputIsQuarantinedAtTheTimeLimit() throws Exception {
        HangingFormat slowFormat = hanging();
        TestFormat fastFormat = new TestFormat();
        registry.format("slow", "hangs", slowFormat).format("fast", "fine", fastFormat);

        long hung = receive("slow", "hang-1.json");
        long slowNext = receive("slow", "next.json");
        assertTrue(slowFormat.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the slow decode started");
        long fast = receive("fast", "fast-1.json");

        EngineFakes.await("the fast partner's payload processed", WAIT, this::pending,
                ids -> !ids.contains(fast));
        assertEquals(1, slowFormat.interrupted.getCount(), "decided while the slow decode still hung, before its"
                + " time limit");
        assertTrue(pending().containsAll(List.of(hung, slowNext)), "the slow partner's payloads wait in order");

        EngineFakes.await("the hung payload quarantined, then the next one of its partner processed", WAIT,
                this::pending, ids -> ids.isEmpty());
        assertTrue(slowFormat.interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, payloads(Journal.QUARANTINED));
        assertEquals(2, payloads(Journal.PROCESSED));
        List<String> quarantined = audited("input-quarantined");
        assertEquals(1, quarantined.size(), quarantined.toString());
        assertTrue(quarantined.get(0).contains("format slow/hangs did not finish decoding hang-1.json within "
                + DECODE_TIMEOUT_MILLIS + " ms"), quarantined.get(0));
        assertEquals(2, slowFormat.decodes.get(), "each of the slow partner's payloads decoded once");
        assertTrue(Files.isRegularFile(home.resolve("data/quarantine/slow/" + hung + "-hang-1.json.reason.txt")));
    }

    @Test
    void aFormatThatThrowsGetsItsInputQuarantinedOnceWithTheReasonAndTheEngineGoesOn() throws Exception {
        ThrowingFormat broken = new ThrowingFormat(() -> new IllegalStateException("boom"));
        ThrowingFormat deep = new ThrowingFormat(() -> new StackOverflowError());
        TestFormat fine = new TestFormat();
        registry.format("broken", "throws", broken).format("deep", "overflows", deep).format("fine", "ok", fine);

        receive("broken", "bad-1.json");
        receive("deep", "bad-2.json");
        EngineFakes.await("both quarantined", WAIT, () -> payloads(Journal.QUARANTINED), count -> count == 2);
        // more rounds of the engine: an input quarantined is never taken again
        long later = receive("fine", "later.json");
        EngineFakes.await("a later payload processed", WAIT, this::pending, ids -> !ids.contains(later));
        long after = receive("broken", "good.json");
        EngineFakes.await("the broken partner's next payload processed", WAIT, this::pending,
                ids -> !ids.contains(after));

        assertEquals(2, broken.decodes.get(), "bad-1.json once, good.json once");
        assertEquals(1, deep.decodes.get());
        List<String> quarantined = audited("input-quarantined");
        assertEquals(2, quarantined.size(), quarantined.toString());
        assertTrue(quarantined.stream().anyMatch(line -> line.contains(
                "the format failed: java.lang.IllegalStateException: boom")), quarantined.toString());
        assertTrue(quarantined.stream().anyMatch(line -> line.contains(
                "the format failed: java.lang.StackOverflowError")), quarantined.toString());
        assertEquals(2, payloads(Journal.PROCESSED));
    }

    /** Journals an exchange of one queued delivery per recipient, as the processor would. */
    private void queue(String exchangeId, String... recipients) throws JournalException {
        // no format of "nobody" accepts a .bin input: the engine leaves it waiting, for the test to complete
        long payload = receive("nobody", exchangeId + ".bin");
        List<NewDelivery> deliveries = new ArrayList<>();
        for (String recipient : recipients) {
            deliveries.add(new NewDelivery(exchangeId + "." + recipient, recipient, Journal.QUEUED, List.of("a"),
                    List.of(), List.of(), "{\"records\":[]}".getBytes(StandardCharsets.UTF_8),
                    agreements.configurationHash()));
        }
        journal.complete(payload, List.of(new NewExchange(exchangeId, "nobody", "information-exchange", "test",
                "TLP:AMBER", Instant.now(), deliveries)), null);
    }

    private List<DeadLetter> deadLetters() {
        try {
            return journal.deadLetters(100);
        } catch (JournalException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aHangingChannelCountsAsFailedAttemptsAndTakesNoDeliveryThreadAway() throws Exception {
        TestChannel stuck = new TestChannel(true);
        TestChannel ok = new TestChannel(false);
        releases.add(stuck.release::countDown);
        registry.channel("stuck", stuck).channel("ok", ok);

        // one delivery thread only: were it held by the stuck channel, nothing else would be delivered
        queue("ex-1", "stuck", "ok");
        EngineFakes.await("the delivery to ok", WAIT, () -> ok.delivered, keys -> keys.contains("ex-1.ok"));

        List<DeadLetter> dead = EngineFakes.await("the stuck delivery a dead letter after 2 attempts", WAIT,
                this::deadLetters, letters -> !letters.isEmpty());
        String error = "the channel to stuck did not finish delivering ex-1.stuck within " + DELIVERY_TIMEOUT_MILLIS
                + " ms";
        assertEquals("ex-1.stuck", dead.get(0).key());
        assertEquals(2, dead.get(0).attempts());
        assertEquals(error, dead.get(0).lastError());
        List<String> failed = audited("delivery-failed");
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).contains(error), failed.get(0));
        assertEquals(1, audited("dead-letter").size());
        assertTrue(stuck.interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the stuck call was interrupted");
        assertEquals(2, stuck.calls.get());
        assertTrue(stuck.threads.stream().allMatch(thread -> thread.getName().equals("liaison-deliver-stuck")
                && thread.isAlive()), "both calls still stuck on the recipient's own threads");

        // the stuck threads ignore interruption and stay stuck: the delivery thread still delivers
        queue("ex-2", "ok");
        EngineFakes.await("a later delivery to ok", WAIT, () -> ok.delivered, keys -> keys.contains("ex-2.ok"));
        assertTrue(ok.threads.stream().allMatch(thread -> thread.getName().equals("liaison-deliver-ok")));
    }

    @Test
    void aDeliveryWaitingForItsRecipientsChannelGoesOutAsSoonAsPluginsChange() throws Exception {
        queue("ex-late", "late");
        EngineFakes.await("the delivery waiting for a channel", WAIT, this::waitingForAChannel, waiting -> waiting);

        TestChannel late = new TestChannel(false);
        registry.channel("late", late);
        long plugged = System.nanoTime();
        engine.pluginsChanged(); // as the plugin tracker does when a service comes
        EngineFakes.await("the delivery to the channel that came", WAIT, () -> late.delivered,
                keys -> keys.contains("ex-late.late"));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - plugged);
        // it was told to wait PLUGIN_WAIT_MILLIS just before the channel came: going out in less than half of it
        // means the change woke it
        assertTrue(took < DeliveryAttempt.PLUGIN_WAIT_MILLIS / 2, "delivered " + took + " ms after the channel"
                + " came, not woken by the change but after the " + DeliveryAttempt.PLUGIN_WAIT_MILLIS + " ms a"
                + " waiting delivery waits at most");
        assertEquals(List.of(), audited("delivery-failed"), "waiting for a plugin is not a failed attempt");
    }

    private boolean waitingForAChannel() {
        try {
            return journal.exchanges(10).stream().anyMatch(exchange -> exchange.id().equals("ex-late"))
                    && journal.dueDeliveries(Instant.now(), 10).isEmpty() && queuedTo("late");
        } catch (JournalException e) {
            throw new AssertionError(e);
        }
    }

    private boolean queuedTo(String recipient) throws JournalException {
        return journal.stats().queuedByRecipient().getOrDefault(recipient, 0L) == 1L;
    }

    @Test
    void aGroupOfDeliveriesGoesToTheChannelInOneCallAndAFailedOneFailsAlone() throws Exception {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        ExchangeChannel grouping = new ExchangeChannel() {
            @Override
            public void deliver(Delivery delivery) {
                throw new AssertionError("the attempt hands its group over in one call");
            }

            @Override
            public Map<Delivery, DeliveryException> deliverAll(List<Delivery> deliveries) {
                calls.add(deliveries.stream().map(Delivery::idempotencyKey).toList());
                Map<Delivery, DeliveryException> failed = new LinkedHashMap<>();
                deliveries.stream().filter(delivery -> delivery.idempotencyKey().startsWith("ex-g2"))
                        .forEach(delivery -> failed.put(delivery, new DeliveryException("disk full")));
                return failed;
            }
        };
        // a registry of its own: the engine's delivery threads must not see this recipient
        Registry own = new Registry().format("*", Canonical.FORMAT, new TestFormat()).channel("grouped", grouping);
        DeliveryAttempt attempt = new DeliveryAttempt(own, agreements, journal, audit, new Backoff(1, 10), 3,
                DELIVERY_TIMEOUT_MILLIS, 1);
        try {
            List<DueDelivery> group = new ArrayList<>();
            for (String id : List.of("ex-g1", "ex-g2", "ex-g3")) {
                group.add(new DueDelivery(id + ".grouped", id, "grouped", 0,
                        "{\"format\":\"liaison-canonical-json\",\"version\":1,\"records\":[]}"
                                .getBytes(StandardCharsets.UTF_8), new DueDelivery.Terms("nobody",
                                        "information-exchange", "test", "TLP:AMBER", agreements.configurationHash(),
                                        Instant.now(), null)));
                queue(id, "grouped"); // the engine's own attempts find no channel to "grouped" and let it wait
            }
            List<String> unrecorded = new CopyOnWriteArrayList<>();

            Map<DueDelivery, DeliveryAttempt.Outcome> outcomes = attempt.attempt(group,
                    (due, e) -> unrecorded.add(due.key() + ": " + e));

            assertEquals(List.of(List.of("ex-g1.grouped", "ex-g2.grouped", "ex-g3.grouped")), calls);
            assertEquals(List.of(DeliveryAttempt.Outcome.DELIVERED, DeliveryAttempt.Outcome.JOURNALED,
                    DeliveryAttempt.Outcome.DELIVERED), group.stream().map(outcomes::get).toList());
            assertEquals(List.of(), unrecorded);
            List<String> failed = audited("delivery-failed");
            assertEquals(1, failed.size(), failed.toString());
            assertTrue(failed.get(0).contains("\"delivery\":\"ex-g2.grouped\"") && failed.get(0).contains("disk full"),
                    failed.get(0));
            assertEquals(2, audited("delivered").stream().filter(line -> line.contains(".grouped")).count());
        } finally {
            attempt.close();
        }
    }

    @Test
    void aDeliveryThatFailsItsWholeGroupIsTriedAloneAndTheOthersGoThrough() throws Exception {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        ExchangeChannel picky = new ExchangeChannel() {
            @Override
            public void deliver(Delivery delivery) {
                throw new AssertionError("the engine hands groups over");
            }

            @Override
            public Map<Delivery, DeliveryException> deliverAll(List<Delivery> deliveries) {
                List<String> keys = deliveries.stream().map(Delivery::idempotencyKey).toList();
                calls.add(keys);
                if (keys.stream().anyMatch(key -> key.startsWith("ex-poison"))) {
                    throw new IllegalStateException("poisoned");
                }
                delivered.addAll(keys);
                return Map.of();
            }
        };
        queue("ex-a", "picky");
        queue("ex-b", "picky");
        queue("ex-poison", "picky");
        queue("ex-c", "picky");
        registry.channel("picky", picky);
        engine.pluginsChanged();

        EngineFakes.await("every delivery but the poisoned one", WAIT, () -> delivered,
                keys -> keys.containsAll(List.of("ex-a.picky", "ex-b.picky", "ex-c.picky")));
        List<DeadLetter> dead = EngineFakes.await("the poisoned one a dead letter", WAIT, this::deadLetters,
                letters -> !letters.isEmpty());
        assertEquals(List.of("ex-poison.picky"), dead.stream().map(DeadLetter::key).toList(), calls.toString());
        assertEquals("poisoned", dead.get(0).lastError());
        assertTrue(calls.stream().filter(keys -> keys.contains("ex-poison.picky")).skip(1)
                .allMatch(keys -> keys.size() == 1), "after failing with its group it was tried alone: " + calls);
    }
}
