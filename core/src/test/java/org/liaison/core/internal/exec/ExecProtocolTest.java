package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExecProtocolTest {

    private static final String TOKEN = "0123456789abcdef".repeat(4);

    private final List<String> ran = new ArrayList<>();

    private final ExecProtocol protocol = new ExecProtocol(TOKEN, (command, out) -> {
        ran.add(command);
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
    });

    private String serve(String request) throws IOException {
        return serve(request.getBytes(StandardCharsets.UTF_8));
    }

    private String serve(byte[] request) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        protocol.serve(new ByteArrayInputStream(request), response);
        return response.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outputThenOk() throws IOException {
        assertEquals("hello\nLIAISON-EXEC OK\n", serve(TOKEN + "\necho hello\n"));
        assertEquals(List.of("echo hello"), ran);
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
        assertTrue(ran.isEmpty());
    }

    @Test
    void malformedRequests() throws IOException {
        assertEquals("LIAISON-EXEC BAD-REQUEST no token\n", serve(""));
        assertEquals("LIAISON-EXEC BAD-REQUEST no command\n", serve(TOKEN + "\n"));
        assertEquals("LIAISON-EXEC BAD-REQUEST empty command\n", serve(TOKEN + "\n  \n"));
        assertEquals("LIAISON-EXEC BAD-REQUEST token longer than 1024 bytes\n", serve("a".repeat(5000) + "\n"));
        assertTrue(ran.isEmpty());
    }

    @Test
    void commandLengthIsBounded() throws IOException {
        String longest = "x".repeat(ExecProtocol.MAX_COMMAND_BYTES);
        assertEquals("LIAISON-EXEC BAD-REQUEST command longer than 65536 bytes\n",
                serve(TOKEN + "\n" + longest + "y\n"));
        assertTrue(ran.isEmpty());
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
        ExecProtocol echo = new ExecProtocol(TOKEN, (command, out) -> out.println(command));
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        echo.serve(new ByteArrayInputStream((TOKEN + "\nécho ∞\n").getBytes(StandardCharsets.UTF_8)), response);
        assertEquals("écho ∞\nLIAISON-EXEC OK\n", response.toString(StandardCharsets.UTF_8));
    }
}
