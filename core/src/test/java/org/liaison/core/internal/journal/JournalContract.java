package org.liaison.core.internal.journal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every journal database must do, whatever it is: the tests run against H2 ({@link JournalTest}) and against
 * a real PostgreSQL server ({@link JournalPostgresTest}).
 */
abstract class JournalContract {

    /** A clock the tests move by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00.123456Z");

    final TestClock clock = new TestClock(T0);
    Journal journal;

    /** Opens the journal under test; the same database each time within a test. */
    abstract Journal open(Clock clock) throws JournalException;

    /** A plain JDBC connection to the database under test. */
    abstract Connection connect() throws SQLException;

    @BeforeEach
    void openJournal() throws Exception {
        journal = open(clock);
    }

    @AfterEach
    void closeJournal() {
        if (journal != null) {
            journal.close();
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    /** The hash of the agreement configuration the contract's deliveries are decided under. */
    static final String CONFIGURATION = "c0ffee";

    static NewDelivery queued(String key, String recipient, String content) {
        return new NewDelivery(key, recipient, Journal.QUEUED, List.of("un-interpol"), List.of(),
                List.of("person.birthDate (un-interpol)"), bytes(content), CONFIGURATION);
    }

    static NewDelivery denied(String key, String recipient) {
        return new NewDelivery(key, recipient, Journal.DENIED, List.of(), List.of("no agreement covers " + recipient),
                List.of(), null, CONFIGURATION);
    }

    static NewExchange exchange(String id, Instant createdAt, NewDelivery... deliveries) {
        return new NewExchange(id, "interpol", "information-exchange", "peacekeeping-operations", "TLP:AMBER",
                createdAt, List.of(deliveries));
    }

    /** Receives a payload and completes it with one exchange of the given deliveries. */
    long journalExchange(String name, String exchangeId, NewDelivery... deliveries) throws JournalException {
        long id = journal.receive("interpol", name, bytes("payload " + name));
        journal.complete(id, List.of(exchange(exchangeId, clock.instant(), deliveries)), null);
        return id;
    }

    static List<String> keys(List<DueDelivery> due) {
        return due.stream().map(DueDelivery::key).toList();
    }

    // ------------------------------------------------------------------------------------------------- intake

    @Test
    void receiveStoresThePayloadAsReceived() throws Exception {
        long id = journal.receive("interpol", "notices-1.json", bytes("[1, 2, 3]"));

        List<StoredPayload> pending = journal.pendingPayloads(10);
        assertEquals(1, pending.size());
        StoredPayload payload = pending.get(0);
        assertEquals(id, payload.id());
        assertEquals("interpol", payload.partner());
        assertEquals("notices-1.json", payload.name());
        assertEquals(Journal.sha256(bytes("[1, 2, 3]")), payload.sha256());
        assertEquals(64, payload.sha256().length());
        assertEquals(T0, payload.receivedAt());
        assertArrayEquals(bytes("[1, 2, 3]"), payload.content());
        assertEquals(1L, journal.stats().payloadsByState().get(Journal.RECEIVED));
    }

    @Test
    void receiveIsIdempotentForTheSamePartnerNameAndContent() throws Exception {
        long first = journal.receive("interpol", "notices-1.json", bytes("A"));
        long again = journal.receive("interpol", "notices-1.json", bytes("A"));
        long otherContent = journal.receive("interpol", "notices-1.json", bytes("B"));
        long otherName = journal.receive("interpol", "notices-2.json", bytes("A"));
        long otherPartner = journal.receive("unodc", "notices-1.json", bytes("A"));

        assertEquals(first, again);
        assertEquals(4, Set.of(first, otherContent, otherName, otherPartner).size());
        assertEquals(4, journal.pendingPayloads(10).size());

        // once processed, the same payload is still recognised and not queued again
        journal.complete(first, List.of(), null);
        assertEquals(first, journal.receive("interpol", "notices-1.json", bytes("A")));
        assertEquals(3, journal.pendingPayloads(10).size());
        assertEquals(1L, journal.stats().payloadsByState().get(Journal.PROCESSED));
    }

    @Test
    void aPayloadQuarantinedWholeAndDroppedAgainIsDecidedAgainEvenWithItsContentPruned() throws Exception {
        long id = journal.receive("unodc", "bad.csv", bytes("x"));
        journal.complete(id, List.of(), "no format of partner unodc accepts this input");
        assertEquals(List.of(), journal.pendingPayloads(10));
        clock.advance(Duration.ofDays(2));
        journal.pruneContent(clock.instant());

        assertEquals(id, journal.receive("unodc", "bad.csv", bytes("x")), "the same payload, by its identity");
        List<StoredPayload> pending = journal.pendingPayloads(10);
        assertEquals(List.of(id), pending.stream().map(StoredPayload::id).toList(), "RECEIVED again");
        assertArrayEquals(bytes("x"), pending.get(0).content(), "its content stored again");

        // one that was processed (its good records went on) is not decided twice
        journal.complete(id, List.of(), null);
        journal.receive("unodc", "bad.csv", bytes("x"));
        assertEquals(List.of(), journal.pendingPayloads(10));
    }

    @Test
    void theSamePayloadReceivedByManyThreadsAtOnceIsStoredOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return journal.receive("interpol", "same.json", bytes("same content"));
                }));
            }
            start.countDown();
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> id : ids) {
                distinct.add(id.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "ids: " + distinct);
            assertEquals(1, journal.pendingPayloads(10).size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pendingPayloadsAreTheReceivedOnesOldestFirst() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(journal.receive("interpol", "n" + i + ".json", bytes("content " + i)));
        }
        journal.complete(ids.get(1), List.of(), "unreadable");

        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3)),
                journal.pendingPayloads(3).stream().map(StoredPayload::id).toList());
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3), ids.get(4)),
                journal.pendingPayloads(100).stream().map(StoredPayload::id).toList());
        assertThrows(IllegalArgumentException.class, () -> journal.pendingPayloads(0));
    }

    @Test
    void pendingPayloadsReadOnFromAnIdLeavingOutPartnersOrForOnePartner() throws Exception {
        long a1 = journal.receive("interpol", "a1.json", bytes("a1"));
        long b1 = journal.receive("unodc", "b1.csv", bytes("b1"));
        long a2 = journal.receive("interpol", "a2.json", bytes("a2"));
        long b2 = journal.receive("unodc", "b2.csv", bytes("b2"));
        long c1 = journal.receive("unpol", "c1.csv", bytes("c1"));

        assertEquals(List.of(a2, b2, c1), journal.pendingPayloads(b1, 10, List.of()).stream()
                .map(StoredPayload::id).toList());
        assertEquals(List.of(b1, b2), journal.pendingPayloads(0, 10, List.of("interpol", "unpol")).stream()
                .map(StoredPayload::id).toList());
        assertEquals(List.of(b2, c1), journal.pendingPayloads(a2, 10, List.of("interpol")).stream()
                .map(StoredPayload::id).toList());
        assertEquals(List.of(a2), journal.pendingPayloads("interpol", a1, 10).stream()
                .map(StoredPayload::id).toList());
        assertEquals(List.of(b1), journal.pendingPayloads("unodc", 0, 1).stream().map(StoredPayload::id).toList());
        assertArrayEquals(bytes("b1"), journal.pendingPayloads("unodc", 0, 1).get(0).content());
        assertTrue(journal.pendingPayloads("ngo", 0, 10).isEmpty());
    }

    @Test
    void receivingSeveralPayloadsStoresThemTogetherAndRecognisesRepeats() throws Exception {
        long earlier = journal.receive("interpol", "b.json", bytes("two"));

        List<Long> ids = journal.receive("interpol", List.of(new Journal.Received("a.json", bytes("one")),
                new Journal.Received("b.json", bytes("two")), new Journal.Received("c.json", bytes("three"))));

        assertEquals(3, ids.size());
        assertEquals(earlier, ids.get(1), "a payload stored already keeps its id");
        assertEquals(List.of(earlier, ids.get(0), ids.get(2)),
                journal.pendingPayloads(10).stream().map(StoredPayload::id).toList());
        assertEquals(List.of("b.json", "a.json", "c.json"),
                journal.pendingPayloads(10).stream().map(StoredPayload::name).toList());
    }

    @Test
    void completingSeveralPayloadsIsOneTransaction() throws Exception {
        long first = journal.receive("interpol", "first.json", bytes("one"));
        long second = journal.receive("interpol", "second.json", bytes("two"));
        long third = journal.receive("interpol", "third.json", bytes("three"));

        journal.complete(List.of(
                new Journal.Completion(first, List.of(exchange("x1", T0, queued("x1/unpol", "unpol", "1"))), null),
                new Journal.Completion(second, List.of(), "unreadable")));
        assertEquals(List.of(third), journal.pendingPayloads(10).stream().map(StoredPayload::id).toList());
        assertEquals(List.of("x1/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)));

        // the second completion reuses a delivery key: neither the first nor the second is journaled
        JournalException failure = assertThrows(JournalException.class, () -> journal.complete(List.of(
                new Journal.Completion(third, List.of(exchange("x3", T0, queued("x3/unpol", "unpol", "3"))), null),
                new Journal.Completion(first, List.of(), null))));
        assertTrue(failure.getMessage().contains("complete payload " + first + ": the payload is PROCESSED"),
                failure.getMessage());
        assertEquals(List.of(third), journal.pendingPayloads(10).stream().map(StoredPayload::id).toList());
        assertEquals(List.of("x1/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)));
    }

    @Test
    void completeJournalsTheExchangesAndQueuesTheAllowedDeliveries() throws Exception {
        long id = journal.receive("interpol", "n.json", bytes("records"));
        clock.advance(Duration.ofSeconds(1));
        journal.complete(id, List.of(exchange("x1", clock.instant(), queued("x1/unpol", "unpol", "{\"a\":1}"),
                denied("x1/ngo", "ngo"))), null);

        assertTrue(journal.pendingPayloads(10).isEmpty());
        List<DueDelivery> due = journal.dueDeliveries(clock.instant(), 10);
        assertEquals(1, due.size());
        DueDelivery delivery = due.get(0);
        assertEquals("x1/unpol", delivery.key());
        assertEquals("x1", delivery.exchangeId());
        assertEquals("unpol", delivery.recipient());
        assertEquals(0, delivery.attempts());
        assertArrayEquals(bytes("{\"a\":1}"), delivery.content());

        JournalStats stats = journal.stats();
        assertEquals(Map.of(Journal.RECEIVED, 0L, Journal.PROCESSED, 1L, Journal.QUARANTINED, 0L),
                stats.payloadsByState());
        assertEquals(Map.of(Journal.DENIED, 1L, Journal.QUEUED, 1L, Journal.DELIVERED, 0L, Journal.DEAD, 0L),
                stats.deliveriesByState());
        assertEquals(Map.of("unpol", 1L), stats.queuedByRecipient());

        ExchangeSummary summary = journal.exchanges(10).get(0);
        assertEquals(new ExchangeSummary("x1", "interpol", "information-exchange", "peacekeeping-operations",
                clock.instant(), Map.of("ngo", Journal.DENIED, "unpol", Journal.QUEUED)), summary);
        assertEquals(List.of("ngo", "unpol"), List.copyOf(summary.deliveryStateByRecipient().keySet()));
    }

    @Test
    void completeWithoutExchangesQuarantinesWhenThereIsAReason() throws Exception {
        long unreadable = journal.receive("interpol", "bad.json", bytes("{"));
        long unrouted = journal.receive("interpol", "nobody.json", bytes("[]"));
        long partly = journal.receive("interpol", "partly.json", bytes("[1, {]"));

        journal.complete(unreadable, List.of(), "not JSON: unexpected end of input at line 1");
        journal.complete(unrouted, List.of(), null);
        journal.complete(partly, List.of(exchange("x-partly", T0, queued("x-partly/unpol", "unpol", "[1]"))),
                "record 2: not JSON");

        assertEquals(Map.of(Journal.RECEIVED, 0L, Journal.PROCESSED, 2L, Journal.QUARANTINED, 1L),
                journal.stats().payloadsByState());
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT quarantine_reason FROM payload WHERE id = " + unreadable)) {
            rows.next();
            assertEquals("not JSON: unexpected end of input at line 1", rows.getString(1));
        }
    }

    @Test
    void completeIsAtomic() throws Exception {
        journalExchange("first.json", "x1", queued("x1/unpol", "unpol", "one"));
        long second = journal.receive("interpol", "second.json", bytes("two"));
        JournalStats before = journal.stats();

        // x2 goes in, then its second delivery reuses an existing key: the whole transaction must go
        JournalException failure = assertThrows(JournalException.class,
                () -> journal.complete(second, List.of(exchange("x2", T0, queued("x2/unpol", "unpol", "two"),
                        queued("x1/unpol", "ngo", "two"))), null));
        assertTrue(failure.getMessage().startsWith("complete payload " + second + ": "), failure.getMessage());
        assertTrue(failure.getMessage().contains("x1/unpol"), failure.getMessage());

        assertEquals(List.of(second), journal.pendingPayloads(10).stream().map(StoredPayload::id).toList());
        assertEquals(List.of("x1"), journal.exchanges(10).stream().map(ExchangeSummary::id).toList());
        assertEquals(List.of("x1/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)));
        assertEquals(before.payloadsByState(), journal.stats().payloadsByState());
        assertEquals(before.deliveriesByState(), journal.stats().deliveriesByState());
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM delivery_content")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }

        // nothing of the failed attempt lingers on the pooled connections: the corrected one goes through
        for (int i = 0; i < 3; i++) {
            journal.receive("interpol", "other-" + i + ".json", bytes("other " + i));
        }
        journal.complete(second, List.of(exchange("x2", T0, queued("x2/unpol", "unpol", "two"),
                queued("x2/ngo", "ngo", "two"))), null);
        assertEquals(List.of("x1/unpol", "x2/ngo", "x2/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)));
    }

    @Test
    void completeNamesAPayloadThatIsMissingOrDone() throws Exception {
        JournalException missing = assertThrows(JournalException.class, () -> journal.complete(424242, List.of(),
                null));
        assertEquals("complete payload 424242: no such payload", missing.getMessage());

        long id = journal.receive("interpol", "n.json", bytes("x"));
        journal.complete(id, List.of(), "unreadable");
        JournalException twice = assertThrows(JournalException.class, () -> journal.complete(id, List.of(), null));
        assertEquals("complete payload " + id + ": the payload is QUARANTINED, not RECEIVED", twice.getMessage());
    }

    @Test
    void newDeliveriesAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new NewDelivery("k", "unpol", Journal.DENIED, List.of(), List.of(), List.of(), null, CONFIGURATION));
        assertThrows(IllegalArgumentException.class,
                () -> new NewDelivery("k", "unpol", Journal.DENIED, List.of(), List.of("no"), List.of(), bytes("x"), CONFIGURATION));
        assertThrows(IllegalArgumentException.class,
                () -> new NewDelivery("k", "unpol", Journal.QUEUED, List.of(), List.of(), List.of(), null, CONFIGURATION));
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> new NewDelivery("k", "unpol", Journal.DELIVERED, List.of(), List.of(), List.of(), bytes("x"), CONFIGURATION));
        assertEquals("delivery k: state must be DENIED or QUEUED, not DELIVERED", state.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NewExchange("x", "interpol", " ", "p", null, T0,
                List.of()));
    }

    // --------------------------------------------------------------------------------------------- deliveries

    @Test
    void dueDeliveriesComeInOrderOfTheirNextAttempt() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "a"));
        clock.advance(Duration.ofSeconds(1));
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"));

        assertEquals(List.of("xa/ngo", "xa/unpol", "xb/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)));
        assertEquals(List.of("xa/ngo", "xa/unpol"), keys(journal.dueDeliveries(clock.instant(), 2)));
        assertEquals(List.of("xa/ngo", "xa/unpol"), keys(journal.dueDeliveries(T0, 10)));
        assertEquals(List.of(), keys(journal.dueDeliveries(T0.minusMillis(1), 10)));
        assertEquals(List.of("xa/unpol", "xb/unpol"), keys(journal.dueDeliveries("unpol", clock.instant(), 10)));
        assertEquals(List.of("xa/ngo"), keys(journal.dueDeliveries("ngo", clock.instant(), 10)));

        // a retry later moves it behind the others
        journal.markRetry("xa/ngo", 1, "connection refused", clock.instant().plusSeconds(60));
        assertEquals(List.of("xa/unpol", "xb/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)));
        List<DueDelivery> later = journal.dueDeliveries(clock.instant().plusSeconds(60), 10);
        assertEquals(List.of("xa/unpol", "xb/unpol", "xa/ngo"), keys(later));
        assertEquals(1, later.get(2).attempts());
    }

    @Test
    void nextDueAtIsTheEarliestNextAttemptOfAQueuedDelivery() throws Exception {
        assertEquals(Optional.empty(), journal.nextDueAt(), "nothing queued, nothing due");
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "a"),
                denied("xa/ti", "ti"));
        Instant queuedAt = journal.nextDueAt().orElseThrow();
        assertFalse(queuedAt.isAfter(clock.instant()), "a new delivery is due at once: " + queuedAt);

        journal.markRetry("xa/ngo", 1, "connection refused", clock.instant().plusSeconds(60));
        journal.markRetry("xa/unpol", 1, "connection refused", clock.instant().plusSeconds(30));
        assertEquals(Optional.of(clock.instant().plusSeconds(30)), journal.nextDueAt());
        journal.markDelivered("xa/unpol", clock.instant());
        assertEquals(Optional.of(clock.instant().plusSeconds(60)), journal.nextDueAt(),
                "a delivered delivery is no longer due, and a denied one never was");
        journal.markDelivered("xa/ngo", clock.instant());
        assertEquals(Optional.empty(), journal.nextDueAt());
    }

    @Test
    void aDeliveredDeliveryIsNoLongerDue() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), denied("xa/ngo", "ngo"));

        journal.markDelivered("xa/unpol", clock.instant());
        assertTrue(journal.dueDeliveries(clock.instant().plusSeconds(3600), 10).isEmpty());
        assertEquals(1L, journal.stats().deliveriesByState().get(Journal.DELIVERED));
        assertEquals(Map.of(), journal.stats().queuedByRecipient());

        // a second acknowledgement of the same delivery changes nothing
        journal.markDelivered("xa/unpol", clock.instant().plusSeconds(5));
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT delivered_at FROM delivery WHERE delivery_key = 'xa/unpol'")) {
            rows.next();
            assertEquals(T0, rows.getObject(1, java.time.OffsetDateTime.class).toInstant());
        }

        assertEquals("markDelivered nope: no such delivery",
                assertThrows(JournalException.class, () -> journal.markDelivered("nope", T0)).getMessage());
        assertEquals("markDelivered xa/ngo: the delivery is DENIED, not QUEUED",
                assertThrows(JournalException.class, () -> journal.markDelivered("xa/ngo", T0)).getMessage());
        assertEquals("markRetry xa/unpol: the delivery is DELIVERED, not QUEUED", assertThrows(
                JournalException.class, () -> journal.markRetry("xa/unpol", 1, "x", T0)).getMessage());
        assertEquals("markDeadLetter xa/unpol: the delivery is DELIVERED, not QUEUED", assertThrows(
                JournalException.class, () -> journal.markDeadLetter("xa/unpol", 1, "x")).getMessage());
    }

    @Test
    void dueDeliveriesCanPassOverKeysTheReaderHasInHand() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "b"),
                queued("xa/unodc", "unodc", "c"));

        List<DueDelivery> due = journal.dueDeliveries(clock.instant(), 10,
                (key, recipient) -> !recipient.equals("ngo"));

        assertEquals(List.of("xa/unodc", "xa/unpol"), keys(due));
        assertArrayEquals(bytes("c"), due.get(0).content());
        assertEquals(List.of("xa/ngo"), keys(journal.dueDeliveries(clock.instant(), 1, (key, recipient) -> true)));
        assertEquals(List.of(), keys(journal.dueDeliveries(clock.instant(), 1,
                (key, recipient) -> !key.equals("xa/ngo"))), "the limit counts the rows read, those passed over too");
    }

    @Test
    void severalDeliveriesAreMarkedDeliveredTogether() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "a"),
                denied("xa/unodc", "unodc"));
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"));
        journal.markDelivered("xb/unpol", T0);

        Map<String, String> notQueued = journal.markDelivered(List.of("xa/unpol", "xb/unpol", "xa/unodc", "nope",
                "xa/ngo"), clock.instant());

        assertEquals(Map.of("xa/unodc", Journal.DENIED, "nope", "no such delivery"), notQueued);
        assertEquals(List.of("xa/unodc", "nope"), List.copyOf(notQueued.keySet()));
        assertTrue(journal.dueDeliveries(clock.instant().plusSeconds(3600), 10).isEmpty());
        assertEquals(3L, journal.stats().deliveriesByState().get(Journal.DELIVERED));
        assertEquals(Map.of(), journal.markDelivered(List.of(), T0));
    }

    @Test
    void deliveriesWaitingForAPluginAreDueAgainWhenWoken() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "a"),
                queued("xa/unodc", "unodc", "a"));
        Instant later = clock.instant().plusSeconds(60);
        journal.markWaiting("xa/unpol", "format acled-csv of unpol", later);
        journal.markRetry("xa/ngo", 1, "connection refused", later);

        assertEquals(List.of("xa/unodc"), keys(journal.dueDeliveries(clock.instant(), 10)));
        assertEquals(1, journal.wakeWaiting(clock.instant()));
        assertEquals(List.of("xa/unodc", "xa/unpol"), keys(journal.dueDeliveries(clock.instant(), 10)),
                "the delivery waiting for a plugin is due again; the one waiting for its retry is not");
        DueDelivery waited = journal.dueDeliveries(clock.instant(), 10).get(1);
        assertEquals(0, waited.attempts(), "waiting uses up no attempt");
        assertEquals(0, journal.wakeWaiting(clock.instant()), "nothing is waiting any more");

        journal.markDelivered("xa/unodc", T0);
        assertEquals("markWaiting xa/unodc: the delivery is DELIVERED, not QUEUED", assertThrows(
                JournalException.class, () -> journal.markWaiting("xa/unodc", "x", later)).getMessage());
    }

    @Test
    void retriesEndInADeadLetterThatReplayQueuesAgain() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "a"));
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"));

        journal.markRetry("xa/unpol", 1, "HTTP 503", clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        journal.markRetry("xa/unpol", 2, "HTTP 503", clock.instant().plusSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        journal.markDeadLetter("xa/unpol", 3, "HTTP 500: broken");
        clock.advance(Duration.ofSeconds(1));
        journal.markDeadLetter("xb/unpol", 1, "x".repeat(10_000));

        List<DeadLetter> dead = journal.deadLetters(10);
        assertEquals(2, dead.size());
        assertEquals(new DeadLetter("xa/unpol", "xa", "unpol", 3, "HTTP 500: broken", T0.plusSeconds(3)),
                dead.get(0));
        assertEquals(4000, dead.get(1).lastError().length(), "errors are kept up to 4000 characters");
        assertEquals(1, journal.deadLetters(1).size());
        assertEquals(List.of("xa/ngo"), keys(journal.dueDeliveries(clock.instant().plusSeconds(3600), 10)));
        JournalStats stats = journal.stats();
        assertEquals(Map.of("unpol", 2L), stats.deadByRecipient());
        assertEquals(Map.of("ngo", 1L), stats.queuedByRecipient());
        assertEquals(2L, stats.deliveriesByState().get(Journal.DEAD));

        // replay one: queued again, due now, attempts from zero
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, journal.replay("xa/unpol", clock.instant()));
        assertEquals(0, journal.replay("xa/unpol", clock.instant()), "no longer a dead letter");
        assertEquals(0, journal.replay("no-such-key", clock.instant()));
        List<DueDelivery> due = journal.dueDeliveries(clock.instant(), 10);
        assertEquals(List.of("xa/ngo", "xa/unpol"), keys(due));
        assertEquals(0, due.get(1).attempts());
        assertArrayEquals(bytes("a"), due.get(1).content());
        assertEquals(List.of("xb/unpol"), journal.deadLetters(10).stream().map(DeadLetter::key).toList());

        // replay all, then the cycle again
        assertEquals(1, journal.replay(null, clock.instant()));
        assertTrue(journal.deadLetters(10).isEmpty());
        journal.markDeadLetter("xb/unpol", 1, "again");
        assertEquals(1, journal.replay(null, clock.instant()));
        journal.markDelivered("xb/unpol", clock.instant());
        assertEquals(Map.of(Journal.DENIED, 0L, Journal.QUEUED, 2L, Journal.DELIVERED, 1L, Journal.DEAD, 0L),
                journal.stats().deliveriesByState());
    }

    @Test
    void aDueDeliveryCarriesItsExchangesTermsAndTheConfigurationThatDecidedIt() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"));
        for (List<DueDelivery> due : List.of(journal.dueDeliveries(clock.instant(), 10),
                journal.dueDeliveries("unpol", clock.instant(), 10),
                journal.dueDeliveries(clock.instant(), 10, (key, recipient) -> true))) {
            assertEquals(1, due.size());
            assertEquals(new DueDelivery.Terms("interpol", "information-exchange", "peacekeeping-operations",
                    "TLP:AMBER", CONFIGURATION, T0, null), due.get(0).terms());
        }
    }

    @Test
    void theJournalRemembersWhereTheRecordsDeliveredToAPartnerCameFrom() throws Exception {
        // unodc's seizures delivered to interpol; the same records queued (not yet delivered) to ti
        long unodc = journal.receive("unodc", "seizures.json", bytes("s"));
        journal.complete(unodc, List.of(new NewExchange("xu", "unodc", "information-exchange", "drugs", "TLP:AMBER",
                T0, List.of(new NewDelivery("xu/interpol", "interpol", Journal.QUEUED, List.of("crimjust"), List.of(),
                        List.of(), bytes("s"), CONFIGURATION, List.of("seizure:GHA-1", "seizure:COL-1")),
                        new NewDelivery("xu/ti", "ti", Journal.QUEUED, List.of("crimjust"), List.of(), List.of(),
                                bytes("s"), CONFIGURATION, List.of("seizure:GHA-1"))))), null);
        assertEquals(Map.of(), journal.originsOf("interpol", List.of("seizure:GHA-1")), "not delivered yet");
        journal.markDelivered("xu/interpol", T0);
        assertEquals(Map.of("seizure:GHA-1", "unodc", "seizure:COL-1", "unodc"),
                journal.originsOf("interpol", List.of("seizure:GHA-1", "seizure:COL-1", "person:P1")));
        assertEquals(Map.of(), journal.originsOf("ti", List.of("seizure:GHA-1")), "queued to ti, not delivered");

        // interpol passes them on: the exchange keeps unodc as originator, and so do its deliveries
        long back = journal.receive("interpol", "again.json", bytes("again"));
        journal.complete(back, List.of(new NewExchange("xi", "interpol", "information-exchange", "drugs",
                "TLP:AMBER", T0, List.of(queued("xi/unpol", "unpol", "again")), "unodc")), null);
        DueDelivery due = journal.dueDeliveries("unpol", clock.instant(), 10).get(0);
        assertEquals("unodc", due.terms().originator());
        journal.markDelivered("xi/unpol", T0);
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            many.add("seizure:X-" + i);
        }
        many.add("seizure:COL-1");
        assertEquals(Map.of("seizure:COL-1", "unodc"), journal.originsOf("interpol", many),
                "asked in several queries");
    }

    @Test
    void aDeliveryDeniedAtDeliveryKeepsItsContentReasonsAndConfigurationAndReplayQueuesItAgain() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), denied("xa/ngo", "ngo"));
        journal.markRetry("xa/unpol", 1, "HTTP 503", clock.instant());
        clock.advance(Duration.ofSeconds(5));
        journal.markDenied("xa/unpol", List.of("un-interpol: is suspended"), "beef", clock.instant());

        assertEquals(List.of(), journal.dueDeliveries(clock.instant().plusSeconds(3600), 10), "no longer due");
        assertEquals(List.of(new DeadLetter("xa/unpol", "xa", "unpol", 1,
                Journal.DENIED_AT_DELIVERY + ": un-interpol: is suspended", T0.plusSeconds(5))),
                journal.deniedAtDelivery(10), "the one denied when its exchange was made is not listed");
        assertEquals(List.of(), journal.deadLetters(10));
        assertEquals(Map.of("ngo", Journal.DENIED, "unpol", Journal.DENIED_AT_DELIVERY),
                journal.exchanges(10).get(0).deliveryStateByRecipient());
        assertEquals(2L, journal.stats().deliveriesByState().get(Journal.DENIED));
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT reasons, decided_under FROM delivery"
                        + " WHERE delivery_key = 'xa/unpol'")) {
            assertTrue(row.next());
            assertEquals("[\"un-interpol: is suspended\"]", row.getString(1));
            assertEquals("beef", row.getString(2));
        }
        assertEquals("markDenied xa/unpol: the delivery is DENIED, not QUEUED", assertThrows(JournalException.class,
                () -> journal.markDenied("xa/unpol", List.of("again"), "beef", clock.instant())).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> journal.markDenied("xa/unpol", List.of(), "beef", clock.instant()));

        assertEquals(0, journal.replay("xa/ngo", clock.instant()), "denied when made: nothing to deliver");
        assertEquals(1, journal.replay("xa/unpol", clock.instant()));
        List<DueDelivery> due = journal.dueDeliveries(clock.instant(), 10);
        assertEquals(List.of("xa/unpol"), keys(due));
        assertEquals(0, due.get(0).attempts());
        assertArrayEquals(bytes("a"), due.get(0).content());
        assertEquals("beef", due.get(0).terms().decidedUnder(), "the denial was its last decision");
        assertEquals(List.of(), journal.deniedAtDelivery(10));
        journal.markDenied("xa/unpol", List.of("still suspended"), "beef", clock.instant());
        assertEquals(1, journal.replay(null, clock.instant()), "replaying all takes denials at delivery too");
        journal.markDelivered("xa/unpol", clock.instant());
        assertEquals(Map.of("ngo", Journal.DENIED, "unpol", Journal.DELIVERED),
                journal.exchanges(10).get(0).deliveryStateByRecipient());
    }

    @Test
    void aJournalOfSchemaVersion1IsBroughtUpToDateAndItsDeliveriesAreDecidedAgain() throws Exception {
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"));
        journal.close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("ALTER TABLE delivery DROP COLUMN decided_under");
            s.executeUpdate("ALTER TABLE delivery DROP COLUMN decided_at");
            s.executeUpdate("ALTER TABLE exchange DROP COLUMN originator");
            s.executeUpdate("DROP TABLE delivery_record");
            s.executeUpdate("DELETE FROM journal_schema");
            s.executeUpdate("INSERT INTO journal_schema (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        journal = open(clock);
        List<DueDelivery> due = journal.dueDeliveries(clock.instant(), 10);
        assertEquals(List.of("xa/unpol"), keys(due));
        assertNull(due.get(0).terms().decidedUnder(), "unknown: the engine decides it again");
        assertNull(due.get(0).terms().decidedAt());
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT MAX(version) FROM journal_schema")) {
            assertTrue(row.next());
            assertEquals(Journal.SCHEMA_VERSION, row.getInt(1));
        }
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"));
        assertEquals(CONFIGURATION, journal.dueDeliveries("unpol", clock.instant(), 10).get(1).terms().decidedUnder());
    }

    @Test
    void pruningDropsOnlyTheContentOfWhatIsFinished() throws Exception {
        long waiting = journal.receive("unodc", "waiting.json", bytes("w"));
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ngo", "ngo", "a"),
                queued("xa/ti", "ti", "a"), denied("xa/un", "un"));
        journal.markDelivered("xa/unpol", T0);
        journal.markDeadLetter("xa/ngo", 8, "refused");
        clock.advance(Duration.ofHours(1));
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"));
        journal.markDelivered("xb/unpol", clock.instant());

        assertEquals(0, journal.pruneContent(T0), "nothing finished before T0");
        // a.json (completed at T0) and xa/unpol (delivered at T0); not b.json and xb/unpol, finished an hour later
        assertEquals(2, journal.pruneContent(T0.plusSeconds(1)));
        assertEquals(0, journal.pruneContent(T0.plusSeconds(1)));

        assertEquals(List.of(waiting), journal.pendingPayloads(10).stream().map(StoredPayload::id).toList());
        assertEquals(List.of("xa/ti"), keys(journal.dueDeliveries(clock.instant(), 10)));
        assertEquals(1, journal.replay("xa/ngo", clock.instant()));
        assertEquals(List.of("xa/ti", "xa/ngo"), keys(journal.dueDeliveries(clock.instant(), 10)));
        assertEquals(Map.of(Journal.DENIED, 1L, Journal.QUEUED, 2L, Journal.DELIVERED, 2L, Journal.DEAD, 0L),
                journal.stats().deliveriesByState());
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT (SELECT COUNT(*) FROM payload_content), (SELECT COUNT(*) FROM delivery_content)")) {
            rows.next();
            assertEquals(2, rows.getInt(1), "waiting.json and b.json");
            assertEquals(3, rows.getInt(2), "xa/ti, xa/ngo and xb/unpol");
        }
    }

    // ------------------------------------------------------------------------------------------------- status

    @Test
    void statsCountEveryState() throws Exception {
        JournalStats empty = journal.stats();
        assertEquals(Map.of(Journal.RECEIVED, 0L, Journal.PROCESSED, 0L, Journal.QUARANTINED, 0L),
                empty.payloadsByState());
        assertEquals(List.of(Journal.RECEIVED, Journal.PROCESSED, Journal.QUARANTINED),
                List.copyOf(empty.payloadsByState().keySet()));
        assertEquals(List.of(Journal.DENIED, Journal.QUEUED, Journal.DELIVERED, Journal.DEAD),
                List.copyOf(empty.deliveriesByState().keySet()));

        journal.receive("unodc", "waiting.json", bytes("w"));
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), queued("xa/ti", "transparency", "a"),
                denied("xa/ngo", "ngo"));
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"), queued("xb/ti", "transparency", "b"));
        journal.markDelivered("xa/ti", T0);
        journal.markDeadLetter("xb/ti", 8, "refused");

        JournalStats stats = journal.stats();
        assertEquals(Map.of(Journal.RECEIVED, 1L, Journal.PROCESSED, 2L, Journal.QUARANTINED, 0L),
                stats.payloadsByState());
        assertEquals(Map.of(Journal.DENIED, 1L, Journal.QUEUED, 2L, Journal.DELIVERED, 1L, Journal.DEAD, 1L),
                stats.deliveriesByState());
        assertEquals(Map.of("unpol", 2L), stats.queuedByRecipient());
        assertEquals(Map.of("transparency", 1L), stats.deadByRecipient());
        assertTrue(stats.sizeBytes() > 0, "size " + stats.sizeBytes());
    }

    @Test
    void exchangesAreListedNewestFirst() throws Exception {
        for (int i = 0; i < 4; i++) {
            journalExchange("p" + i + ".json", "x" + i, queued("x" + i + "/unpol", "unpol", "c" + i));
            clock.advance(Duration.ofMinutes(1));
        }
        long quiet = journal.receive("interpol", "quiet.json", bytes("q"));
        journal.complete(quiet, List.of(exchange("x-none", clock.instant())), null);
        journal.markDelivered("x1/unpol", clock.instant());

        List<ExchangeSummary> all = journal.exchanges(10);
        assertEquals(List.of("x-none", "x3", "x2", "x1", "x0"), all.stream().map(ExchangeSummary::id).toList());
        assertEquals(Map.of(), all.get(0).deliveryStateByRecipient());
        assertEquals(Map.of("unpol", Journal.DELIVERED), all.get(3).deliveryStateByRecipient());
        assertEquals(T0.plus(Duration.ofMinutes(1)), all.get(3).createdAt());
        assertEquals(List.of("x-none", "x3"), journal.exchanges(2).stream().map(ExchangeSummary::id).toList());
    }

    // ----------------------------------------------------------------------------------------------- lifetime

    @Test
    void reopeningKeepsEverything() throws Exception {
        long waiting = journal.receive("unodc", "waiting.json", bytes("w"));
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"), denied("xa/ngo", "ngo"));
        journalExchange("b.json", "xb", queued("xb/unpol", "unpol", "b"));
        journal.markRetry("xa/unpol", 2, "timeout", T0.plusSeconds(30));
        journal.markDeadLetter("xb/unpol", 8, "refused");
        JournalStats stats = journal.stats();
        List<ExchangeSummary> exchanges = journal.exchanges(10);
        List<DeadLetter> dead = journal.deadLetters(10);
        journal.close();

        assertEquals("pendingPayloads: the journal is closed",
                assertThrows(JournalException.class, () -> journal.pendingPayloads(1)).getMessage());

        journal = open(clock);
        assertEquals(List.of(waiting), journal.pendingPayloads(10).stream().map(StoredPayload::id).toList());
        assertArrayEquals(bytes("w"), journal.pendingPayloads(10).get(0).content());
        assertEquals(stats.payloadsByState(), journal.stats().payloadsByState());
        assertEquals(stats.deliveriesByState(), journal.stats().deliveriesByState());
        assertEquals(exchanges, journal.exchanges(10));
        assertEquals(dead, journal.deadLetters(10));
        List<DueDelivery> due = journal.dueDeliveries(T0.plusSeconds(30), 10);
        assertEquals(List.of("xa/unpol"), keys(due));
        assertEquals(2, due.get(0).attempts());
        // the same payload is still known after the reopen
        assertEquals(waiting, journal.receive("unodc", "waiting.json", bytes("w")));
    }

    @Test
    void aJournalFromANewerLiaisonIsRefused() throws Exception {
        journal.close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO journal_schema (version, applied_at) VALUES (99, CURRENT_TIMESTAMP)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        JournalException refused = assertThrows(JournalException.class, () -> journal = open(clock));
        assertTrue(refused.getMessage().endsWith(
                ": the journal has schema version 99; this Liaison knows version " + Journal.SCHEMA_VERSION
                        + " at most"), refused.getMessage());
        journal = null;
    }

    @Test
    void sourcesProcessorAndDeliveryThreadsWorkAtOnce() throws Exception {
        int sources = 3;
        int perSource = 40;
        ExecutorService pool = Executors.newFixedThreadPool(sources + 2);
        try {
            Set<Long> received = ConcurrentHashMap.newKeySet();
            List<Callable<Void>> work = new ArrayList<>();
            for (int s = 0; s < sources; s++) {
                String partner = "partner-" + s;
                work.add(() -> {
                    for (int i = 0; i < perSource; i++) {
                        received.add(journal.receive(partner, "p" + i + ".json", bytes(partner + i)));
                    }
                    return null;
                });
            }
            int total = sources * perSource;
            Set<String> delivered = ConcurrentHashMap.newKeySet();
            work.add(() -> {
                int done = 0;
                while (done < total) {
                    for (StoredPayload payload : journal.pendingPayloads(10)) {
                        String x = "x" + payload.id();
                        journal.complete(payload.id(), List.of(exchange(x, T0, queued(x + "/unpol", "unpol",
                                new String(payload.content(), UTF_8)))), null);
                        done++;
                    }
                }
                return null;
            });
            work.add(() -> {
                while (delivered.size() < total) {
                    for (DueDelivery due : journal.dueDeliveries(T0, 10)) {
                        journal.markDelivered(due.key(), T0);
                        delivered.add(due.key());
                    }
                }
                return null;
            });
            for (Future<Void> result : pool.invokeAll(work, 60, TimeUnit.SECONDS)) {
                result.get();
            }
            assertEquals(total, received.size());
            assertEquals(total, delivered.size());
            JournalStats stats = journal.stats();
            assertEquals((long) total, stats.payloadsByState().get(Journal.PROCESSED));
            assertEquals((long) total, stats.deliveriesByState().get(Journal.DELIVERED));
            assertNull(stats.queuedByRecipient().get("unpol"));
        } finally {
            pool.shutdownNow();
        }
    }
}
