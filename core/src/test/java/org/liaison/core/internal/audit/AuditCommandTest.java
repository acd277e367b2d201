package org.liaison.core.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    @TempDir
    Path directory;

    private AuditTrail trail;
    private AuditCommand command;

    @BeforeEach
    void trailOfThree() throws Exception {
        trail = new AuditTrail(directory.resolve("data/audit/audit.jsonl"), new AuditTestSupport().logger());
        for (int i = 1; i <= 3; i++) {
            trail.record("dead-letter", Map.of("n", i));
        }
        trail.flush();
        command = new AuditCommand(trail);
    }

    @AfterEach
    void close() {
        trail.close();
    }

    @Test
    void verifyReportsTheEntriesOfTheRunningTrail() throws Exception {
        assertTrue(command.audit("verify").startsWith("audit chain OK: 3 entries (last hash "),
                command.audit("verify"));
    }

    @Test
    void verifyThrowsWhenTheChainIsBrokenSoThatExecExitsNonZero() throws Exception {
        Path file = directory.resolve("data/audit/audit.jsonl");
        List<String> lines = AuditTestSupport.lines(file);
        lines.set(1, lines.get(1).replace("\"n\":2", "\"n\":9"));
        AuditTestSupport.writeLines(file, lines);
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> command.audit("verify"));
        assertTrue(broken.getMessage().startsWith("audit chain BROKEN at line 2 (seq 2): edited"),
                broken.getMessage());
        assertTrue(broken.getMessage().endsWith("(file " + file + ")"), broken.getMessage());
    }

    @Test
    void tailShowsTheLastEntriesOldestFirst() throws Exception {
        trail.record("replay", Map.of());
        String two = command.audit("tail", 2);
        assertEquals(2, two.lines().count(), two);
        assertTrue(two.startsWith("{\"seq\":3,") && two.lines().toList().get(1).startsWith("{\"seq\":4,"), two);
        assertEquals(4, command.audit("tail").lines().count());
    }

    @Test
    void wrongUseSaysHowToUseIt() {
        assertEquals(AuditCommand.USAGE, command.audit());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> command.audit("check")).getMessage()
                .startsWith("unknown action 'check'; usage: liaison:audit verify | liaison:audit tail"));
        assertThrows(IllegalArgumentException.class, () -> command.audit("verify", 3));
        assertThrows(IllegalArgumentException.class, () -> command.audit("tail", 0));
    }
}
