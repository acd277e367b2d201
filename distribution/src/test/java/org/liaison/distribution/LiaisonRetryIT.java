package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/**
 * The retry test of the exchange engine, on the demo route from INTERPOL to the mission police (UNPOL) with small
 * retry settings ({@code conf/services/org.liaison.core.engine.cfg}): a channel that fails its first attempts
 * delivers once it works again, with no operator action, after backoff delays that grow as configured; a channel
 * that keeps failing turns the delivery into a dead letter after the configured number of attempts, with its last
 * error, and {@code liaison:replay} delivers it once the channel is fixed.
 *
 * <p>The channel fails for real: UNPOL's outbox folder {@code data/outbox/unpol} is replaced by a regular file, so
 * the folder channel cannot write its deliveries (a permission change would not do: the tests may run as root).
 */
class LiaisonRetryIT {

    private static final int MAX_ATTEMPTS = 4;
    private static final long RETRY_BASE_MILLIS = 250;
    private static final long RETRY_MAX_MILLIS = 1_000;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration FLOW = Duration.ofSeconds(30);
    private static final String ROUTE = "-interpol-to-mission-police-person";

    private static RestartableLiaison liaison;
    private static AuditEntries audit;
    private static Path outbox;

    @BeforeAll
    static void start() throws Exception {
        liaison = RestartableLiaison.copyOfDistribution("retry");
        liaison.configure("conf/services/org.liaison.core.engine.cfg",
                "# small retry settings for the retry test",
                "maxAttempts=" + MAX_ATTEMPTS,
                "retryBaseMillis=" + RETRY_BASE_MILLIS,
                "retryMaxMillis=" + RETRY_MAX_MILLIS);
        audit = new AuditEntries(liaison.home());
        liaison.start(START);
        outbox = liaison.home().toRealPath().resolve("data/outbox/unpol");
        // conf/services/ is read before the core starts: the start's platform-state entry lists the configuration
        Await.until("the engine configuration applied", FLOW, () -> audit.of("platform-state"),
                states -> states.stream().anyMatch(entry -> entry.getAsJsonArray("configurations").asList().stream()
                        .anyMatch(configuration -> "org.liaison.core.engine".equals(
                                AuditEntries.string(configuration.getAsJsonObject(), "pid")))));
        Await.until("liaison:status working (the journal open)", FLOW, () -> statusExit(), exit -> exit == 0);
        assertTrue(Files.isDirectory(outbox), "the folder channel of unpol made its outbox " + outbox);
    }

    @AfterAll
    static void stop() throws Exception {
        if (liaison != null) {
            liaison.close();
        }
    }

    @Test
    void aChannelThatFailsItsFirstAttemptsDeliversAfterRetriesWithoutOperatorAction() throws Exception {
        String key;
        List<JsonObject> failedBeforeRepair;
        breakOutbox();
        try {
            liaison.drop("interpol", "retry-first.json", input("retry-0001"));
            key = deliveryKeyOf("retry-first.json");
            failedBeforeRepair = Await.until("two failed attempts of " + key, FLOW, () -> entries("delivery-failed",
                    key), failed -> failed.size() >= 2);
        } finally {
            repairOutbox();
        }
        Path delivered = outbox.resolve(key + ".json");
        Await.until(delivered + " after the repair", FLOW, () -> Files.exists(delivered), exists -> exists);
        String content = Files.readString(delivered);
        assertTrue(content.contains("\"retry-0001\""), content);

        List<JsonObject> failed = entries("delivery-failed", key);
        int k = failed.size();
        assertTrue(k >= 2 && k >= failedBeforeRepair.size() && k < MAX_ATTEMPTS, "failed attempts: " + failed);
        for (int attempt = 1; attempt <= k; attempt++) {
            JsonObject failure = failed.get(attempt - 1);
            assertEquals(attempt, AuditEntries.number(failure, "attempt"), "attempts counted one by one: " + failed);
            assertEquals("unpol", AuditEntries.string(failure, "to"));
            assertTrue(AuditEntries.string(failure, "error").contains("writing " + delivered + " for partner unpol"
                    + " failed"), "the error names the file: " + failure);
            long delay = Math.min(RETRY_MAX_MILLIS, RETRY_BASE_MILLIS << (attempt - 1));
            long retryIn = AuditEntries.number(failure, "retryInMillis");
            assertTrue(retryIn >= delay / 2 && retryIn <= delay, "after attempt " + attempt + " the retry waits "
                    + "between " + delay / 2 + " and " + delay + " ms (exponential backoff, equal jitter): " + failure);
        }
        List<JsonObject> deliveries = Await.until("the delivery of " + key + " in the audit trail", FLOW,
                () -> entries("delivered", key), found -> !found.isEmpty());
        assertEquals(k + 1, AuditEntries.number(deliveries.get(0), "attempt"),
                "delivered at the attempt after the last failed one: " + deliveries);
        assertTrue(millisBetween(failed.get(k - 1), deliveries.get(0))
                >= AuditEntries.number(failed.get(k - 1), "retryInMillis") - 50,
                "the engine waited for the backoff delay before the next attempt: " + failed + " " + deliveries);
        for (int attempt = 2; attempt <= k; attempt++) {
            assertTrue(millisBetween(failed.get(attempt - 2), failed.get(attempt - 1))
                    >= AuditEntries.number(failed.get(attempt - 2), "retryInMillis") - 50,
                    "the engine waited for the backoff delay before attempt " + attempt + ": " + failed);
        }
        assertEquals(List.of(), entries("dead-letter", key), "not a dead letter");
        assertEquals("No dead letters.", liaison.exec("liaison:deadletters").strip());
        System.out.printf("[retry test] %s: %d failed attempts (retry in %s ms), then delivered at attempt %d%n",
                key, k, failed.stream().map(f -> String.valueOf(AuditEntries.number(f, "retryInMillis"))).toList(),
                k + 1);
    }

    @Test
    void aChannelThatAlwaysFailsEndsInADeadLetterThatReplayDeliversOnceTheChannelWorks() throws Exception {
        String key;
        Path delivered;
        breakOutbox();
        try {
            liaison.drop("interpol", "retry-dead.json", input("retry-0002"));
            key = deliveryKeyOf("retry-dead.json");
            delivered = outbox.resolve(key + ".json");
            String deadLetters = Await.until(key + " in liaison:deadletters", FLOW,
                    () -> liaison.exec("liaison:deadletters"), text -> text.contains(key));
            List<String> lines = deadLetters.strip().lines().toList();
            assertEquals(1, lines.size(), deadLetters);
            assertTrue(lines.get(0).startsWith(key + "  to unpol  after " + MAX_ATTEMPTS + " attempts, since "),
                    deadLetters);
            assertTrue(lines.get(0).contains(": writing " + delivered + " for partner unpol failed: "),
                    "the last error names the file: " + deadLetters);

            List<JsonObject> failed = entries("delivery-failed", key);
            assertEquals(List.of(1L, 2L, 3L), failed.stream().map(f -> AuditEntries.number(f, "attempt")).toList(),
                    "attempts before the last: " + failed);
            List<JsonObject> dead = entries("dead-letter", key);
            assertEquals(1, dead.size(), dead.toString());
            assertEquals(MAX_ATTEMPTS, AuditEntries.number(dead.get(0), "attempt"), dead.toString());
            assertTrue(AuditEntries.string(dead.get(0), "error").contains("writing " + delivered), dead.toString());
            assertEquals(List.of(), entries("delivered", key));
            String status = liaison.exec("liaison:status");
            assertTrue(status.contains("dead letters per recipient: unpol 1"), status);
            assertTrue(status.contains("queued per recipient: none"), status);
        } finally {
            repairOutbox();
        }

        // A dead letter waits for the operator: with the channel working again, a later exchange goes through,
        // the dead letter does not.
        liaison.drop("interpol", "retry-probe.json", input("retry-0003"));
        String probeKey = deliveryKeyOf("retry-probe.json");
        Await.until("the later exchange delivered", FLOW, () -> Files.exists(outbox.resolve(probeKey + ".json")),
                exists -> exists);
        assertFalse(Files.exists(delivered), "a dead letter is not retried without liaison:replay");
        assertTrue(liaison.exec("liaison:deadletters").contains(key));

        assertEquals("1 dead letter queued for delivery again", liaison.exec("liaison:replay").strip());
        Await.until(delivered + " after the replay", FLOW, () -> Files.exists(delivered), exists -> exists);
        assertTrue(Files.readString(delivered).contains("\"retry-0002\""));
        assertEquals("No dead letters.", liaison.exec("liaison:deadletters").strip());

        List<JsonObject> replays = audit.of("replay");
        assertEquals(1, replays.size(), replays.toString());
        assertEquals("*", AuditEntries.string(replays.get(0), "delivery"));
        assertEquals(1, AuditEntries.number(replays.get(0), "count"));
        List<JsonObject> deliveries = Await.until("the delivery of " + key + " in the audit trail", FLOW,
                () -> entries("delivered", key), found -> !found.isEmpty());
        assertTrue(AuditEntries.number(deliveries.get(0), "seq") > AuditEntries.number(replays.get(0), "seq"),
                deliveries.toString());
        assertEquals(1, AuditEntries.number(deliveries.get(0), "attempt"), "a replay starts counting again: "
                + deliveries);
        String status = Await.until("nothing queued", FLOW, () -> liaison.exec("liaison:status"),
                text -> text.contains("queued per recipient: none"));
        assertTrue(status.contains("dead letters per recipient: none"), status);
        assertTrue(status.contains(", DEAD 0"), status);
        System.out.printf("[retry test] %s: dead letter after %d attempts, delivered after liaison:replay%n", key,
                MAX_ATTEMPTS);
    }

    /** One person record in the canonical JSON format. */
    private static String input(String id) {
        return "{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\": [{\"type\": \"person\", \"id\": \""
                + id + "\", \"name\": {\"fullName\": \"RETRY Person " + id + "\"}}]}";
    }

    /**
     * The idempotency key of the delivery to unpol made of an input: {@code ex-<payload>-<route>-<type>.unpol},
     * after the engine took the input and decided ALLOW.
     */
    private static String deliveryKeyOf(String inputName) {
        JsonObject received = Await.until(inputName + " received", FLOW, () -> audit.of("input-received").stream()
                .filter(entry -> inputName.equals(AuditEntries.string(entry, "name"))).findFirst().orElse(null),
                entry -> entry != null);
        String key = "ex-" + AuditEntries.number(received, "payload") + ROUTE + ".unpol";
        JsonObject decision = Await.until("the decision on " + key, FLOW, () -> entries("decision", key),
                found -> !found.isEmpty()).get(0);
        assertEquals("ALLOW", AuditEntries.string(decision, "verdict"), decision.toString());
        return key;
    }

    private static int statusExit() {
        try {
            return liaison.command("exec", "liaison:status").exitCode();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonObject> entries(String event, String key) {
        return audit.of(event).stream().filter(entry -> key.equals(AuditEntries.string(entry, "delivery"))).toList();
    }

    private static long millisBetween(JsonObject earlier, JsonObject later) {
        return Duration.between(Instant.parse(AuditEntries.string(earlier, "time")),
                Instant.parse(AuditEntries.string(later, "time"))).toMillis();
    }

    /** Replaces the outbox folder by a regular file; the folder, with what was delivered so far, is kept aside. */
    private static void breakOutbox() throws IOException {
        Path aside = Files.createDirectories(liaison.home().resolve("data/outbox-aside")).resolve("unpol");
        Files.move(outbox, aside);
        Files.writeString(outbox, "not a folder: the retry test makes the folder channel of unpol fail\n");
    }

    /** Deletes the file and puts the folder back. */
    private static void repairOutbox() throws IOException {
        Files.delete(outbox);
        Files.move(liaison.home().resolve("data/outbox-aside/unpol"), outbox);
    }
}
