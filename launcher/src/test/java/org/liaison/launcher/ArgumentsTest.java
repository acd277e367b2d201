package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.liaison.launcher.Arguments.Command;
import org.liaison.launcher.Arguments.UsageException;

class ArgumentsTest {

    @Test
    void commandsWithoutArguments() throws Exception {
        assertEquals(new Arguments(Command.RUN, null), Arguments.parse("run"));
        assertEquals(new Arguments(Command.CONSOLE, null), Arguments.parse("console"));
        assertEquals(new Arguments(Command.CHECK, null), Arguments.parse("check"));
        assertEquals(Command.VERSION, Arguments.parse("--version").command());
    }

    @Test
    void helpHasThreeSpellings() throws Exception {
        for (String help : new String[] {"--help", "-h", "help"}) {
            assertEquals(Command.HELP, Arguments.parse(help).command());
        }
    }

    @Test
    void execTakesTheCommandAsOneArgumentOrSeveral() throws Exception {
        assertEquals(new Arguments(Command.EXEC, "lb -s"), Arguments.parse("exec", "lb -s"));
        assertEquals(new Arguments(Command.EXEC, "lb -s"), Arguments.parse("exec", "lb", "-s"));
    }

    @Test
    void execWithoutCommandIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> Arguments.parse("exec"));
        assertTrue(e.getMessage().contains("exec needs a Gogo command"), e.getMessage());
        assertThrows(UsageException.class, () -> Arguments.parse("exec", "  "));
    }

    @Test
    void execRefusesLineBreaks() {
        // the protocol is line based: a second line would be silently dropped
        assertThrows(UsageException.class, () -> Arguments.parse("exec", "lb\nstop 0"));
    }

    @Test
    void wrongCommandLines() {
        assertEquals("no command given", assertThrows(UsageException.class, Arguments::parse).getMessage());
        assertEquals("unknown command 'start'",
                assertThrows(UsageException.class, () -> Arguments.parse("start")).getMessage());
        assertEquals("run takes no arguments, got 'now please'",
                assertThrows(UsageException.class, () -> Arguments.parse("run", "now", "please")).getMessage());
    }

    @Test
    void helpDescribesCommandsLayoutEnvironmentAndReadyLine() {
        String help = Arguments.help("1.2.3");
        assertTrue(help.startsWith("Liaison 1.2.3\n"), help);
        for (String expected : new String[] {"  run ", "  console ", "  check ", "  exec '<command>' ", "--help",
                "Liaison <version> ready in <N> ms: <M> bundles active", "bundle/ in state ACTIVE",
                "system bundle is not counted", "lib/", "bundle/", "deploy/", "conf/config.properties", "data/",
                "exec.token", "JAVA_HOME", "LIAISON_JAVA_OPTS", "Exit status"}) {
            assertTrue(help.contains(expected), () -> "help lacks '" + expected + "':\n" + help);
        }
        help.lines().forEach(line -> assertTrue(line.length() <= 120, () -> "line too long: " + line));
    }

    @Test
    void mainPrintsHelpAndRejectsUnknownCommandsWithStatus2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Liaison liaison = new Liaison(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, liaison.run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: bin/liaison <command>"));

        assertEquals(2, liaison.run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("liaison: unknown command 'frobnicate'"));
    }
}
