package org.liaison.core.internal.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import com.google.gson.Gson;

/**
 * The durable record of everything the exchange engine takes in and sends out, in a relational database reached
 * through JDBC: an embedded H2 file by default, PostgreSQL for deployments with several nodes.
 *
 * <p>
 * A payload is {@linkplain #receive received} (committed before its data source acknowledges it), then
 * {@linkplain #complete completed} in one transaction together with the exchanges and deliveries made of it. A
 * queued delivery is due until it is {@linkplain #markDelivered delivered}, {@linkplain #markRetry retried} later
 * or {@linkplain #markDeadLetter dead-lettered}; dead letters are {@linkplain #replay replayed} on request. When a
 * method returns, what it wrote is committed: on H2 it survives a kill of the JVM at any moment (see
 * {@link #H2_OPTIONS}), on PostgreSQL a crash of the server too.
 *
 * <p>
 * Thread-safe: data sources, the processor and the delivery threads call it concurrently. Each call runs in its own
 * transaction on a connection of a small pool.
 */
public final class Journal implements AutoCloseable {

    /** Payload states. */
    public static final String RECEIVED = "RECEIVED";
    public static final String PROCESSED = "PROCESSED";
    public static final String QUARANTINED = "QUARANTINED";

    /** Delivery states. */
    public static final String DENIED = "DENIED";
    public static final String QUEUED = "QUEUED";
    public static final String DELIVERED = "DELIVERED";
    public static final String DEAD = "DEAD";

    /**
     * The schema version this code reads and writes; {@code schema.sql} creates it, or brings a journal of an
     * earlier version up to it.
     */
    static final int SCHEMA_VERSION = 2;

    /**
     * The options {@link #open} adds to an H2 file URL that does not set them itself.
     * <ul>
     * <li>{@code WRITE_DELAY=0}: H2 2.x keeps committed changes in memory for up to {@code WRITE_DELAY} ms (500 by
     * default) and writes them from a background thread, so a kill in that window loses transactions that
     * {@code commit()} had confirmed. At 0, every commit writes its changes to the file (MVStore
     * {@code commit()}, which waits for the chunk to be written) before it returns. A process kill cannot undo a
     * completed write: the bytes are in the operating system's cache and reach the disk without the process. The
     * file is not synced at each commit, so a power failure or kernel crash can lose the last few seconds; the
     * journal syncs it every {@link #H2_SYNC_SECONDS} s with {@code CHECKPOINT SYNC}, and the MVStore format
     * reopens at its last complete chunk, never in a torn state. The price is space: each commit writes a chunk of
     * its own, and H2 compacts chunks that keep a little live data only in the background writer that
     * {@code WRITE_DELAY=0} turns off. Measured here at 200 payloads/s (26 kB, two deliveries each) the file grew
     * at about 2.5 times the bytes journaled; {@link #pruneContent} keeps it in bounds over long runs.</li>
     * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the journal closes the database itself; H2's own shutdown hook would
     * close it under threads that are still writing and make their commits fail instead of finishing.</li>
     * </ul>
     */
    public static final String H2_OPTIONS = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    /** How often an H2 journal is synced to disk. */
    static final long H2_SYNC_SECONDS = 10;

    private static final int POOL_SIZE = 8;
    private static final long POOL_WAIT_MILLIS = 30_000;
    private static final int MAX_TEXT = 4000;
    private static final HexFormat HEX = HexFormat.of();

    enum Dialect {
        H2, POSTGRESQL, OTHER;

        static Dialect of(String jdbcUrl) {
            String url = jdbcUrl.toLowerCase(Locale.ROOT);
            if (url.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            return OTHER;
        }
    }

    private final String url;
    private final Dialect dialect;
    private final ConnectionPool pool;
    private final Clock clock;
    private final Gson gson = new Gson();
    private final ScheduledExecutorService housekeeping;
    /** The H2 database file, null for other databases; set once while opening. */
    private volatile Path h2File;
    private volatile boolean closed;

    private Journal(String url, Dialect dialect, ConnectionPool pool, Clock clock) {
        this.url = url;
        this.dialect = dialect;
        this.pool = pool;
        this.clock = clock;
        this.housekeeping = dialect != Dialect.H2 ? null : Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "liaison-journal-sync");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The URL of the default journal: an H2 database {@code liaison} in {@code directory} (the file
     * {@code liaison.mv.db}; the directory is made when absent), with {@link #H2_OPTIONS}. A Liaison home keeps it
     * in {@code data/journal}.
     */
    public static String defaultUrl(Path directory) {
        return "jdbc:h2:file:" + directory.resolve("liaison").toAbsolutePath().normalize() + H2_OPTIONS;
    }

    /**
     * Opens the journal at a JDBC URL, creating it when absent, and creates or checks its schema. An H2 URL gets
     * {@link #H2_OPTIONS} for the options it does not set; H2 is loaded through {@code org.h2.Driver} directly,
     * every other database through {@link DriverManager}.
     *
     * @throws JournalException when the database cannot be reached, or its schema is newer than this code
     */
    public static Journal open(String jdbcUrl, String user, String password) throws JournalException {
        return open(jdbcUrl, user, password, Clock.systemUTC());
    }

    static Journal open(String jdbcUrl, String user, String password, Clock clock) throws JournalException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Dialect dialect = Dialect.of(jdbcUrl);
        String url = dialect == Dialect.H2 ? withH2Options(jdbcUrl) : jdbcUrl;
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        ConnectionPool pool = new ConnectionPool(() -> connect(dialect, url, properties), POOL_SIZE,
                POOL_WAIT_MILLIS);
        Journal journal = new Journal(url, dialect, pool, clock);
        try {
            journal.createOrCheckSchema();
            if (dialect == Dialect.H2) {
                journal.h2File = journal.databaseFile();
                if (journal.h2File != null) {
                    journal.housekeeping.scheduleWithFixedDelay(journal::syncQuietly, H2_SYNC_SECONDS,
                            H2_SYNC_SECONDS, TimeUnit.SECONDS);
                }
            }
            return journal;
        } catch (JournalException | RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    static String withH2Options(String jdbcUrl) {
        String upper = jdbcUrl.toUpperCase(Locale.ROOT);
        StringBuilder url = new StringBuilder(jdbcUrl);
        if (!upper.contains(";WRITE_DELAY=")) {
            url.append(";WRITE_DELAY=0");
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            url.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return url.toString();
    }

    private static Connection connect(Dialect dialect, String url, Properties properties) throws SQLException {
        if (dialect == Dialect.H2) {
            // DriverManager only sees drivers on the class path or the context class loader, not in OSGi bundles
            Connection connection = new org.h2.Driver().connect(url, properties);
            if (connection == null) {
                throw new SQLException("H2 does not accept the URL " + url);
            }
            return connection;
        }
        return DriverManager.getConnection(url, properties);
    }

    // ---------------------------------------------------------------------------------------------------- intake

    /**
     * Stores a payload a data source received, in state RECEIVED, and commits it; the source may acknowledge the
     * payload once this returns. Idempotent: a payload with the same partner, name and content (SHA-256) that is
     * already stored is not stored again and its id is returned; if it was quarantined whole, it is RECEIVED again,
     * to be decided again (its plugin may have been fixed since).
     *
     * @return the payload's id
     */
    public long receive(String partner, String name, byte[] content) throws JournalException {
        return receive(partner, List.of(new Received(name, content))).get(0);
    }

    /** A payload to store: its name and content (not copied, do not modify). */
    public record Received(String name, byte[] content) {

        public Received {
            Checks.text("payload name", name);
            Checks.present("payload content", content);
        }
    }

    /**
     * Stores several payloads of one partner in one transaction, each as {@link #receive(String, String, byte[])}
     * does: one commit for the lot, which is what makes a busy intake fast. All or nothing.
     *
     * @return the payloads' ids, in the order given
     */
    public List<Long> receive(String partner, List<Received> payloads) throws JournalException {
        Checks.text("partner", partner);
        Checks.present("payloads", payloads);
        List<String> hashes = new ArrayList<>(payloads.size());
        for (Received payload : payloads) {
            hashes.add(sha256(payload.content()));
        }
        String operation = payloads.size() == 1 ? "receive " + partner + "/" + payloads.get(0).name()
                : "receive " + payloads.size() + " payloads of " + partner;
        for (int attempt = 1;; attempt++) {
            try {
                return inTransaction(operation, c -> {
                    List<Long> ids = new ArrayList<>(payloads.size());
                    for (int i = 0; i < payloads.size(); i++) {
                        ids.add(receive(c, partner, payloads.get(i), hashes.get(i)));
                    }
                    return ids;
                });
            } catch (JournalException e) {
                // the same payload came in twice at once and the other thread committed first: take its id
                if (attempt == 1 && isUniqueViolation(e.getCause())) {
                    continue;
                }
                throw e;
            }
        }
    }

    /**
     * A payload quarantined whole and dropped again unchanged is decided again: the partner's plugin may have been
     * fixed since, as {@code docs/operations.md} tells admins to do. Its content is stored again if it was pruned.
     */
    private static void reopenIfQuarantined(ConnectionPool.Pooled c, long id, byte[] content) throws SQLException {
        PreparedStatement reopen = c.prepare("UPDATE payload SET state = 'RECEIVED', completed_at = NULL,"
                + " quarantine_reason = NULL WHERE id = ? AND state = 'QUARANTINED'");
        reopen.setLong(1, id);
        if (reopen.executeUpdate() == 0) {
            return;
        }
        PreparedStatement has = c.prepare("SELECT COUNT(*) FROM payload_content WHERE payload_id = ?");
        has.setLong(1, id);
        try (ResultSet rows = has.executeQuery()) {
            if (rows.next() && rows.getLong(1) > 0) {
                return;
            }
        }
        PreparedStatement insertContent = c.prepare(
                "INSERT INTO payload_content (payload_id, content) VALUES (?, ?)");
        insertContent.setLong(1, id);
        insertContent.setBytes(2, content);
        insertContent.executeUpdate();
    }

    private long receive(ConnectionPool.Pooled c, String partner, Received payload, String sha256)
            throws SQLException {
        Long existing = findPayload(c, partner, payload.name(), sha256);
        if (existing != null) {
            reopenIfQuarantined(c, existing, payload.content());
            return existing;
        }
        PreparedStatement insert = c.prepareReturning(
                "INSERT INTO payload (partner, name, sha256, state, received_at) VALUES (?, ?, ?, ?, ?)", "id");
        insert.setString(1, partner);
        insert.setString(2, payload.name());
        insert.setString(3, sha256);
        insert.setString(4, RECEIVED);
        insert.setObject(5, timestamp(clock.instant()));
        insert.executeUpdate();
        long id;
        try (ResultSet keys = insert.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the database returned no id for the new payload");
            }
            id = keys.getLong(1);
        }
        PreparedStatement insertContent = c.prepare(
                "INSERT INTO payload_content (payload_id, content) VALUES (?, ?)");
        insertContent.setLong(1, id);
        insertContent.setBytes(2, payload.content());
        insertContent.executeUpdate();
        return id;
    }

    private static Long findPayload(ConnectionPool.Pooled c, String partner, String name, String sha256)
            throws SQLException {
        PreparedStatement find = c.prepare("SELECT id FROM payload WHERE partner = ? AND name = ? AND sha256 = ?");
        find.setString(1, partner);
        find.setString(2, name);
        find.setString(3, sha256);
        try (ResultSet rows = find.executeQuery()) {
            return rows.next() ? rows.getLong(1) : null;
        }
    }

    /** Payloads in state RECEIVED, oldest first: what the processor has still to do, after a restart too. */
    public List<StoredPayload> pendingPayloads(int limit) throws JournalException {
        return pendingPayloads(0, limit, List.of());
    }

    /**
     * Payloads in state RECEIVED with an id above {@code afterId}, oldest first, leaving out those of the partners
     * in {@code exceptPartners}: what arrived since the last look, for a reader that keeps its place. Ids grow with
     * every payload received, but two payloads received at once may become visible out of order, so such a reader
     * still looks from the start now and then.
     */
    public List<StoredPayload> pendingPayloads(long afterId, int limit, Collection<String> exceptPartners)
            throws JournalException {
        Checks.present("exceptPartners", exceptPartners);
        StringBuilder sql = new StringBuilder(PENDING).append(" WHERE p.state = 'RECEIVED' AND p.id > ?");
        if (!exceptPartners.isEmpty()) {
            sql.append(" AND p.partner NOT IN (").append("?, ".repeat(exceptPartners.size() - 1)).append("?)");
        }
        sql.append(" ORDER BY p.id FETCH FIRST ? ROWS ONLY");
        return inTransaction("pendingPayloads", c -> {
            PreparedStatement query = c.prepare(sql.toString());
            int parameter = 1;
            query.setLong(parameter++, afterId);
            for (String partner : exceptPartners) {
                query.setString(parameter++, partner);
            }
            query.setInt(parameter, limit(limit));
            return pendingPayloads(query);
        });
    }

    /** One partner's payloads in state RECEIVED with an id above {@code afterId}, oldest first. */
    public List<StoredPayload> pendingPayloads(String partner, long afterId, int limit) throws JournalException {
        Checks.text("partner", partner);
        return inTransaction("pendingPayloads " + partner, c -> {
            PreparedStatement query = c.prepare(PENDING + " WHERE p.state = 'RECEIVED' AND p.partner = ?"
                    + " AND p.id > ? ORDER BY p.id FETCH FIRST ? ROWS ONLY");
            query.setString(1, partner);
            query.setLong(2, afterId);
            query.setInt(3, limit(limit));
            return pendingPayloads(query);
        });
    }

    private static final String PENDING = "SELECT p.id, p.partner, p.name, p.sha256, p.received_at, x.content"
            + " FROM payload p JOIN payload_content x ON x.payload_id = p.id";

    private static List<StoredPayload> pendingPayloads(PreparedStatement query) throws SQLException {
        List<StoredPayload> payloads = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                payloads.add(new StoredPayload(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getString(4), instant(rows, 5), rows.getBytes(6)));
            }
        }
        return payloads;
    }

    /**
     * Completes a received payload in one transaction: it becomes QUARANTINED when {@code exchanges} is empty and
     * {@code quarantineReason} is given, PROCESSED otherwise (the reason is kept then too, for the records that
     * were quarantined while the others went on), and the exchanges with their deliveries are inserted. QUEUED
     * deliveries are due at once. Nothing of it is visible when it fails.
     *
     * @throws JournalException when the payload does not exist or is not RECEIVED, or an exchange id or a delivery
     *                          key is already journaled
     */
    public void complete(long payloadId, List<NewExchange> exchanges, String quarantineReason)
            throws JournalException {
        Completion completion = new Completion(payloadId, exchanges, quarantineReason);
        inTransaction("complete payload " + payloadId, c -> {
            complete(c, completion, timestamp(clock.instant()));
            return null;
        });
    }

    /**
     * Completes several received payloads in one transaction, each as {@link #complete(long, List, String)} does:
     * one commit for the lot, which is what makes a busy journal fast. All or nothing: when one of them cannot be
     * completed, none is, and the exception names that one; complete them one by one then to find the others.
     */
    public void complete(List<Completion> completions) throws JournalException {
        Checks.present("completions", completions);
        if (completions.isEmpty()) {
            return;
        }
        inTransaction("complete " + completions.size() + " payloads", c -> {
            OffsetDateTime now = timestamp(clock.instant());
            for (Completion completion : completions) {
                complete(c, completion, now);
            }
            return null;
        });
    }

    /**
     * What to journal for one decided payload: its exchanges with their deliveries, and the reason its records (or
     * some of them) were quarantined.
     */
    public record Completion(long payloadId, List<NewExchange> exchanges, String quarantineReason) {

        public Completion {
            Checks.present("exchanges", exchanges);
        }
    }

    private void complete(ConnectionPool.Pooled c, Completion completion, OffsetDateTime now)
            throws SQLException, JournalException {
        long payloadId = completion.payloadId();
        List<NewExchange> exchanges = completion.exchanges();
        String quarantineReason = completion.quarantineReason();
        String operation = "complete payload " + payloadId;
        String state = exchanges.isEmpty() && quarantineReason != null ? QUARANTINED : PROCESSED;
        PreparedStatement update = c.prepare("UPDATE payload SET state = ?, completed_at = ?,"
                + " quarantine_reason = ? WHERE id = ? AND state = 'RECEIVED'");
        update.setString(1, state);
        update.setObject(2, now);
        update.setString(3, truncate(quarantineReason));
        update.setLong(4, payloadId);
        if (update.executeUpdate() == 0) {
            String current = payloadState(c, payloadId);
            throw new JournalException(operation + ": "
                    + (current == null ? "no such payload" : "the payload is " + current + ", not RECEIVED"));
        }
        if (exchanges.isEmpty()) {
            return;
        }
        PreparedStatement insertExchange = c.prepare("INSERT INTO exchange"
                + " (id, payload_id, sender, area, purpose, marking, created_at, originator)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement insertDelivery = c.prepare("INSERT INTO delivery (delivery_key, exchange_id,"
                + " recipient, state, agreements, reasons, removed_fields, attempts, next_attempt_at, decided_under,"
                + " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
        PreparedStatement insertContent = c.prepare(
                "INSERT INTO delivery_content (delivery_key, content) VALUES (?, ?)");
        PreparedStatement insertRecord = c.prepare(
                "INSERT INTO delivery_record (delivery_key, record_key) VALUES (?, ?)");
        boolean anyDelivery = false;
        boolean anyContent = false;
        boolean anyRecord = false;
        for (NewExchange exchange : exchanges) {
            insertExchange.setString(1, exchange.id());
            insertExchange.setLong(2, payloadId);
            insertExchange.setString(3, exchange.sender());
            insertExchange.setString(4, exchange.area());
            insertExchange.setString(5, exchange.purpose());
            insertExchange.setString(6, exchange.marking());
            OffsetDateTime createdAt = timestamp(exchange.createdAt());
            insertExchange.setObject(7, createdAt);
            insertExchange.setString(8, exchange.originator());
            insertExchange.addBatch();
            for (NewDelivery delivery : exchange.deliveries()) {
                boolean queued = QUEUED.equals(delivery.state());
                insertDelivery.setString(1, delivery.key());
                insertDelivery.setString(2, exchange.id());
                insertDelivery.setString(3, delivery.recipient());
                insertDelivery.setString(4, delivery.state());
                insertDelivery.setString(5, gson.toJson(delivery.agreements()));
                insertDelivery.setString(6, gson.toJson(delivery.reasons()));
                insertDelivery.setString(7, gson.toJson(delivery.removedFields()));
                insertDelivery.setObject(8, queued ? now : null);
                insertDelivery.setString(9, delivery.decidedUnder());
                insertDelivery.setObject(10, createdAt);
                insertDelivery.addBatch();
                anyDelivery = true;
                if (queued) {
                    insertContent.setString(1, delivery.key());
                    insertContent.setBytes(2, delivery.content());
                    insertContent.addBatch();
                    anyContent = true;
                    for (String recordKey : new LinkedHashSet<>(delivery.recordKeys())) {
                        insertRecord.setString(1, delivery.key());
                        insertRecord.setString(2, recordKey);
                        insertRecord.addBatch();
                        anyRecord = true;
                    }
                }
            }
        }
        insertExchange.executeBatch();
        if (anyDelivery) {
            insertDelivery.executeBatch();
        }
        if (anyContent) {
            insertContent.executeBatch();
        }
        if (anyRecord) {
            insertRecord.executeBatch();
        }
    }

    private static String payloadState(ConnectionPool.Pooled c, long payloadId) throws SQLException {
        PreparedStatement query = c.prepare("SELECT state FROM payload WHERE id = ?");
        query.setLong(1, payloadId);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    // ------------------------------------------------------------------------------------------------ deliveries

    /** Deliveries in state QUEUED whose next attempt is due at {@code now}, the longest due first. */
    public List<DueDelivery> dueDeliveries(Instant now, int limit) throws JournalException {
        return dueDeliveries(now, limit, (key, recipient) -> true);
    }

    /**
     * Deliveries in state QUEUED whose next attempt is due at {@code now}, the longest due first, among the first
     * {@code limit}; only those that {@code wanted} accepts (given the key and the recipient) are returned, and only
     * their content is read. For a reader that has most of the due deliveries in hand already.
     */
    public List<DueDelivery> dueDeliveries(Instant now, int limit, BiPredicate<String, String> wanted)
            throws JournalException {
        Checks.present("now", now);
        Checks.present("wanted", wanted);
        return inTransaction("dueDeliveries", c -> {
            PreparedStatement query = c.prepare("SELECT delivery_key, recipient"
                    + " FROM delivery WHERE state = 'QUEUED' AND next_attempt_at <= ?"
                    + " ORDER BY next_attempt_at, delivery_key FETCH FIRST ? ROWS ONLY");
            query.setObject(1, timestamp(now));
            query.setInt(2, limit(limit));
            List<String> keys = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    if (wanted.test(result.getString(1), result.getString(2))) {
                        keys.add(result.getString(1));
                    }
                }
            }
            PreparedStatement one = c.prepare(DUE + " WHERE d.delivery_key = ? AND d.state = 'QUEUED'");
            List<DueDelivery> due = new ArrayList<>(keys.size());
            for (String key : keys) {
                one.setString(1, key);
                due.addAll(dueDeliveries(one));
            }
            return due;
        });
    }

    /**
     * When the next attempt of a QUEUED delivery is due (the earliest), or empty when no delivery is QUEUED: how long
     * the dispatcher may sleep when nothing is due yet.
     */
    public Optional<Instant> nextDueAt() throws JournalException {
        return inTransaction("nextDueAt", c -> {
            PreparedStatement query = c.prepare("SELECT MIN(next_attempt_at) FROM delivery WHERE state = 'QUEUED'");
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? Optional.ofNullable(instant(result, 1)) : Optional.<Instant>empty();
            }
        });
    }

    /**
     * The due deliveries of one recipient, the longest due first: for a delivery thread per recipient, so that a
     * recipient whose channel is absent does not hold up the others.
     */
    public List<DueDelivery> dueDeliveries(String recipient, Instant now, int limit) throws JournalException {
        Checks.text("recipient", recipient);
        Checks.present("now", now);
        return inTransaction("dueDeliveries " + recipient, c -> {
            PreparedStatement query = c.prepare(DUE + " WHERE d.recipient = ? AND d.state = 'QUEUED'"
                    + " AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.delivery_key FETCH FIRST ? ROWS ONLY");
            query.setString(1, recipient);
            query.setObject(2, timestamp(now));
            query.setInt(3, limit(limit));
            return dueDeliveries(query);
        });
    }

    /** A due delivery with its content and the terms of its exchange and of its last decision. */
    private static final String DUE = "SELECT d.delivery_key, d.exchange_id, d.recipient, d.attempts, x.content,"
            + " e.sender, e.area, e.purpose, e.marking, d.decided_under, d.decided_at, e.originator FROM delivery d"
            + " JOIN delivery_content x ON x.delivery_key = d.delivery_key JOIN exchange e ON e.id = d.exchange_id";

    private static List<DueDelivery> dueDeliveries(PreparedStatement query) throws SQLException {
        List<DueDelivery> due = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                due.add(new DueDelivery(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                        rows.getBytes(5), new DueDelivery.Terms(rows.getString(6), rows.getString(7),
                                rows.getString(8), rows.getString(9), rows.getString(10), instant(rows, 11),
                                rows.getString(12))));
            }
        }
        return due;
    }

    /**
     * A queued delivery went through. Marking a delivered one again changes nothing (delivery is at least once,
     * so an acknowledgement may come twice).
     */
    public void markDelivered(String deliveryKey, Instant at) throws JournalException {
        Checks.text("delivery key", deliveryKey);
        Checks.present("at", at);
        String operation = "markDelivered " + deliveryKey;
        inTransaction(operation, c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET state = 'DELIVERED', delivered_at = ?,"
                    + " next_attempt_at = NULL WHERE delivery_key = ? AND state = 'QUEUED'");
            update.setObject(1, timestamp(at));
            update.setString(2, deliveryKey);
            if (update.executeUpdate() == 0) {
                String state = deliveryState(c, deliveryKey);
                if (!DELIVERED.equals(state)) {
                    throw notQueued(operation, state);
                }
            }
            return null;
        });
    }

    /**
     * Several queued deliveries went through: marks them delivered in one transaction, one commit for the lot.
     * Keys already delivered change nothing, as with {@link #markDelivered(String, Instant)}.
     *
     * @return the keys that were neither queued nor delivered, each with its state (or "no such delivery"); nothing
     *         was changed for them, and the others are marked all the same
     */
    public Map<String, String> markDelivered(Collection<String> deliveryKeys, Instant at) throws JournalException {
        Checks.present("delivery keys", deliveryKeys);
        Checks.present("at", at);
        if (deliveryKeys.isEmpty()) {
            return Map.of();
        }
        return inTransaction("markDelivered " + deliveryKeys.size() + " deliveries", c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET state = 'DELIVERED', delivered_at = ?,"
                    + " next_attempt_at = NULL WHERE delivery_key = ? AND state = 'QUEUED'");
            Map<String, String> notQueued = new LinkedHashMap<>();
            OffsetDateTime time = timestamp(at);
            for (String key : deliveryKeys) {
                update.setObject(1, time);
                update.setString(2, key);
                if (update.executeUpdate() == 0) {
                    String state = deliveryState(c, key);
                    if (!DELIVERED.equals(state)) {
                        notQueued.put(key, state == null ? "no such delivery" : state);
                    }
                }
            }
            return notQueued;
        });
    }

    /**
     * A failed attempt of a queued delivery: it stays QUEUED, with the attempts made so far, the error, and when to
     * try next.
     *
     * @param attempts the attempts made so far, this one included ({@link DueDelivery#attempts()} + 1)
     */
    public void markRetry(String deliveryKey, int attempts, String error, Instant nextAttempt)
            throws JournalException {
        Checks.text("delivery key", deliveryKey);
        Checks.present("nextAttempt", nextAttempt);
        String operation = "markRetry " + deliveryKey;
        inTransaction(operation, c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET attempts = ?, last_error = ?,"
                    + " next_attempt_at = ? WHERE delivery_key = ? AND state = 'QUEUED'");
            update.setInt(1, attempts);
            update.setString(2, truncate(error));
            update.setObject(3, timestamp(nextAttempt));
            update.setString(4, deliveryKey);
            if (update.executeUpdate() == 0) {
                throw notQueued(operation, deliveryState(c, deliveryKey));
            }
            return null;
        });
    }

    /** How the last error of a delivery that waits for a plugin begins. */
    static final String WAITING_FOR = "waiting for ";

    /**
     * A queued delivery cannot be attempted until a plugin it needs is there: it stays QUEUED with its attempts
     * unchanged, its last error says what it waits for, and it is due again at {@code lookAgain}, or sooner by
     * {@link #wakeWaiting}.
     *
     * @param what what it waits for, e.g. {@code format acled-csv of unpol}
     */
    public void markWaiting(String deliveryKey, String what, Instant lookAgain) throws JournalException {
        Checks.text("delivery key", deliveryKey);
        Checks.text("what the delivery waits for", what);
        Checks.present("lookAgain", lookAgain);
        String operation = "markWaiting " + deliveryKey;
        inTransaction(operation, c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET last_error = ?, next_attempt_at = ?"
                    + " WHERE delivery_key = ? AND state = 'QUEUED'");
            update.setString(1, truncate(WAITING_FOR + what));
            update.setObject(2, timestamp(lookAgain));
            update.setString(3, deliveryKey);
            if (update.executeUpdate() == 0) {
                throw notQueued(operation, deliveryState(c, deliveryKey));
            }
            return null;
        });
    }

    /**
     * Makes every delivery that waits for a plugin ({@link #markWaiting}) due at {@code now}: for when plugins came
     * or went. Deliveries waiting for a retry after a failed attempt keep their time.
     *
     * @return how many were made due
     */
    public int wakeWaiting(Instant now) throws JournalException {
        Checks.present("now", now);
        return inTransaction("wakeWaiting", c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET next_attempt_at = ? WHERE state = 'QUEUED'"
                    + " AND next_attempt_at > ? AND last_error LIKE ?");
            OffsetDateTime time = timestamp(now);
            update.setObject(1, time);
            update.setObject(2, time);
            update.setString(3, WAITING_FOR + "%");
            return update.executeUpdate();
        });
    }

    /** A queued delivery gives up: it becomes DEAD, keeping the attempts made and the last error. */
    public void markDeadLetter(String deliveryKey, int attempts, String error) throws JournalException {
        Checks.text("delivery key", deliveryKey);
        String operation = "markDeadLetter " + deliveryKey;
        inTransaction(operation, c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET state = 'DEAD', attempts = ?, last_error = ?,"
                    + " next_attempt_at = NULL, dead_at = ? WHERE delivery_key = ? AND state = 'QUEUED'");
            update.setInt(1, attempts);
            update.setString(2, truncate(error));
            update.setObject(3, timestamp(clock.instant()));
            update.setString(4, deliveryKey);
            if (update.executeUpdate() == 0) {
                throw notQueued(operation, deliveryState(c, deliveryKey));
            }
            return null;
        });
    }

    /**
     * A queued delivery is denied just before it leaves: the configuration in force no longer covers it. It becomes
     * DENIED with the reasons, the hash of the configuration that decided and when; it keeps its content, so that
     * {@link #replay} can put it back for a new decision, and its attempts.
     *
     * @param reasons       why it is denied, at least one
     * @param configuration the hash of the configuration that denied it
     */
    public void markDenied(String deliveryKey, List<String> reasons, String configuration, Instant at)
            throws JournalException {
        Checks.text("delivery key", deliveryKey);
        Checks.present("reasons", reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("delivery " + deliveryKey + ": a denial needs its reasons");
        }
        Checks.text("configuration", configuration);
        Checks.present("at", at);
        String operation = "markDenied " + deliveryKey;
        inTransaction(operation, c -> {
            PreparedStatement update = c.prepare("UPDATE delivery SET state = 'DENIED', reasons = ?, last_error = ?,"
                    + " next_attempt_at = NULL, decided_under = ?, decided_at = ? WHERE delivery_key = ?"
                    + " AND state = 'QUEUED'");
            update.setString(1, gson.toJson(reasons));
            update.setString(2, truncate(DENIED_AT_DELIVERY + ": " + String.join("; ", reasons)));
            update.setString(3, configuration);
            update.setObject(4, timestamp(at));
            update.setString(5, deliveryKey);
            if (update.executeUpdate() == 0) {
                throw notQueued(operation, deliveryState(c, deliveryKey));
            }
            return null;
        });
    }

    /**
     * How {@link #exchanges} shows a delivery denied just before it left, and how its last error begins: unlike one
     * denied when its exchange was made, it has content and can be {@linkplain #replay replayed}.
     */
    public static final String DENIED_AT_DELIVERY = "DENIED at delivery";

    /** Deliveries denied just before they left ({@link #markDenied}), the oldest denial first. */
    public List<DeadLetter> deniedAtDelivery(int limit) throws JournalException {
        return inTransaction("deniedAtDelivery", c -> {
            PreparedStatement query = c.prepare("SELECT d.delivery_key, d.exchange_id, d.recipient, d.attempts,"
                    + " d.last_error, d.decided_at FROM delivery d WHERE d.state = 'DENIED' AND EXISTS"
                    + " (SELECT 1 FROM delivery_content x WHERE x.delivery_key = d.delivery_key)"
                    + " ORDER BY d.decided_at, d.delivery_key FETCH FIRST ? ROWS ONLY");
            query.setInt(1, limit(limit));
            List<DeadLetter> denied = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    denied.add(new DeadLetter(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getString(5), instant(rows, 6)));
                }
            }
            return denied;
        });
    }

    private static String deliveryState(ConnectionPool.Pooled c, String deliveryKey) throws SQLException {
        PreparedStatement query = c.prepare("SELECT state FROM delivery WHERE delivery_key = ?");
        query.setString(1, deliveryKey);
        try (ResultSet rows = query.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static JournalException notQueued(String operation, String state) {
        return new JournalException(operation + ": "
                + (state == null ? "no such delivery" : "the delivery is " + state + ", not QUEUED"));
    }

    /** How many record keys {@link #originsOf} asks about in one query. */
    private static final int ORIGINS_PER_QUERY = 500;

    /**
     * Where records that a partner sends came from, when Liaison delivered them to that partner before: for each
     * record key ({@code <record type>:<record id>}) found among the records of deliveries to {@code partner} that
     * were DELIVERED, the partner they first came from (the exchange's originator, or else its sender). A partner
     * cannot launder what it received by sending it on as its own: the journal remembers.
     *
     * @return the origins found, by record key; keys never delivered to the partner are absent
     */
    public Map<String, String> originsOf(String partner, Collection<String> recordKeys) throws JournalException {
        Checks.text("partner", partner);
        Checks.present("record keys", recordKeys);
        if (recordKeys.isEmpty()) {
            return Map.of();
        }
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(recordKeys));
        return inTransaction("originsOf " + partner, c -> {
            Map<String, String> origins = new LinkedHashMap<>();
            for (int from = 0; from < keys.size(); from += ORIGINS_PER_QUERY) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + ORIGINS_PER_QUERY));
                // a few statement shapes only (8, 64 or 500 keys, the last one repeated), so that the prepared
                // statements each connection caches stay few
                int placeholders = batch.size() <= 8 ? 8 : batch.size() <= 64 ? 64 : ORIGINS_PER_QUERY;
                PreparedStatement query = c.prepare("SELECT r.record_key, COALESCE(e.originator, e.sender),"
                        + " e.created_at FROM delivery_record r JOIN delivery d ON d.delivery_key = r.delivery_key"
                        + " JOIN exchange e ON e.id = d.exchange_id WHERE d.recipient = ? AND d.state = 'DELIVERED'"
                        + " AND r.record_key IN (" + String.join(", ", Collections.nCopies(placeholders, "?"))
                        + ") ORDER BY e.created_at, e.id");
                query.setString(1, partner);
                for (int i = 0; i < placeholders; i++) {
                    query.setString(i + 2, batch.get(Math.min(i, batch.size() - 1)));
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        // the earliest delivery tells where the record first came from
                        origins.putIfAbsent(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return origins;
        });
    }

    /** Dead letters, the oldest first. */
    public List<DeadLetter> deadLetters(int limit) throws JournalException {
        return inTransaction("deadLetters", c -> {
            PreparedStatement query = c.prepare("SELECT delivery_key, exchange_id, recipient, attempts, last_error,"
                    + " dead_at FROM delivery WHERE state = 'DEAD' ORDER BY dead_at, delivery_key"
                    + " FETCH FIRST ? ROWS ONLY");
            query.setInt(1, limit(limit));
            List<DeadLetter> dead = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    dead.add(new DeadLetter(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4),
                            rows.getString(5), instant(rows, 6)));
                }
            }
            return dead;
        });
    }

    /**
     * Puts dead letters, and deliveries denied just before they left ({@link #markDenied}), back in the queue, due
     * at {@code now} with no attempts made and no reasons; their last error is kept until the next attempt, which
     * decides them again.
     *
     * @param deliveryKeyOrNull one such delivery, or null for all of them
     * @return how many were put back (0 when the key is neither a dead letter nor denied at delivery)
     */
    public int replay(String deliveryKeyOrNull, Instant now) throws JournalException {
        Checks.present("now", now);
        String operation = deliveryKeyOrNull == null ? "replay all" : "replay " + deliveryKeyOrNull;
        return inTransaction(operation, c -> {
            String sql = "UPDATE delivery SET state = 'QUEUED', attempts = 0, reasons = '[]', next_attempt_at = ?,"
                    + " dead_at = NULL WHERE (state = 'DEAD' OR state = 'DENIED' AND EXISTS (SELECT 1 FROM"
                    + " delivery_content x WHERE x.delivery_key = delivery.delivery_key))";
            PreparedStatement update = c.prepare(deliveryKeyOrNull == null ? sql : sql + " AND delivery_key = ?");
            update.setObject(1, timestamp(now));
            if (deliveryKeyOrNull != null) {
                update.setString(2, deliveryKeyOrNull);
            }
            return update.executeUpdate();
        });
    }

    /**
     * Drops the content of what is finished since before {@code before}: payloads PROCESSED or QUARANTINED then,
     * and deliveries DELIVERED then. Their rows, states and hashes stay, so the journal still tells what happened;
     * received payloads, queued deliveries and dead letters keep their content. For a retention period: the
     * journal otherwise keeps every byte it was given.
     *
     * @return how many contents were dropped
     */
    public int pruneContent(Instant before) throws JournalException {
        Checks.present("before", before);
        return inTransaction("pruneContent before " + before, c -> {
            PreparedStatement payloads = c.prepare("DELETE FROM payload_content WHERE payload_id IN"
                    + " (SELECT id FROM payload WHERE state <> 'RECEIVED' AND completed_at < ?)");
            payloads.setObject(1, timestamp(before));
            PreparedStatement deliveries = c.prepare("DELETE FROM delivery_content WHERE delivery_key IN"
                    + " (SELECT delivery_key FROM delivery WHERE state = 'DELIVERED' AND delivered_at < ?)");
            deliveries.setObject(1, timestamp(before));
            return payloads.executeUpdate() + deliveries.executeUpdate();
        });
    }

    // ---------------------------------------------------------------------------------------------------- status

    /** Counts for {@code liaison:status}; see {@link JournalStats}. */
    public JournalStats stats() throws JournalException {
        JournalStats stats = inTransaction("stats", c -> {
            Map<String, Long> payloads = countByState(c, "SELECT state, COUNT(*) FROM payload GROUP BY state",
                    RECEIVED, PROCESSED, QUARANTINED);
            Map<String, Long> deliveries = countByState(c, "SELECT state, COUNT(*) FROM delivery GROUP BY state",
                    DENIED, QUEUED, DELIVERED, DEAD);
            Map<String, Long> queued = new TreeMap<>();
            Map<String, Long> dead = new TreeMap<>();
            PreparedStatement query = c.prepare("SELECT recipient, state, COUNT(*) FROM delivery"
                    + " WHERE state IN ('QUEUED', 'DEAD') GROUP BY recipient, state");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    (QUEUED.equals(rows.getString(2)) ? queued : dead).put(rows.getString(1), rows.getLong(3));
                }
            }
            return new JournalStats(payloads, deliveries, queued, dead, -1);
        });
        long size = sizeBytes();
        return new JournalStats(stats.payloadsByState(), stats.deliveriesByState(), stats.queuedByRecipient(),
                stats.deadByRecipient(), size);
    }

    private static Map<String, Long> countByState(ConnectionPool.Pooled c, String sql, String... states)
            throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : states) {
            counts.put(state, 0L);
        }
        try (ResultSet rows = c.prepare(sql).executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    private long sizeBytes() throws JournalException {
        Path file = h2File;
        if (file != null) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }
        if (dialect == Dialect.POSTGRESQL) {
            return inTransaction("stats", c -> {
                try (ResultSet rows = c.prepare("SELECT pg_database_size(current_database())").executeQuery()) {
                    return rows.next() ? rows.getLong(1) : -1L;
                }
            });
        }
        return -1;
    }

    /** The newest exchanges first, with the state of each recipient's delivery. */
    public List<ExchangeSummary> exchanges(int limit) throws JournalException {
        return inTransaction("exchanges", c -> {
            PreparedStatement query = c.prepare("SELECT e.id, e.sender, e.area, e.purpose, e.created_at,"
                    + " d.recipient, d.state, CASE WHEN d.state = 'DENIED' AND EXISTS (SELECT 1 FROM delivery_content"
                    + " x WHERE x.delivery_key = d.delivery_key) THEN 1 ELSE 0 END"
                    + " FROM (SELECT id, sender, area, purpose, created_at FROM exchange"
                    + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY) e"
                    + " LEFT JOIN delivery d ON d.exchange_id = e.id"
                    + " ORDER BY e.created_at DESC, e.id DESC, d.recipient");
            query.setInt(1, limit(limit));
            List<ExchangeSummary> summaries = new ArrayList<>();
            String id = null;
            String[] exchange = null;
            Instant createdAt = null;
            Map<String, String> states = null;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (!rows.getString(1).equals(id)) {
                        if (id != null) {
                            summaries.add(new ExchangeSummary(id, exchange[0], exchange[1], exchange[2], createdAt,
                                    states));
                        }
                        id = rows.getString(1);
                        exchange = new String[] { rows.getString(2), rows.getString(3), rows.getString(4) };
                        createdAt = instant(rows, 5);
                        states = new LinkedHashMap<>();
                    }
                    String recipient = rows.getString(6);
                    if (recipient != null) {
                        states.put(recipient, rows.getInt(8) == 1 ? DENIED_AT_DELIVERY : rows.getString(7));
                    }
                }
            }
            if (id != null) {
                summaries.add(new ExchangeSummary(id, exchange[0], exchange[1], exchange[2], createdAt, states));
            }
            return summaries;
        });
    }

    /** The JDBC URL the journal was opened with, the options it added included. */
    public String url() {
        return url;
    }

    /**
     * Closes the journal: it waits for nothing, operations in progress finish on their connection, later ones
     * fail. An H2 journal is written out and compacted when its last connection closes.
     */
    @Override
    public void close() {
        closed = true;
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        pool.close();
    }

    // -------------------------------------------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(ConnectionPool.Pooled connection) throws SQLException, JournalException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(String operation, Work<T> work) throws JournalException {
        if (closed) {
            throw new JournalException(operation + ": the journal is closed");
        }
        ConnectionPool.Pooled connection;
        try {
            connection = pool.borrow();
        } catch (SQLException e) {
            throw new JournalException(operation + ": " + describe(e), e);
        }
        boolean broken = false;
        try {
            T result = work.run(connection);
            connection.connection.commit();
            return result;
        } catch (SQLException e) {
            broken = rollback(connection) || isConnectionFailure(e);
            throw new JournalException(operation + ": " + describe(e), e);
        } catch (JournalException | RuntimeException | Error e) {
            broken = rollback(connection);
            throw e;
        } finally {
            pool.release(connection, broken);
        }
    }

    /** @return true when the connection is no longer usable */
    private static boolean rollback(ConnectionPool.Pooled connection) {
        connection.clearBatches();
        try {
            connection.connection.rollback();
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static boolean isUniqueViolation(Throwable e) {
        return e instanceof SQLException sql && "23505".equals(sql.getSQLState());
    }

    /** The database's message, with the messages of the exceptions a batch chains to it. */
    private static String describe(SQLException e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()).strip());
        SQLException next = e.getNextException();
        for (int i = 0; next != null && i < 3; i++, next = next.getNextException()) {
            message.append("; ").append(String.valueOf(next.getMessage()).strip());
        }
        return message.toString();
    }

    private void createOrCheckSchema() throws JournalException {
        String operation = "open " + redacted(url);
        Integer version = inTransaction(operation, c -> {
            // asked through the metadata: a failing query would leave an error in H2's trace file at every start
            boolean exists = false;
            try (ResultSet tables = c.connection.getMetaData().getTables(null, c.connection.getSchema(), "%",
                    new String[] { "TABLE" })) {
                while (tables.next()) {
                    exists |= "journal_schema".equalsIgnoreCase(tables.getString("TABLE_NAME"));
                }
            }
            if (!exists) {
                return null; // a new journal, or a creation that a crash interrupted
            }
            try (Statement statement = c.connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM journal_schema")) {
                if (!rows.next()) {
                    return null;
                }
                int found = rows.getInt(1);
                return rows.wasNull() ? null : found;
            }
        });
        if (version != null && version > SCHEMA_VERSION) {
            throw new JournalException(operation + ": the journal has schema version " + version
                    + "; this Liaison knows version " + SCHEMA_VERSION + " at most");
        }
        if (version != null && version == SCHEMA_VERSION) {
            return;
        }
        // new, half-created or of an earlier version: every statement of the script is idempotent
        List<String> statements = schemaStatements();
        inTransaction(operation + " (creating the schema)", c -> {
            try (Statement statement = c.connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
            PreparedStatement insert = c.prepare("INSERT INTO journal_schema (version, applied_at) VALUES (?, ?)");
            insert.setInt(1, SCHEMA_VERSION);
            insert.setObject(2, timestamp(clock.instant()));
            insert.executeUpdate();
            return null;
        });
    }

    /** The statements of {@code schema.sql}: each ends with a semicolon at the end of a line. */
    static List<String> schemaStatements() throws JournalException {
        String script;
        try (InputStream in = Journal.class.getResourceAsStream("schema.sql")) {
            if (in == null) {
                throw new JournalException("open: schema.sql is missing from the core bundle");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JournalException("open: cannot read schema.sql: " + e.getMessage(), e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            statement.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = statement.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                statement.setLength(0);
            }
        }
        if (!statement.toString().isBlank()) {
            throw new JournalException("open: schema.sql ends without a semicolon: " + statement.toString().strip());
        }
        return statements;
    }

    /** The H2 database file, or null for an in-memory H2 database. */
    private Path databaseFile() throws JournalException {
        return inTransaction("open " + redacted(url), c -> {
            try (Statement statement = c.connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT DATABASE_PATH()")) {
                String path = rows.next() ? rows.getString(1) : null;
                return path == null ? null : Path.of(path + ".mv.db");
            }
        });
    }

    /**
     * Syncs the H2 file to disk: commits reach the file at once but not the disk, and this bounds what a power
     * failure could take. {@code CHECKPOINT SYNC} also lets H2 compact a little when the file is fragmented.
     */
    private void syncQuietly() {
        try {
            inTransaction("sync", c -> {
                try (Statement statement = c.connection.createStatement()) {
                    statement.execute("CHECKPOINT SYNC");
                }
                return null;
            });
        } catch (JournalException | RuntimeException e) {
            // the next run tries again; commits do not depend on it
        }
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static int limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return limit;
    }

    /** Both databases keep microseconds; truncating here makes what is read back equal to what was written. */
    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null
                : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    static String sha256(byte[] content) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
