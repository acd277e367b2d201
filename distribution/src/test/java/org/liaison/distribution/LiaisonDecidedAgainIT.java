package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/**
 * A delivery is decided again with the agreements in force when it is handed to its channel: after waiting for a
 * plugin, at every retry, and after a replay. On the demo distribution, the UN–INTERPOL agreement
 * ({@code un-interpol-peacekeeping}) is suspended while a delivery from INTERPOL to the mission police (UNPOL) is
 * under way: the delivery ends DENIED at delivery, with the reasons and the hash of the configuration that decided
 * it, in the journal ({@code liaison:exchanges}, {@code liaison:deadletters}) and in the audit trail, and nothing
 * reaches {@code data/outbox/unpol/}. Once the agreement is back in force, {@code liaison:replay} decides it again
 * and delivers it.
 *
 * <p>The tests share one Liaison and run one after the other; each puts the agreement and the channel back.
 */
class LiaisonDecidedAgainIT {

    private static final int MAX_ATTEMPTS = 5;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration FLOW = Duration.ofSeconds(30);
    private static final String AGREEMENTS = "conf/agreements/un-interpol.json";
    private static final String UNPOL_CHANNEL = "conf/services/org.liaison.transport.folder-unpol.cfg";

    private static RestartableLiaison liaison;
    private static AuditEntries audit;
    private static Path outbox;
    private static String inForce;

    @BeforeAll
    static void start() throws Exception {
        liaison = RestartableLiaison.copyOfDistribution("decided-again");
        liaison.configure("conf/services/org.liaison.core.engine.cfg",
                "# retries a few times, quickly, for the test",
                "maxAttempts=" + MAX_ATTEMPTS,
                "retryBaseMillis=1000",
                "retryMaxMillis=2000");
        audit = new AuditEntries(liaison.home());
        liaison.start(START);
        outbox = liaison.home().toRealPath().resolve("data/outbox/unpol");
        inForce = Files.readString(liaison.home().resolve(AGREEMENTS));
        Await.until("liaison:status working (the journal open)", FLOW, () -> liaison.exec("liaison:status"),
                status -> status.contains("deliveries:"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (liaison != null) {
            liaison.close();
        }
    }

    /** Every test ends with the agreement in force, the channel plugged in and its outbox a folder. */
    @AfterEach
    void putBack() throws Exception {
        if (!Files.readString(liaison.home().resolve(AGREEMENTS)).equals(inForce)) {
            writeAgreements(inForce);
        }
        Path aside = liaison.home().resolve("data/outbox-aside/unpol");
        if (Files.exists(aside)) {
            Files.deleteIfExists(outbox);
            Files.move(aside, outbox);
        }
        Path channel = liaison.home().resolve(UNPOL_CHANNEL);
        Path channelAside = liaison.home().resolve("conf/" + channel.getFileName());
        if (Files.exists(channelAside)) {
            Files.move(channelAside, channel);
        }
    }

    @Test
    void aDeliveryWaitingForItsChannelIsDeniedWhenTheAgreementWasSuspendedMeanwhileAndReplayDeliversItOnceBack()
            throws Exception {
        // 1. unpol's folder transport configuration out of conf/services/: deliveries to unpol wait
        Path channel = liaison.home().resolve(UNPOL_CHANNEL);
        Files.move(channel, liaison.home().resolve("conf/" + channel.getFileName()));
        Await.until("the channel to unpol gone", FLOW, () -> liaison.exec("liaison:plugins"),
                plugins -> !LiaisonExchangeIT.section(plugins, "unpol").contains("channel "));
        // 2. a red notice from INTERPOL: QUEUED for unpol
        String sample = Files.readString(liaison.home().resolve("samples/interpol-red-notice.json"));
        liaison.drop("interpol", "waiting-notice.json", sample);
        String key = deliveryKeyOf("waiting-notice.json");
        Await.until(key + " waiting for its channel", FLOW, () -> liaison.exec("liaison:exchanges"),
                exchanges -> lineOf(exchanges, key).contains("unpol: QUEUED"));
        // 3. the agreement suspended: liaison:check says DENY
        String suspendedHash = suspend();
        String check = liaison.exec("liaison:check --from interpol --to unpol --area information-exchange"
                + " --purpose peacekeeping-operations --type notice");
        assertTrue(check.contains("DENY"), check);
        // 4. the channel back: the delivery is decided again, and denied
        Files.move(liaison.home().resolve("conf/" + channel.getFileName()), channel);
        JsonObject denied = deniedEntry(key);
        assertDeniedUnder(denied, suspendedHash);
        assertNothingDelivered(key);
        assertShownAsDeniedAtDelivery(key);

        // back in force, a deliberate replay decides again and delivers
        restore();
        Path delivered = outbox.resolve(key + ".json");
        assertFalse(Files.exists(delivered), "a delivery denied at delivery waits for the operator");
        assertEquals("0 dead letters and 1 delivery denied at delivery queued again: each is decided again with the"
                + " agreements in force before it leaves", liaison.exec("liaison:replay " + key).strip());
        Await.until(delivered + " after the replay", FLOW, () -> Files.exists(delivered), exists -> exists);
        assertTrue(Files.readString(delivered).contains("\"2021/81307\""), "the red notice itself");
        JsonObject again = Await.until("the new decision on " + key, FLOW,
                () -> entries("delivery-decided-again", key), found -> !found.isEmpty()).get(0);
        assertEquals("ALLOW", AuditEntries.string(again, "verdict"), again.toString());
        assertEquals(hashInForce(), AuditEntries.string(again, "configuration"), again.toString());
        assertTrue(again.getAsJsonArray("agreements").toString().contains("un-interpol-peacekeeping"),
                again.toString());
        Await.until(key + " delivered in liaison:exchanges", FLOW, () -> liaison.exec("liaison:exchanges"),
                exchanges -> lineOf(exchanges, key).contains("unpol: DELIVERED"));
    }

    @Test
    void aRetryAfterTheAgreementWasSuspendedIsDeniedAndNotDelivered() throws Exception {
        breakOutbox();
        liaison.drop("interpol", "retried.json", input("decided-again-retry"));
        String key = deliveryKeyOf("retried.json");
        Await.until("a failed attempt of " + key, FLOW, () -> entries("delivery-failed", key),
                failed -> !failed.isEmpty());
        String suspendedHash = suspend();
        repairOutbox();
        JsonObject denied = deniedEntry(key);
        assertDeniedUnder(denied, suspendedHash);
        assertTrue(AuditEntries.number(denied, "attempt") >= 2, "denied at a retry: " + denied);
        assertNothingDelivered(key);
        assertShownAsDeniedAtDelivery(key);
        assertEquals(List.of(), entries("dead-letter", key), "a denial is not a failed attempt");
    }

    @Test
    void aReplayedDeadLetterIsDeniedWhileTheAgreementIsSuspendedAndDeliveredOnceItIsBack() throws Exception {
        breakOutbox();
        liaison.drop("interpol", "dead.json", input("decided-again-dead"));
        String key = deliveryKeyOf("dead.json");
        Await.until(key + " a dead letter", FLOW, () -> liaison.exec("liaison:deadletters"),
                text -> text.contains(key));
        repairOutbox();
        String suspendedHash = suspend();
        assertEquals("1 dead letter queued for delivery again", liaison.exec("liaison:replay " + key).strip());
        JsonObject denied = deniedEntry(key);
        assertDeniedUnder(denied, suspendedHash);
        assertEquals(1, AuditEntries.number(denied, "attempt"), "the replay's first attempt: " + denied);
        assertNothingDelivered(key);
        assertShownAsDeniedAtDelivery(key);

        restore();
        assertEquals("0 dead letters and 1 delivery denied at delivery queued again: each is decided again with the"
                + " agreements in force before it leaves", liaison.exec("liaison:replay").strip());
        Path delivered = outbox.resolve(key + ".json");
        Await.until(delivered + " after the second replay", FLOW, () -> Files.exists(delivered), exists -> exists);
        assertEquals("No dead letters.", liaison.exec("liaison:deadletters").strip());
    }

    /** Suspends the UN–INTERPOL agreement and waits until it is in force; returns the new configuration's hash. */
    private static String suspend() throws IOException {
        String suspended = inForce.replaceFirst("\"status\": \"in-force\"", "\"status\": \"suspended\"");
        assertFalse(suspended.equals(inForce), "the demo's un-interpol-peacekeeping is in force");
        return writeAgreements(suspended);
    }

    private static String restore() throws IOException {
        return writeAgreements(inForce);
    }

    /** Writes the agreement file as an editor would (aside, then renamed in) and waits until it is in force. */
    private static String writeAgreements(String content) throws IOException {
        int loaded = audit.of("configuration-loaded").size();
        Path file = liaison.home().resolve(AGREEMENTS);
        Path aside = file.resolveSibling(".un-interpol.json.part");
        Files.writeString(aside, content);
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        List<JsonObject> entries = Await.until("the edit of " + AGREEMENTS + " in force", FLOW,
                () -> audit.of("configuration-loaded"), all -> all.size() > loaded);
        String hash = AuditEntries.string(entries.get(entries.size() - 1), "configuration");
        assertEquals(hash, hashInForce(), "liaison:agreements names the configuration in force");
        return hash;
    }

    /** The configuration hash that {@code liaison:agreements} shows. */
    private static String hashInForce() {
        return liaison.exec("liaison:agreements").lines().filter(line -> line.startsWith("configuration "))
                .map(line -> line.substring("configuration ".length()).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("liaison:agreements shows no configuration hash"));
    }

    private static JsonObject deniedEntry(String key) {
        return Await.until("the denial of " + key + " at delivery", FLOW, () -> entries("delivery-denied", key),
                found -> !found.isEmpty()).get(0);
    }

    private static void assertDeniedUnder(JsonObject denied, String configuration) {
        assertEquals("DENY", AuditEntries.string(denied, "verdict"), denied.toString());
        assertEquals("unpol", AuditEntries.string(denied, "to"), denied.toString());
        assertEquals(configuration, AuditEntries.string(denied, "configuration"), denied.toString());
        String reasons = denied.getAsJsonArray("reasons").toString();
        assertTrue(reasons.contains("un-interpol-peacekeeping") && reasons.contains("suspended"),
                "the reasons name the agreement and its status: " + denied);
    }

    private static void assertNothingDelivered(String key) {
        assertFalse(Files.exists(outbox.resolve(key + ".json")), key + " must not reach the outbox");
        assertEquals(List.of(), entries("delivered", key), "no delivered entry for " + key);
    }

    /** {@code liaison:exchanges} and {@code liaison:deadletters} show the denial, the latter with its reasons. */
    private static void assertShownAsDeniedAtDelivery(String key) {
        String exchanges = Await.until(key + " denied in liaison:exchanges", FLOW,
                () -> liaison.exec("liaison:exchanges"), text -> lineOf(text, key).contains("unpol: DENIED"));
        assertTrue(lineOf(exchanges, key).contains("unpol: DENIED at delivery"), exchanges);
        String listed = liaison.exec("liaison:deadletters");
        String line = lineOf(listed, key);
        assertTrue(line.startsWith(key + "  to unpol  since ") && line.contains("DENIED at delivery: ")
                && line.contains("suspended"), listed);
    }

    /** The line of a listing that names the delivery's exchange (or the delivery), or "" when none does. */
    private static String lineOf(String listing, String key) {
        String exchange = key.substring(0, key.lastIndexOf('.'));
        return listing.lines().filter(line -> line.startsWith(exchange)).findFirst().orElse("");
    }

    /** One person record in the canonical JSON format, with a nationality the agreement covers. */
    private static String input(String id) {
        return "{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\": [{\"type\": \"person\", \"id\": \""
                + id + "\", \"name\": {\"fullName\": \"DECIDED Again " + id + "\"}}]}";
    }

    /** The key of the delivery to unpol made of an input, once the engine took it and decided ALLOW. */
    private static String deliveryKeyOf(String inputName) {
        JsonObject received = Await.until(inputName + " received", FLOW, () -> audit.of("input-received").stream()
                .filter(entry -> inputName.equals(AuditEntries.string(entry, "name"))).findFirst().orElse(null),
                entry -> entry != null);
        String prefix = "ex-" + AuditEntries.number(received, "payload") + "-";
        JsonObject decision = Await.until("the decision on " + inputName + " for unpol", FLOW,
                () -> audit.of("decision").stream().filter(entry -> "unpol".equals(AuditEntries.string(entry, "to"))
                        && AuditEntries.string(entry, "exchange").startsWith(prefix)).findFirst().orElse(null),
                entry -> entry != null);
        assertEquals("ALLOW", AuditEntries.string(decision, "verdict"), decision.toString());
        return AuditEntries.string(decision, "delivery");
    }

    private static List<JsonObject> entries(String event, String key) {
        return audit.of(event).stream().filter(entry -> key.equals(AuditEntries.string(entry, "delivery"))).toList();
    }

    /** Replaces the outbox folder by a regular file, so the folder channel fails; the folder is kept aside. */
    private static void breakOutbox() throws IOException {
        Path aside = Files.createDirectories(liaison.home().resolve("data/outbox-aside")).resolve("unpol");
        Files.move(outbox, aside);
        Files.writeString(outbox, "not a folder: the test makes the folder channel of unpol fail\n");
    }

    private static void repairOutbox() throws IOException {
        Files.delete(outbox);
        Files.move(liaison.home().resolve("data/outbox-aside/unpol"), outbox);
    }
}
