package org.liaison.core.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that writes to an H2 journal ({@link JournalCrashChild}) at several points, and checks after each
 * kill that every write the child saw committed is in the journal, whole.
 */
class JournalCrashTest {

    @TempDir
    Path directory;

    @Test
    void aKilledWriterLosesNoCommittedWrite() throws Exception {
        String url = Journal.defaultUrl(directory.resolve("journal"));
        List<String> committed = new ArrayList<>();
        int[] killAfter = { 150, 700, 40, 1500 };
        for (int run = 0; run < killAfter.length; run++) {
            List<String> lines = runAndKill(url, "run" + run, killAfter[run]);
            committed.addAll(lines);
            verify(url, committed);
            // the journal opens through its own API after every kill, and goes on from there
            try (Journal journal = Journal.open(url, "liaison", "")) {
                JournalStats stats = journal.stats();
                long payloads = stats.payloadsByState().values().stream().mapToLong(Long::longValue).sum();
                assertTrue(payloads >= lines.stream().filter(l -> l.startsWith("R ")).count());
            }
        }
    }

    /** Starts a child, kills it once it has reported {@code receives} receives; returns every line it printed. */
    private List<String> runAndKill(String url, String run, int receives) throws Exception {
        Path errors = directory.resolve(run + ".err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(), url, run)
                .redirectError(errors.toFile()).start();
        List<String> lines = new ArrayList<>();
        int seen = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("R ") && ++seen == receives) {
                    // SIGKILL through the handle: Process.destroyForcibly() would also close the pipe, and the
                    // lines the child printed before it died would go unread
                    child.toHandle().destroyForcibly();
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(seen >= receives, run + " ended after " + seen + " receives: " + Files.readString(errors));
        assertNotEquals(0, child.exitValue());
        assertNotEquals(3, child.exitValue(), Files.readString(errors));
        return lines;
    }

    private static void verify(String url, List<String> committed) throws Exception {
        Properties user = new Properties();
        user.setProperty("user", "liaison");
        user.setProperty("password", "");
        try (Connection c = new org.h2.Driver().connect(url, user);
                PreparedStatement payload = c.prepareStatement("SELECT p.name, p.sha256, p.state, x.content"
                        + " FROM payload p JOIN payload_content x ON x.payload_id = p.id WHERE p.id = ?");
                PreparedStatement exchanges = c.prepareStatement(
                        "SELECT COUNT(*) FROM exchange WHERE payload_id = ?");
                PreparedStatement delivery = c.prepareStatement(
                        "SELECT state FROM delivery WHERE delivery_key = ?")) {
            for (String line : committed) {
                String[] fields = line.split(" ");
                switch (fields[0]) {
                case "R" -> {
                    payload.setLong(1, Long.parseLong(fields[1]));
                    try (ResultSet rows = payload.executeQuery()) {
                        assertTrue(rows.next(), "lost: " + line);
                        assertEquals(fields[2], rows.getString(1), line);
                        assertEquals(fields[3], rows.getString(2), line);
                        assertEquals(fields[3], Journal.sha256(rows.getBytes(4)), "content of " + line);
                    }
                }
                case "C" -> {
                    payload.setLong(1, Long.parseLong(fields[1]));
                    try (ResultSet rows = payload.executeQuery()) {
                        assertTrue(rows.next(), "lost: " + line);
                        assertEquals(Journal.PROCESSED, rows.getString(3), line);
                    }
                    exchanges.setLong(1, Long.parseLong(fields[1]));
                    try (ResultSet rows = exchanges.executeQuery()) {
                        rows.next();
                        assertEquals(1, rows.getInt(1), "exchanges of " + line);
                    }
                }
                case "D", "X" -> {
                    delivery.setString(1, fields[1]);
                    try (ResultSet rows = delivery.executeQuery()) {
                        assertTrue(rows.next(), "lost: " + line);
                        assertEquals(fields[0].equals("D") ? Journal.DELIVERED : Journal.DEAD, rows.getString(1),
                                line);
                    }
                }
                default -> throw new AssertionError("unexpected line from the child: " + line);
                }
            }
        }
    }
}
