package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The crash test of the exchange engine: 2,000 exchanges from INTERPOL to the mission police (UNPOL), with the JVM
 * killed by SIGKILL at four different points of the flow and started again on the same home each time. In the end
 * every exchange is delivered, exactly once per idempotency key and never under two keys, nothing is left in the
 * inbox or the queue, nothing is quarantined, and the audit chain verifies online and offline.
 *
 * <p>The kill points are chosen by watching the flow, not by the clock: the number of files left in the inbox, the
 * payloads received, decided and delivered according to the audit trail, and the files in the outbox.
 */
class LiaisonCrashIT {

    private static final int EXCHANGES = 2_000;
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration PHASE = Duration.ofSeconds(60);
    private static final Duration FINISH = Duration.ofSeconds(120);
    private static final String INBOX = "data/inbox/interpol";
    private static final String ACCEPTED = "data/accepted/interpol";
    private static final String OUTBOX = "data/outbox/unpol";
    /** An outbox file: the delivery's idempotency key, which holds the exchange id, and the format's extension. */
    private static final Pattern DELIVERED_FILE = Pattern.compile(
            "(ex-(\\d+)-interpol-to-mission-police-(person|notice)\\.unpol)\\.json");
    private static final Pattern AUDIT_OK = Pattern.compile(
            "audit chain OK: (\\d+) entries \\(last hash [0-9a-f]{64}\\)");

    /** What the test sees of the flow at one moment. */
    record Progress(int inbox, int accepted, int received, int decided, int delivered, int outbox) {
        @Override
        public String toString() {
            return "inbox " + inbox + ", accepted " + accepted + ", audit: received " + received + ", decided "
                    + decided + ", delivered " + delivered + " (distinct), outbox " + outbox;
        }
    }

    private final long began = System.nanoTime();
    private RestartableLiaison liaison;
    private AuditEntries audit;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyExchangeIsDeliveredOnceByKeyAfterKillsWhileTakingInputProcessingRecoveringAndDelivering()
            throws Exception {
        try (RestartableLiaison instance = RestartableLiaison.copyOfDistribution("crash")) {
            liaison = instance;
            audit = new AuditEntries(liaison.home());
            liaison.configure("conf/services/org.liaison.transport.folder-interpol.cfg", "pollMillis=50");
            Map<String, String> typeOfRecord = dropInputs();
            log("dropped " + EXCHANGES + " inputs in " + INBOX);

            // 1. While the folder source is still taking files from the inbox.
            started();
            Progress intake = killWhen("files still being taken from the inbox",
                    p -> p.accepted() >= 300 || p.inbox() == 0);
            assertTrue(intake.inbox() > 0, "the first kill came while files were still in the inbox: " + intake);

            // 2. While journaled payloads are processed: received after the restart and not all decided yet, or,
            // when the engine decides as fast as the source takes files (an idle machine), as soon as the inbox is
            // empty, with deliveries still to be made.
            started();
            Progress processing = killWhen("payloads received but not yet decided, or the inbox emptied",
                    p -> p.received() > intake.received() && p.received() > p.decided()
                            || p.inbox() == 0 && p.accepted() == EXCHANGES);
            assertTrue(processing.decided() < EXCHANGES || processing.delivered() < EXCHANGES,
                    "the second kill came while payloads were still to be decided or delivered: " + processing);

            // 3. During recovery: as soon as the restarted engine delivers again.
            int deliveredBefore = audit.of("delivered").size();
            started();
            Progress recovery = killWhen("the first deliveries after the restart",
                    p -> audit.of("delivered").size() > deliveredBefore);
            assertTrue(recovery.outbox() < EXCHANGES, "the third kill came before the end: " + recovery);

            // 4. While delivering: three quarters of the exchanges in the outbox.
            started();
            Progress delivering = killWhen("three quarters delivered", p -> p.outbox() >= EXCHANGES * 3 / 4);
            assertTrue(delivering.outbox() < EXCHANGES,
                    "the fourth kill came while deliveries were still to be made: " + delivering);

            // The last run finishes the work.
            started();
            Progress done = Await.until("every exchange in the outbox", FINISH, this::progress,
                    p -> p.outbox() >= EXCHANGES);
            log("all " + EXCHANGES + " in the outbox: " + done);
            String status = Await.until("no queued delivery and no payload left to process", FINISH,
                    () -> liaison.exec("liaison:status"),
                    text -> text.contains("inputs: RECEIVED 0,") && text.contains("QUEUED 0,"));
            log("liaison:status:\n" + status);

            assertEquals(List.of(), allFiles(INBOX), "nothing is left in the inbox, not even a partial file");
            assertEquals(typeOfRecord.keySet().stream().map(id -> "input-" + id.substring("crash-".length())
                    + ".json").sorted().toList(), names(liaison.files(ACCEPTED)),
                    "every input was acknowledged by moving it to the accepted folder");
            assertEquals(List.of(), allFiles("data/quarantine/interpol"), "nothing was quarantined");
            assertTrue(status.contains("inputs: RECEIVED 0, PROCESSED " + EXCHANGES + ", QUARANTINED 0"), status);
            assertTrue(status.contains("deliveries: DENIED 0, QUEUED 0, DELIVERED " + EXCHANGES + ", DEAD 0"),
                    status);
            assertTrue(status.contains("queued per recipient: none"), status);
            assertTrue(status.contains("dead letters per recipient: none"), status);

            Map<String, String> keyOfRecord = deliveredOnceEach(typeOfRecord);

            LiaisonProcess.Result online = liaison.command("exec", "liaison:audit verify");
            assertEquals(0, online.exitCode(), online.output());
            Matcher ok = AUDIT_OK.matcher(online.output().strip());
            assertTrue(ok.matches(), online.output());
            log("online: " + online.output().strip());

            int exit = liaison.stop();
            assertTrue(exit == 0 || exit == 143, "SIGTERM stops Liaison cleanly, exit " + exit);
            LiaisonProcess.Result offline = liaison.command("verify-audit");
            assertEquals(0, offline.exitCode(), offline.output());
            Matcher okOffline = AUDIT_OK.matcher(offline.output().strip());
            assertTrue(okOffline.matches(), offline.output());
            assertTrue(Long.parseLong(okOffline.group(1)) >= Long.parseLong(ok.group(1)), offline.output());
            log("offline: " + offline.output().strip());

            auditedCompletely(keyOfRecord);
        }
    }

    /** Drops one input per record, alternately a person and a notice, each with a unique id. */
    private Map<String, String> dropInputs() throws IOException {
        Map<String, String> typeOfRecord = new TreeMap<>();
        for (int i = 0; i < EXCHANGES; i++) {
            String number = String.format("%04d", i);
            String id = "crash-" + number;
            String record = i % 2 == 0
                    ? "{\"type\": \"person\", \"id\": \"" + id + "\", \"name\": {\"fullName\": \"CRASH Person " + i
                            + "\"}, \"nationalities\": [\"FR\"]}"
                    : "{\"type\": \"notice\", \"id\": \"" + id + "\", \"kind\": \"yellow\", \"subject\": {\"id\": \""
                            + id + "-subject\", \"name\": {\"fullName\": \"CRASH Subject " + i
                            + "\"}}, \"requestingCountries\": [\"FR\"]}";
            typeOfRecord.put(id, i % 2 == 0 ? "person" : "notice");
            liaison.drop("interpol", "input-" + number + ".json",
                    "{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\": [" + record + "]}");
        }
        return typeOfRecord;
    }

    private void started() throws IOException {
        Duration took = liaison.start(START);
        log("started in " + took.toMillis() + " ms: " + progress());
    }

    private int kills;

    /** Waits for the flow to reach a point, kills the JVM there, and returns what the flow looks like after the kill. */
    private Progress killWhen(String point, Predicate<Progress> reached) throws InterruptedException {
        Progress seen = Await.until(point, PHASE, this::progress, reached);
        liaison.kill();
        kills++;
        Progress after = progress();
        log("kill -9 #" + kills + " (" + point + "): seen " + seen + "; after the kill " + after);
        return after;
    }

    private Progress progress() {
        List<JsonObject> entries = audit.read();
        Set<String> received = new HashSet<>();
        Set<String> decided = new HashSet<>();
        Set<String> delivered = new HashSet<>();
        for (JsonObject entry : entries) {
            switch (AuditEntries.string(entry, "event")) {
                case "input-received" -> received.add(AuditEntries.string(entry, "payload"));
                case "decision" -> decided.add(AuditEntries.string(entry, "delivery"));
                case "delivered" -> delivered.add(AuditEntries.string(entry, "delivery"));
                default -> {
                }
            }
        }
        return new Progress(liaison.files(INBOX).size(), liaison.files(ACCEPTED).size(), received.size(),
                decided.size(), delivered.size(), liaison.files(OUTBOX).size());
    }

    /**
     * Reads every outbox file: one per idempotency key, since a repeated delivery replaces the file of its key.
     * Asserts that each record is in exactly one of them, that is under exactly one key, and returns the key of each
     * record.
     */
    private Map<String, String> deliveredOnceEach(Map<String, String> typeOfRecord) throws IOException {
        Map<String, List<String>> keysOfRecord = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        List<Path> files = liaison.files(OUTBOX);
        for (Path file : files) {
            Matcher name = DELIVERED_FILE.matcher(file.getFileName().toString());
            if (!name.matches()) {
                problems.add("unexpected file " + file.getFileName());
                continue;
            }
            JsonArray records = JsonParser.parseString(Files.readString(file)).getAsJsonObject()
                    .getAsJsonArray("records");
            if (records.size() != 1) {
                problems.add(file.getFileName() + " holds " + records.size() + " records, not 1");
            }
            for (int i = 0; i < records.size(); i++) {
                JsonObject record = records.get(i).getAsJsonObject();
                String id = record.get("id").getAsString();
                keysOfRecord.computeIfAbsent(id, k -> new ArrayList<>()).add(name.group(1));
                if (!record.get("type").getAsString().equals(name.group(3))
                        || !name.group(3).equals(typeOfRecord.get(id))) {
                    problems.add(file.getFileName() + " holds a " + record.get("type").getAsString() + " " + id
                            + ", sent as a " + typeOfRecord.get(id));
                }
            }
        }
        Set<String> missing = new HashSet<>(typeOfRecord.keySet());
        missing.removeAll(keysOfRecord.keySet());
        Set<String> unexpected = new HashSet<>(keysOfRecord.keySet());
        unexpected.removeAll(typeOfRecord.keySet());
        Map<String, List<String>> underSeveralKeys = keysOfRecord.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        log("outbox: " + files.size() + " files, " + keysOfRecord.size() + " distinct records, " + missing.size()
                + " missing, " + underSeveralKeys.size() + " delivered under more than one key");
        assertEquals(List.of(), problems, "every outbox file is one record of one exchange");
        assertEquals(Set.of(), missing, "every record was delivered");
        assertEquals(Set.of(), unexpected, "nothing else was delivered");
        assertEquals(Map.of(), underSeveralKeys,
                "each record was delivered under one idempotency key only: a second key is a duplicate a recipient"
                        + " cannot drop");
        assertEquals(EXCHANGES, files.size(), "one outbox file per exchange");
        Map<String, String> keyOfRecord = new TreeMap<>();
        keysOfRecord.forEach((id, keys) -> keyOfRecord.put(id, keys.get(0)));
        return keyOfRecord;
    }

    /**
     * The audit trail agrees with the inbox and the outbox: nothing was delivered under a key that is not in the
     * outbox, nothing was denied, and, as every event is audited, every acknowledged input has its
     * {@code input-received} entry and every delivery its {@code decision} and {@code delivered} entries, kills or
     * not. Prints how many deliveries were repeated (at least once delivery: a kill between the write to the outbox
     * and the journal's commit repeats it under the same key).
     */
    private void auditedCompletely(Map<String, String> keyOfRecord) {
        Set<String> keys = new TreeSet<>(keyOfRecord.values());
        Map<String, Integer> deliveriesPerKey = new TreeMap<>();
        audit.of("delivered").forEach(entry -> deliveriesPerKey.merge(AuditEntries.string(entry, "delivery"), 1,
                Integer::sum));
        Map<String, String> verdicts = new TreeMap<>();
        audit.of("decision").forEach(entry -> verdicts.put(AuditEntries.string(entry, "delivery"),
                AuditEntries.string(entry, "verdict")));
        Set<String> inputs = new TreeSet<>(names(liaison.files(ACCEPTED)));
        audit.of("input-received").forEach(entry -> inputs.remove(AuditEntries.string(entry, "name")));
        Map<Integer, Long> histogram = deliveriesPerKey.values().stream()
                .collect(Collectors.groupingBy(count -> count, TreeMap::new, Collectors.counting()));
        Set<String> undecided = keys.stream().filter(key -> !verdicts.containsKey(key))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unaudited = keys.stream().filter(key -> !deliveriesPerKey.containsKey(key))
                .collect(Collectors.toCollection(TreeSet::new));
        log("audit: " + audit.read().size() + " entries; 'delivered' entries per key: " + histogram + " (count ->"
                + " keys); audit-recovered: " + audit.of("audit-recovered").size() + "; torn tails moved aside: "
                + allFiles("data/audit").stream().filter(f -> f.getFileName().toString().contains(".torn-")).count()
                + "; missing: " + inputs.size() + " input-received, " + undecided.size() + " decision, "
                + unaudited.size() + " delivered");

        Set<String> deliveredElsewhere = new TreeSet<>(deliveriesPerKey.keySet());
        deliveredElsewhere.removeAll(keys);
        assertEquals(Set.of(), deliveredElsewhere, "no delivery under a key that is not in the outbox");
        assertEquals(Set.of(), verdicts.entrySet().stream().filter(v -> !v.getValue().equals("ALLOW"))
                .map(Map.Entry::getKey).collect(Collectors.toSet()), "no exchange was denied");
        assertAll("every event is in the audit trail, although the JVM was killed 4 times",
                () -> assertEquals(Set.of(), inputs, "acknowledged inputs (moved to " + ACCEPTED + ") without"
                        + " their 'input-received' entry"),
                () -> assertEquals(Set.of(), undecided, "deliveries made without their 'decision' entry"),
                () -> assertEquals(Set.of(), unaudited, "deliveries in the outbox and DELIVERED in the journal"
                        + " without their 'delivered' entry"));
    }

    private List<Path> allFiles(String folder) {
        Path path = liaison.home().resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }

    private void log(String message) {
        System.out.printf("[crash test %6.1f s] %s%n", (System.nanoTime() - began) / 1e9, message);
        System.out.flush();
    }
}
