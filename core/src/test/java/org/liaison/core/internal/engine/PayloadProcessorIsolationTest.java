package org.liaison.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.FormatException;
import org.liaison.core.internal.agreement.AgreementService;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.engine.EngineFakes.HangingFormat;
import org.liaison.core.internal.engine.EngineFakes.Registry;
import org.liaison.core.internal.engine.EngineFakes.TestFormat;
import org.liaison.core.internal.engine.EngineFakes.ThrowingFormat;
import org.liaison.core.internal.journal.StoredPayload;

/** A format that hangs or throws on an input gets that input quarantined with the reason, on its own thread. */
class PayloadProcessorIsolationTest {

    private static final long TIMEOUT_MILLIS = 200;

    @TempDir
    Path home;

    private final EngineFakes.Log log = new EngineFakes.Log();
    private final AtomicLong ids = new AtomicLong();
    private final List<HangingFormat> hanging = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Registry registry;
    private AuditTrail audit;
    private AgreementService agreements;
    private PayloadProcessor processor;

    @BeforeEach
    void start() throws Exception {
        registry = new Registry().format("*", Canonical.FORMAT, new TestFormat());
        audit = new AuditTrail(EngineFakes.context(home), log.logger());
        EngineFakes.emptyConfiguration(home); // in force, and it routes nothing
        agreements = new AgreementService(EngineFakes.config(AgreementService.Config.class, Map.of()),
                EngineFakes.context(home), log.logger());
        agreements.awaitFirstLoad(); // as the engine does before it decides anything
        processor = new PayloadProcessor(registry, agreements, audit, home.resolve("data/quarantine"),
                TIMEOUT_MILLIS, (partner, keys) -> Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        hanging.forEach(format -> format.release.countDown());
        processor.close();
        invoke(agreements, "stop");
        invoke(audit, "close");
    }

    static void invoke(Object target, String method) throws Exception {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        m.invoke(target);
    }

    private StoredPayload payload(String partner, String name) {
        return new StoredPayload(ids.incrementAndGet(), partner, name, "0".repeat(64), Instant.now(),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    private HangingFormat hangingFormat(boolean ignoresInterrupts) {
        HangingFormat format = new HangingFormat(ignoresInterrupts);
        hanging.add(format);
        return format;
    }

    private String reasonFile(StoredPayload payload) throws Exception {
        return Files.readString(home.resolve("data/quarantine").resolve(payload.partner())
                .resolve(payload.id() + "-" + payload.name() + ".reason.txt"));
    }

    @Test
    void withoutAConfigurationInForceAnInputWaitsInsteadOfBeingDecidedAgainstNothing() throws Exception {
        Path bare = Files.createTempDirectory("no-configuration");
        AgreementService none = new AgreementService(EngineFakes.config(AgreementService.Config.class, Map.of()),
                EngineFakes.context(bare), log.logger());
        try {
            none.awaitFirstLoad();
            assertFalse(none.inForce(), "conf/agreements/ is missing: nothing loads");
            PayloadProcessor waiting = new PayloadProcessor(registry, none, audit, bare.resolve("data/quarantine"),
                    TIMEOUT_MILLIS, (partner, keys) -> Map.of());
            PayloadProcessor.Outcome outcome = waiting.process(payload("interpol", "n.json"));
            assertNull(outcome.exchanges(), "not decided");
            assertTrue(outcome.waitingFor().startsWith("an agreement configuration in force"), outcome.waitingFor());
            waiting.close();
        } finally {
            invoke(none, "stop");
        }
    }

    @Test
    void aHangingDecodeIsQuarantinedAfterTheTimeLimitOnThePartnersOwnThreadWhichIsInterrupted() throws Exception {
        HangingFormat format = hangingFormat(false);
        registry.format("slow", "hangs", format);
        StoredPayload payload = payload("slow", "hang-1.json");

        long started = System.nanoTime();
        PayloadProcessor.Outcome outcome = processor.process(payload);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        String reason = "format slow/hangs did not finish decoding hang-1.json within 200 ms";
        assertEquals(reason, outcome.quarantineReason());
        assertEquals(List.of(), outcome.exchanges(), "quarantined whole: completed, never retried");
        assertTrue(tookMillis >= TIMEOUT_MILLIS, "waited for the time limit: " + tookMillis + " ms");
        assertTrue(reasonFile(payload).contains("reason: " + reason), reasonFile(payload));
        assertTrue(format.interrupted.await(10, TimeUnit.SECONDS), "the stuck decode was interrupted");
        assertEquals("liaison-decode-slow", format.decodeThreads.get(0).getName());
        assertTrue(format.decodeThreads.get(0).isDaemon());
    }

    @Test
    void aDecodeThreadThatIgnoresTheInterruptIsAbandonedAndThePartnerGetsANewOne() throws Exception {
        HangingFormat format = hangingFormat(true);
        registry.format("slow", "hangs", format);

        PayloadProcessor.Outcome stuck = processor.process(payload("slow", "hang-1.json"));
        assertTrue(stuck.quarantineReason().contains("did not finish decoding"), stuck.toString());
        assertTrue(format.interrupted.await(10, TimeUnit.SECONDS));
        Thread abandoned = format.decodeThreads.get(0);
        assertTrue(abandoned.isAlive(), "still stuck: it ignores interruption");

        PayloadProcessor.Outcome next = processor.process(payload("slow", "next.json"));
        assertNull(next.quarantineReason(), "the partner's next input decodes: " + next);
        assertEquals(List.of(), next.exchanges());
        Thread fresh = format.decodeThreads.get(1);
        assertNotSame(abandoned, fresh, "a new thread, the stuck one is left behind");
        assertEquals("liaison-decode-slow", fresh.getName());
    }

    @Test
    void aFormatThatThrowsGetsTheInputQuarantinedWithWhatItThrewErrorsIncluded() throws Exception {
        Map<String, Supplier<Throwable>> failures = new java.util.LinkedHashMap<>();
        failures.put("the format failed: java.lang.IllegalStateException: boom",
                () -> new IllegalStateException("boom"));
        failures.put("the format failed: java.lang.OutOfMemoryError: Java heap space",
                () -> new OutOfMemoryError("Java heap space"));
        failures.put("the format failed: java.lang.NoClassDefFoundError: org/example/Gone",
                () -> new NoClassDefFoundError("org/example/Gone"));
        failures.put("the format failed: java.lang.AssertionError: broken invariant",
                () -> new AssertionError("broken invariant"));
        int partner = 0;
        for (Map.Entry<String, Supplier<Throwable>> failure : failures.entrySet()) {
            String id = "p" + partner++;
            ThrowingFormat format = new ThrowingFormat(failure.getValue());
            registry.format(id, "throws", format);
            StoredPayload payload = payload(id, "bad-1.json");
            PayloadProcessor.Outcome outcome = processor.process(payload);
            assertEquals(failure.getKey(), outcome.quarantineReason());
            assertEquals(List.of(), outcome.exchanges());
            assertEquals(1, format.decodes.get());
            assertTrue(reasonFile(payload).contains(failure.getKey()));
        }
    }

    @Test
    void aRealStackOverflowIsQuarantinedAndTheNextInputDecodes() throws Exception {
        TestFormat format = new TestFormat() {
            @Override
            void decode(String name, org.liaison.api.format.DecodeSink sink) {
                if (name.startsWith("deep")) {
                    recurse(0);
                }
            }

            private int recurse(int depth) {
                return recurse(depth + 1) + 1;
            }
        };
        registry.format("deep", "recursive", format);
        PayloadProcessor.Outcome outcome = processor.process(payload("deep", "deep-1.json"));
        assertEquals("the format failed: java.lang.StackOverflowError", outcome.quarantineReason());
        PayloadProcessor.Outcome next = processor.process(payload("deep", "flat.json"));
        assertNull(next.quarantineReason());
        assertEquals(List.of(), next.exchanges());
    }

    @Test
    void aFormatExceptionStillQuarantinesWithItsOwnMessage() throws Exception {
        registry.format("strict", "throws", new ThrowingFormat(() -> new FormatException("line 3: not JSON")));
        PayloadProcessor.Outcome outcome = processor.process(payload("strict", "bad-1.json"));
        assertEquals("line 3: not JSON", outcome.quarantineReason());
    }

    @Test
    void aFormatThatWentAwayWhileDecodingLeavesTheInputWaitingForItsReplacement() throws Exception {
        ThrowingFormat format = new ThrowingFormat(() -> {
            registry.removeFormat("swapped", "v1"); // its bundle is updated under it
            return new NoClassDefFoundError("org/example/v1/Parser");
        });
        registry.format("swapped", "v1", format);
        PayloadProcessor.Outcome outcome = processor.process(payload("swapped", "bad-1.json"));
        assertNull(outcome.exchanges(), "not quarantined: " + outcome);
        assertTrue(outcome.waitingFor().contains("went away"), outcome.waitingFor());
        assertTrue(Files.notExists(home.resolve("data/quarantine/swapped")));
    }
}
