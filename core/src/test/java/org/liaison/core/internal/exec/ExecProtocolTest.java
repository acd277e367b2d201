package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.liaison.core.internal.exec.ExecTestSupport.FakeShell;
import org.liaison.core.internal.exec.LoopbackCallers.Caller;

class ExecProtocolTest {

    private static final String TOKEN = "0123456789abcdef".repeat(4);
    private static final Caller ALICE = new Caller("alice", 1000);

    private final ExecTestSupport support = new ExecTestSupport();

    private final FakeShell shell = FakeShell.of((command, out) -> {
        switch (command) {
            case "echo hello" -> out.println("hello");
            case "no newline" -> out.print("x");
            case "silent" -> { }
            case "half" -> {
                out.println("before");
                throw new IllegalArgumentException("Command not found: half\nsecond line");
            }
            case "npe" -> throw new NullPointerException();
            case "flood" -> out.write(new byte[ExecProtocol.MAX_OUTPUT_BYTES + 10]);
            default -> throw new AssertionError(command);
        }
    }, "echo", "no", "silent", "half", "npe", "flood");

    private ExecProtocol protocol;

    @BeforeEach
    void open() {
        protocol = new ExecProtocol(TOKEN, shell, ExecTestSupport.policy("test:*"), support.audit,
                support.logger());
    }

    private String serve(String request) throws IOException {
        return serve(protocol, request.getBytes(StandardCharsets.UTF_8));
    }

    private static String serve(ExecProtocol protocol, byte[] request) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        protocol.serve(new ByteArrayInputStream(request), response, ALICE);
        return response.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outputThenOk() throws IOException {
        assertEquals("hello\nLIAISON-EXEC OK\n", serve(TOKEN + "\necho hello\n"));
        assertEquals(List.of("echo hello"), shell.ran);
    }

    @Test
    void crLfAndAMissingFinalLineBreakAreAccepted() throws IOException {
        assertEquals("hello\nLIAISON-EXEC OK\n", serve(TOKEN + "\r\necho hello\r\n"));
        assertEquals("hello\nLIAISON-EXEC OK\n", serve(TOKEN + "\necho hello"));
    }

    @Test
    void outputAlwaysEndsWithALineBreakBeforeTheStatus() throws IOException {
        assertEquals("x\nLIAISON-EXEC OK\n", serve(TOKEN + "\nno newline\n"));
        assertEquals("LIAISON-EXEC OK\n", serve(TOKEN + "\nsilent\n"));
    }

    @Test
    void failureKeepsTheOutputAndReportsTheExceptionOnOneLine() throws IOException {
        assertEquals("before\nLIAISON-EXEC FAILED IllegalArgumentException: Command not found: half second line\n",
                serve(TOKEN + "\nhalf\n"));
        assertEquals("LIAISON-EXEC FAILED java.lang.NullPointerException\n", serve(TOKEN + "\nnpe\n"));
    }

    @Test
    void wrongTokenIsDeniedBeforeTheCommandIsRead() throws IOException {
        String wrong = "f" + TOKEN.substring(1);
        assertEquals("LIAISON-EXEC DENIED wrong token (is data/exec.token from this instance?)\n",
                serve(wrong + "\necho hello\n"));
        assertEquals("LIAISON-EXEC DENIED wrong token (is data/exec.token from this instance?)\n",
                serve(TOKEN + "0\necho hello\n"));
        assertEquals("LIAISON-EXEC DENIED wrong token (is data/exec.token from this instance?)\n",
                serve("\necho hello\n"));
        assertTrue(shell.ran.isEmpty());
    }

    @Test
    void malformedRequests() throws IOException {
        assertEquals("LIAISON-EXEC BAD-REQUEST no token\n", serve(""));
        assertEquals("LIAISON-EXEC BAD-REQUEST no command\n", serve(TOKEN + "\n"));
        assertEquals("LIAISON-EXEC BAD-REQUEST empty command\n", serve(TOKEN + "\n  \n"));
        assertEquals("LIAISON-EXEC BAD-REQUEST token longer than 1024 bytes\n", serve("a".repeat(5000) + "\n"));
        assertTrue(shell.ran.isEmpty());
    }

    @Test
    void commandLengthIsBounded() throws IOException {
        String longest = "x".repeat(ExecProtocol.MAX_COMMAND_BYTES);
        assertEquals("LIAISON-EXEC BAD-REQUEST command longer than 65536 bytes\n",
                serve(TOKEN + "\n" + longest + "y\n"));
        assertTrue(shell.ran.isEmpty());
    }

    @Test
    void outputIsCapped() throws IOException {
        String response = serve(TOKEN + "\nflood\n");
        assertTrue(response.endsWith("\n[output truncated after 16777216 bytes]\nLIAISON-EXEC OK\n"));
        assertEquals(ExecProtocol.MAX_OUTPUT_BYTES + "\n[output truncated after 16777216 bytes]\n".length()
                + "LIAISON-EXEC OK\n".length(), response.length());
    }

    @Test
    void commandIsUtf8() throws IOException {
        ExecProtocol echo = new ExecProtocol(TOKEN, FakeShell.of((command, out) -> out.println(command), "écho"),
                ExecTestSupport.policy("test:*"), support.audit, support.logger());
        assertEquals("écho 'ü ∞'\nLIAISON-EXEC OK\n",
                serve(echo, (TOKEN + "\nécho 'ü ∞'\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCommandThatRunsIsDurablyAuditedBeforeItStarts() throws IOException {
        ExecProtocol audited = new ExecProtocol(TOKEN, FakeShell.of((command, out) -> {
            // what the trail holds while the command runs
            out.println(support.audited.size() + " " + ExecTestSupport.field(support.audited.get(0), "durable"));
        }, "probe"), ExecTestSupport.policy("test:*"), support.audit, support.logger());

        assertEquals("1 true\nLIAISON-EXEC OK\n", serve(audited, (TOKEN + "\nprobe x\n").getBytes(
                StandardCharsets.UTF_8)));
        assertEquals(List.of(Map.of("caller", "alice", "uid", 1000L, "command", "probe x", "outcome", "run",
                "durable", true)), support.audited);
        assertTrue(support.log.stream().anyMatch(line -> line.startsWith("info: ")
                && line.contains("alice (uid 1000)") && line.contains("probe x")), support.log.toString());
    }

    @Test
    void whenTheAuditCannotRecordTheCommandItDoesNotRun() throws IOException {
        ExecProtocol unaudited = new ExecProtocol(TOKEN, shell, ExecTestSupport.policy("test:*"),
                (fields, durable) -> {
                    throw new IllegalStateException("the audit trail is closed");
                }, support.logger());
        assertEquals("LIAISON-EXEC FAILED not run: the audit trail cannot record 'echo hello':"
                + " IllegalStateException: the audit trail is closed\n",
                serve(unaudited, (TOKEN + "\necho hello\n").getBytes(StandardCharsets.UTF_8)));
        assertTrue(shell.ran.isEmpty());
    }

    @Test
    void everyDecisionIsAuditedWithTheCaller() throws IOException {
        serve(TOKEN + "\necho hello\n");
        serve(TOKEN + "\nhalf\n");
        serve(TOKEN + "\nunknown-command\n");
        serve(TOKEN + "\necho hello; echo again\n");
        serve("f" + TOKEN.substring(1) + "\necho hello\n");

        List<Map<String, Object>> entries = support.audited;
        assertEquals(5, entries.size());
        assertEquals(List.of("run", "run", "refused", "refused", "refused"),
                entries.stream().map(entry -> ExecTestSupport.field(entry, "outcome")).toList());
        assertTrue(entries.stream().allMatch(entry -> "alice".equals(ExecTestSupport.field(entry, "caller"))));
        assertEquals("echo hello; echo again", ExecTestSupport.field(entries.get(3), "command"));
        assertTrue(ExecTestSupport.field(entries.get(3), "reason").startsWith("';' at column 11"));
        assertEquals("wrong token", ExecTestSupport.field(entries.get(4), "reason"));
        assertFalse(entries.get(4).containsKey("command"), "after a wrong token the command is not even read");
    }

    @Test
    void aRefusedCommandIsAnsweredDeniedWithTheReasonAndDoesNotRun() throws IOException {
        ExecProtocol gogo = new ExecProtocol(TOKEN, new FakeShell(), ExecTestSupport.policy(), support.audit,
                support.logger());
        String response = serve(gogo, (TOKEN + "\ntelnetd -p 2019 start\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(response.startsWith("LIAISON-EXEC DENIED 'telnetd -p 2019 start': gogo:telnetd is not allowed"
                + " through exec"), response);
        assertTrue(response.contains("allowCommands in conf/services/org.liaison.core.exec.cfg, e.g."
                + " allowCommands=gogo:telnetd"), response);
        assertTrue(response.endsWith("\n") && response.indexOf('\n') == response.length() - 1, response);
        assertEquals("refused", ExecTestSupport.field(support.audited.get(0), "outcome"));
        assertTrue(support.log.stream().anyMatch(line -> line.startsWith("warn: ") && line.contains("telnetd")));
    }
}
