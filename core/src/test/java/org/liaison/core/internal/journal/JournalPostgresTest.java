package org.liaison.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The journal contract against a real PostgreSQL server, the database of multi-node deployments. It runs when
 * {@code LIAISON_TEST_POSTGRES_URL} (and {@code _USER}, {@code _PASSWORD}) name a server; {@code .ci/postgres.sh}
 * starts a throw-away one and sets them. Every test starts from an empty schema: the tests drop the journal's
 * tables, so never point them at a database that matters.
 */
class JournalPostgresTest extends JournalContract {

    static final String URL = System.getenv("LIAISON_TEST_POSTGRES_URL");
    static final String USER = System.getenv("LIAISON_TEST_POSTGRES_USER");
    static final String PASSWORD = System.getenv("LIAISON_TEST_POSTGRES_PASSWORD");

    private static final String SKIPPED = "LIAISON_TEST_POSTGRES_URL is not set, so the journal's PostgreSQL tests"
            + " are skipped; .ci/postgres.sh starts a throw-away server and sets it";

    @BeforeAll
    static void sayWhySkipped() {
        if (URL == null || URL.isBlank()) {
            // the skip reasons go to the XML report only; the build log should say it too
            System.out.println("JournalPostgresTest: " + SKIPPED);
        }
    }

    @Override
    Journal open(Clock clock) throws JournalException {
        return Journal.open(URL, USER, PASSWORD, clock);
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    @Override
    @BeforeEach
    void openJournal() throws Exception {
        // per test rather than per class, so that every skipped test is counted and says why
        Assumptions.assumeTrue(URL != null && !URL.isBlank(), SKIPPED);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS delivery_record, delivery_content, delivery, exchange, payload_content,"
                    + " payload, journal_schema");
        }
        super.openJournal();
    }

    @Test
    void theSchemaUsesPostgresTypes() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                        + " WHERE table_schema = current_schema() AND column_name IN ('content', 'received_at', 'id')"
                        + " ORDER BY table_name, column_name")) {
            StringBuilder columns = new StringBuilder();
            while (rows.next()) {
                columns.append(rows.getString(1)).append('.').append(rows.getString(2)).append(' ')
                        .append(rows.getString(3)).append('\n');
            }
            assertEquals("""
                    delivery_content.content bytea
                    exchange.id character varying
                    payload.id bigint
                    payload.received_at timestamp with time zone
                    payload_content.content bytea
                    """, columns.toString());
        }
    }

    @Test
    void theSizeIsTheDatabaseSize() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rows.next();
            long size = rows.getLong(1);
            long reported = journal.stats().sizeBytes();
            // the server may write between the two questions; the order of magnitude is the point
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(reported - size) < size / 10,
                    reported + " vs " + size);
        }
    }
}
