package org.liaison.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal contract on an embedded H2 file, and what is particular to H2. */
class JournalTest extends JournalContract {

    @TempDir
    Path directory;

    String url() {
        return "jdbc:h2:file:" + directory.resolve("journal").resolve("liaison");
    }

    @Override
    Journal open(Clock clock) throws JournalException {
        return Journal.open(url(), "liaison", "", clock);
    }

    @Override
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "liaison");
        properties.setProperty("password", "");
        return new org.h2.Driver().connect(Journal.withH2Options(url()), properties);
    }

    @Test
    void theDefaultUrlIsAnH2FileWithTheCrashSafeOptions() {
        assertEquals("jdbc:h2:file:" + directory.resolve("data/journal/liaison").toAbsolutePath()
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", Journal.defaultUrl(directory.resolve("data/journal")));
    }

    @Test
    void anH2UrlGetsTheOptionsItDoesNotSet() {
        assertEquals("jdbc:h2:file:/x;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", Journal.withH2Options("jdbc:h2:file:/x"));
        assertEquals("jdbc:h2:file:/x;write_delay=100;DB_CLOSE_ON_EXIT=FALSE",
                Journal.withH2Options("jdbc:h2:file:/x;write_delay=100"));
        assertEquals(url() + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", journal.url());
    }

    @Test
    void everyCommitIsWrittenAtOnce() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            assertTrue(rows.next());
            assertEquals("0", rows.getString(1));
        }
    }

    @Test
    void openingANewJournalLeavesNoErrorInTheTraceFile() throws Exception {
        journal.close();
        journal = open(clock);
        assertEquals(List.of("liaison.mv.db"), Files.list(directory.resolve("journal"))
                .map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void theJournalIsOneFileInItsDirectory() throws Exception {
        Path file = directory.resolve("journal/liaison.mv.db");
        assertTrue(Files.isRegularFile(file));
        journal.receive("interpol", "n.json", bytes("x".repeat(100_000)));
        assertEquals(Files.size(file), journal.stats().sizeBytes());
        assertTrue(journal.stats().sizeBytes() > 100_000);
    }

    @Test
    void theSchemaScriptHasOneStatementPerTableAndIndex() throws Exception {
        List<String> statements = Journal.schemaStatements();
        assertEquals(7, statements.stream().filter(s -> s.startsWith("CREATE TABLE IF NOT EXISTS")).count());
        assertEquals(7, statements.stream().filter(s -> s.startsWith("CREATE INDEX IF NOT EXISTS")).count());
        assertEquals(3, statements.stream().filter(s -> s.startsWith("ALTER TABLE") && s.contains("ADD COLUMN IF NOT"
                + " EXISTS")).count(), "the columns schema version 2 added, for journals of version 1");
        assertEquals(17, statements.size());
        assertTrue(statements.stream().noneMatch(s -> s.endsWith(";") || s.contains("--")), statements.toString());
    }

    @Test
    void anInterruptedSchemaCreationIsCompletedAtTheNextOpen() throws Exception {
        journal.close();
        // as if a crash had stopped the creation after its first tables: H2 commits DDL one statement at a time
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE delivery_content");
            s.execute("DROP TABLE journal_schema");
        }
        journal = open(clock);
        journalExchange("a.json", "xa", queued("xa/unpol", "unpol", "a"));
        assertEquals(1, journal.dueDeliveries(T0, 10).size());
    }

    @Test
    void theConnectionsArePooled() throws Exception {
        for (int i = 0; i < 50; i++) {
            journal.receive("interpol", "n" + i, bytes("c" + i));
        }
        ConnectionPool pool = new ConnectionPool(this::connect, 2, 100);
        try {
            ConnectionPool.Pooled one = pool.borrow();
            ConnectionPool.Pooled two = pool.borrow();
            assertEquals(2, pool.openConnections());
            long start = System.nanoTime();
            SQLException busy = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, pool::borrow);
            assertTrue(System.nanoTime() - start >= 90_000_000L, "waits before it gives up");
            assertEquals("all 2 journal connections stayed busy for 100 ms", busy.getMessage());
            pool.release(one, false);
            assertEquals(one, pool.borrow(), "an idle connection is reused");
            pool.release(two, true);
            assertEquals(1, pool.openConnections(), "a broken connection is closed, not reused");
            assertTrue(two.connection.isClosed());
            pool.release(one, false);
        } finally {
            pool.close();
        }
        assertEquals(0, pool.openConnections());
    }
}
