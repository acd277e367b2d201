package org.liaison.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

class AuditTrailTest {

    @TempDir
    Path directory;

    private final AuditTestSupport support = new AuditTestSupport();
    private final List<AuditTrail> open = new ArrayList<>();

    private Path file() {
        return directory.resolve("data/audit/audit.jsonl");
    }

    private AuditTrail open() throws IOException {
        AuditTrail trail = new AuditTrail(file(), support.logger());
        open.add(trail);
        return trail;
    }

    @AfterEach
    void closeAll() {
        open.forEach(AuditTrail::close);
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = AuditTestSupport.lines(file);
        return lines.get(lines.size() - 1);
    }

    @Test
    void recordsAChainThatVerifies() throws Exception {
        AuditTrail trail = open();
        Map<String, Object> decision = new LinkedHashMap<>();
        decision.put("exchange", "x-1");
        decision.put("recipient", "unpol");
        decision.put("allowed", false);
        decision.put("reasons", List.of("no agreement covers purpose \"sanctions\"", "TLP:RED"));
        decision.put("detail", new TreeMap<>(Map.of("b", 2, "a", 1.5)));
        decision.put("none", null);
        trail.record("decision", decision);
        trail.record("delivered", Map.of("recipient", "unpol", "exchange", "x-1", "at", Instant.EPOCH));
        trail.flush();

        List<String> lines = AuditTestSupport.lines(file());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches("\\{\"seq\":1,\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\","
                + "\"event\":\"decision\",\"exchange\":\"x-1\",\"recipient\":\"unpol\",\"allowed\":false,"
                + "\"reasons\":\\[\"no agreement covers purpose \\\\\"sanctions\\\\\"\",\"TLP:RED\"\\],"
                + "\"detail\":\\{\"a\":1.5,\"b\":2\\},\"none\":null,\"prev\":\"0{64}\",\"hash\":\"[0-9a-f]{64}\"}"),
                lines.get(0));
        assertTrue(lines.get(1).contains("\"event\":\"delivered\",\"at\":\"1970-01-01T00:00:00Z\","
                + "\"exchange\":\"x-1\",\"recipient\":\"unpol\",\"prev\":\""), "a Map.of is sorted: " + lines.get(1));
        assertEquals("audit chain OK: 2 entries", trail.verify().describe().substring(0, 25));
    }

    @Test
    void manyThreadsRecordingYieldOneValidChainWithConsecutiveSeq() throws Exception {
        AuditTrail trail = open();
        int threads = 8;
        int each = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < each; i++) {
                    trail.record("input-received", Map.of("thread", thread, "i", i));
                    if (i % 100 == 0) {
                        trail.flush();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        trail.flush();

        AuditChain.VerifyResult result = trail.verify();
        assertTrue(result.ok(), result.describe());
        long checkpoints = threads * each / AuditTrail.CHECKPOINT_ENTRIES;
        assertEquals(threads * each + checkpoints, result.entries(), "the entries and a checkpoint entry every "
                + AuditTrail.CHECKPOINT_ENTRIES);
        assertEquals(checkpoints, AuditTestSupport.lines(file()).stream()
                .filter(line -> line.contains("\"event\":\"checkpoint\",\"reason\":\"interval\"")).count());
        List<String> lines = AuditTestSupport.lines(file());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"seq\":" + (i + 1) + ","), lines.get(i));
        }
        for (int t = 0; t < threads; t++) {
            String mine = "\"i\":";
            int expected = 0;
            for (String line : lines) {
                if (line.contains("\"event\":\"input-received\",\"i\":") && line.contains(",\"thread\":" + t + ",")) {
                    assertTrue(line.contains(mine + expected + ","), "each thread's entries keep their order: "
                            + line);
                    expected++;
                }
            }
            assertEquals(each, expected, "entries of thread " + t);
        }
    }

    @Test
    void aRestartContinuesTheChain() throws Exception {
        AuditTrail first = open();
        first.record("replay", Map.of("exchange", "x-1"));
        first.record("replay", Map.of("exchange", "x-2"));
        first.close();
        open.remove(first);

        AuditTrail second = open();
        second.record("replay", Map.of("exchange", "x-3"));
        second.flush();

        AuditChain.VerifyResult result = second.verify();
        assertTrue(result.ok(), result.describe());
        assertEquals(4, result.entries(), "two entries, the checkpoint of the stop, and one more");
        assertTrue(AuditTestSupport.lines(file()).get(2).contains("\"event\":\"checkpoint\",\"reason\":\"stop\""));
        assertTrue(lastLine(file()).startsWith("{\"seq\":4,"));
        assertTrue(support.logged("warn").isEmpty() && support.logged("error").isEmpty(), support.log.toString());
    }

    @Test
    void afterFlushTheEntryIsInTheFile() throws Exception {
        AuditTrail trail = open();
        for (int i = 0; i < 50; i++) {
            trail.record("delivered", Map.of("n", i));
            trail.flush();
            // read through a channel of its own, as another process would after a crash
            String last = lastLine(file());
            assertTrue(last.startsWith("{\"seq\":" + (i + 1) + ",") && last.contains("\"n\":" + i + ","), last);
        }
    }

    @Test
    void closeWritesWhatWasRecordedAndThenRefusesMore() throws Exception {
        AuditTrail trail = open();
        for (int i = 0; i < 1000; i++) {
            trail.record("delivered", Map.of("n", i));
        }
        trail.close();
        open.remove(trail);
        assertEquals(1001, AuditChain.verify(file()).entries(), "and the checkpoint of the stop");
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> trail.record("delivered", Map.of()));
        assertTrue(closed.getMessage().contains("is closed: event delivered was not recorded"), closed.getMessage());
    }

    @Test
    void aLineAppendedBySomeoneElseWhileRunningStaysAndIsReported() throws Exception {
        AuditTrail trail = open();
        trail.record("delivered", Map.of("n", 1));
        trail.record("delivered", Map.of("n", 2));
        trail.flush();
        String forged = AuditTestSupport.lines(file()).get(0) + "\n";
        Files.writeString(file(), forged, StandardOpenOption.APPEND);
        trail.record("delivered", Map.of("n", 3));

        AuditChain.VerifyResult result = trail.verify();
        assertEquals(3, result.badLine(), result.describe());
        assertTrue(result.problem().contains("an entry was inserted"), result.describe());
        List<String> lines = AuditTestSupport.lines(file());
        assertEquals(4, lines.size());
        assertEquals(forged.strip(), lines.get(2));
        assertTrue(lines.get(3).startsWith("{\"seq\":3,"), lines.get(3));
    }

    @Test
    void aSecondTrailOnTheSameFileIsRefused() throws Exception {
        open();
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("is already open for writing by another audit trail"), e.getMessage());
    }

    @Test
    void aTornLastLineIsMovedAsideAndRecordedAndTheChainVerifies() throws Exception {
        support.writeEntries(file(), 5);
        byte[] torn = "{\"seq\":7,\"time\":\"2026-11-29T10:00:00.000Z\",\"event\":\"deliv".getBytes(
                StandardCharsets.UTF_8);
        long offset = Files.size(file());
        Files.write(file(), torn, StandardOpenOption.APPEND);
        AuditChain.VerifyResult before = AuditChain.verifyAnchored(file());
        assertEquals(7, before.badLine(), "before the restart the torn line is reported: " + before.describe());
        assertTrue(before.problem().startsWith("incomplete last line"), before.describe());

        AuditTrail trail = open();
        trail.record("delivered", Map.of("n", 7));
        trail.flush();

        Path copy = file().resolveSibling("audit.jsonl.torn-1");
        assertArrayEquals(torn, Files.readAllBytes(copy));
        List<String> lines = AuditTestSupport.lines(file());
        assertEquals(8, lines.size());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(torn));
        assertTrue(lines.get(6).startsWith("{\"seq\":7,"), lines.get(6));
        assertTrue(lines.get(6).contains("\"event\":\"audit-recovered\",\"reason\":\"an incomplete last line was"
                + " moved aside\",\"offset\":" + offset + ",\"length\":" + torn.length + ",\"sha256\":\"" + sha256
                + "\",\"movedTo\":\"audit.jsonl.torn-1\""), lines.get(6));
        AuditChain.VerifyResult after = trail.verify();
        assertTrue(after.ok(), after.describe());
        assertEquals(8, after.entries());
        assertEquals(1, support.logged("warn").size(), support.log.toString());
        assertTrue(support.logged("warn").get(0).contains("moved to audit.jsonl.torn-1"), support.log.toString());
    }

    @Test
    void aTornLineThatIsAllGarbageOrTheWholeFileIsMovedAsideToo() throws Exception {
        Files.createDirectories(file().getParent());
        Files.write(file(), new byte[] {0, 0, 0, 0});
        Files.writeString(file().resolveSibling("audit.jsonl.torn-1"), "an earlier one");
        AuditTrail trail = open();
        trail.flush();
        assertArrayEquals(new byte[4], Files.readAllBytes(file().resolveSibling("audit.jsonl.torn-2")));
        AuditChain.VerifyResult result = trail.verify();
        assertTrue(result.ok(), result.describe());
        assertEquals(1, result.entries());
        assertTrue(lastLine(file()).contains("\"movedTo\":\"audit.jsonl.torn-2\""));
    }

    @Test
    void aLastEntryMissingOnlyItsLineBreakIsKept() throws Exception {
        support.writeEntries(file(), 3);
        byte[] bytes = Files.readAllBytes(file());
        Files.write(file(), Arrays.copyOf(bytes, bytes.length - 1));

        AuditTrail trail = open();
        trail.record("delivered", Map.of());
        AuditChain.VerifyResult result = trail.verify();
        assertTrue(result.ok(), result.describe());
        assertEquals(5, result.entries());
        assertFalse(Files.exists(file().resolveSibling("audit.jsonl.torn-1")));
        assertFalse(String.join("\n", AuditTestSupport.lines(file())).contains("audit-recovered"));
    }

    @Test
    void aDamagedLastCompleteEntryIsNotHiddenTheChainBreaksThere() throws Exception {
        support.writeEntries(file(), 4);
        List<String> lines = AuditTestSupport.lines(file());
        lines.set(4, lines.get(4).replace("\"reason\":\"stop\"", "\"reason\":\"halt\""));
        AuditTestSupport.writeLines(file(), lines);

        AuditTrail trail = open();
        trail.record("delivered", Map.of());
        AuditChain.VerifyResult result = trail.verify();
        assertFalse(result.ok());
        assertTrue(result.describe().startsWith("audit chain BROKEN at line 5 (seq 5): edited: the entry's content"
                + " does not match its hash"), result.describe());
        List<String> now = AuditTestSupport.lines(file());
        assertEquals(8, now.size());
        assertTrue(now.get(5).startsWith("{\"seq\":6,") && now.get(5).contains("\"event\":\"audit-recovered\","
                + "\"reason\":\"the last complete entry is damaged\""), now.get(5));
        assertTrue(now.get(6).startsWith("{\"seq\":7,") && now.get(6).contains("\"event\":\"audit-anchor-broken\","
                + "\"problem\":\"entry 5 is damaged or missing, where it had the hash "), now.get(6));
        assertEquals(2, support.logged("error").size(), support.log.toString());
        assertTrue(support.logged("error").get(0).contains("is damaged: edited"), support.log.toString());
    }

    @Test
    void fieldsThatCannotBeWrittenAreRefusedWithTheirName() throws Exception {
        AuditTrail trail = open();
        assertEquals("audit event name 'Delivered' must be lower-case words joined by '-', e.g. delivery-failed",
                assertThrows(IllegalArgumentException.class, () -> trail.record("Delivered", Map.of()))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> trail.record("dead--letter", Map.of()));
        assertEquals("audit event replay: the field name 'seq' is the trail's own; choose another",
                assertThrows(IllegalArgumentException.class, () -> trail.record("replay", Map.of("seq", 1)))
                        .getMessage());
        assertEquals("audit field replay.what: a java.lang.Object cannot be written; use strings, numbers, booleans,"
                + " lists or maps", assertThrows(IllegalArgumentException.class,
                        () -> trail.record("replay", Map.of("what", new Object()))).getMessage());
        assertEquals("audit field replay.list[1].rate: NaN is not a JSON number",
                assertThrows(IllegalArgumentException.class, () -> trail.record("replay",
                        Map.of("list", List.of(Map.of(), Map.of("rate", Double.NaN))))).getMessage());
        trail.flush();
        assertEquals(0, Files.size(file()), "nothing refused was written");
    }

    @Test
    void theTrailIsUnderTheHomeExceptUnderCheckWhichGetsAThrowAwayOne() throws Exception {
        Path home = directory.resolve("home");
        Path storage = directory.resolve("felix-cache/bundle7/data");
        Map<String, String> properties = new HashMap<>(Map.of("liaison.home", home.toString()));
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getDataFile" -> storage.resolve((String) args[0]).toFile();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        assertEquals(home.resolve("data/audit/audit.jsonl"), AuditTrail.location(context));
        properties.put("liaison.mode", "run");
        assertEquals(home.resolve("data/audit/audit.jsonl"), AuditTrail.location(context));
        properties.put("liaison.mode", "check");
        assertEquals(storage.resolve("audit/audit.jsonl"), AuditTrail.location(context));
        properties.clear();
        assertEquals(storage.resolve("audit/audit.jsonl"), AuditTrail.location(context));
    }

    @Test
    void aNewlineInAFieldStaysInsideItsLine() throws Exception {
        AuditTrail trail = open();
        trail.record("delivery-failed", Map.of("error", "line one\nline two\u2028\u0000"));
        AuditChain.VerifyResult result = trail.verify();
        assertTrue(result.ok(), result.describe());
        assertEquals(1, AuditTestSupport.lines(file()).size());
    }

    /**
     * Not a timed test: prints how fast record() goes with group commit, for docs/benchmarks.md, and shows that
     * many callers each waiting for flush() share the forces.
     */
    @Test
    void throughput() throws Exception {
        AuditTrail trail = open();
        int warmup = 20_000;
        for (int i = 0; i < warmup; i++) {
            trail.record("input-received", Map.of("partner", "interpol", "file", "notices-" + i + ".json",
                    "bytes", 1234));
        }
        trail.flush();

        int count = 100_000;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            trail.record("input-received", Map.of("partner", "interpol", "file", "notices-" + i + ".json",
                    "bytes", 1234));
        }
        trail.flush();
        double recordRate = count / ((System.nanoTime() - start) / 1e9);

        int threads = 16;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    trail.record("delivered", Map.of("recipient", "unpol", "exchange", "x-" + i));
                    trail.flush();
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        double flushedRate = threads * each / ((System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        int single = 200;
        for (int i = 0; i < single; i++) {
            trail.record("delivered", Map.of("recipient", "unpol", "exchange", "x-" + i));
            trail.flush();
        }
        double singleRate = single / ((System.nanoTime() - start) / 1e9);

        System.out.printf("audit record(), then one flush(): %,.0f entries/s%n", recordRate);
        System.out.printf("audit record()+flush() from %d threads: %,.0f entries/s%n", threads, flushedRate);
        System.out.printf("audit record()+flush() from 1 thread (one force each): %,.0f entries/s%n", singleRate);
        assertTrue(trail.verify().ok());
    }
}
