package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.launcher.ExecClient.Response;

class ExecClientTest {

    private static final String TOKEN = "ab".repeat(32);

    @TempDir
    Path root;

    private LiaisonHome home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void layout() throws Exception {
        home = TestHomes.create(root, "");
    }

    private int exec(String command) {
        return new ExecClient(home, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).exec(command);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Serves one connection with {@code response}; completes with the two request lines it received. */
    private CompletableFuture<List<String>> serveOnce(String response) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        Files.writeString(home.execPortFile(), server.getLocalPort() + "\n");
        Files.writeString(home.execTokenFile(), TOKEN);
        return CompletableFuture.supplyAsync(() -> {
            try (server; Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                List<String> request = new ArrayList<>(List.of(in.readLine(), in.readLine()));
                socket.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
                return request;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void printsOutputAndSucceeds() throws Exception {
        CompletableFuture<List<String>> request = serveOnce("0|Active     |    0|System Bundle\nLIAISON-EXEC OK\n");

        assertEquals(0, exec("lb -s"));

        assertEquals(List.of(TOKEN, "lb -s"), request.get(5, TimeUnit.SECONDS));
        assertEquals("0|Active     |    0|System Bundle\n", stdout());
        assertEquals("", stderr());
    }

    @Test
    void failedCommandExitsWith1AndPrintsTheMessage() throws Exception {
        serveOnce("partial\nLIAISON-EXEC FAILED IllegalArgumentException: Command not found: frob\n");

        assertEquals(1, exec("frob"));

        assertEquals("partial\n", stdout());
        assertEquals("liaison: IllegalArgumentException: Command not found: frob\n", stderr());
    }

    @Test
    void refusedRequestExitsWith2() throws Exception {
        serveOnce("LIAISON-EXEC DENIED wrong token\n");
        assertEquals(2, exec("lb"));
        assertEquals("liaison: exec refused: wrong token\n", stderr());
    }

    @Test
    void truncatedResponseExitsWith2() throws Exception {
        serveOnce("half of the out");
        assertEquals(2, exec("lb"));
        assertEquals("half of the out", stdout());
        assertTrue(stderr().contains("the connection ended before the command did"), stderr());
    }

    @Test
    void notRunningWithoutPortFile() {
        assertEquals(2, exec("lb"));
        assertEquals("liaison: Liaison is not running (no data/exec.port): start it with bin/liaison run\n",
                stderr());
    }

    @Test
    void notRunningWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Files.writeString(home.execPortFile(), String.valueOf(port));
        Files.writeString(home.execTokenFile(), TOKEN);

        assertEquals(2, exec("lb"));
        assertTrue(stderr().startsWith("liaison: Liaison is not running (nothing answers on 127.0.0.1:" + port),
                stderr());
    }

    @Test
    void unreadableTokenIsAPermissionError() throws Exception {
        Files.writeString(home.execPortFile(), "4711");
        Files.writeString(home.execTokenFile(), TOKEN);
        Files.setPosixFilePermissions(home.execTokenFile(), PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(home.execTokenFile()), "running as root: every file is readable");

        assertEquals(2, exec("lb"));
        assertEquals("liaison: cannot read data/exec.token: permission denied; exec is only for the user that "
                + "runs Liaison\n", stderr());
    }

    @Test
    void damagedPortFile() throws Exception {
        Files.writeString(home.execPortFile(), "http");
        Files.writeString(home.execTokenFile(), TOKEN);
        assertEquals(2, exec("lb"));
        assertTrue(stderr().startsWith("liaison: cannot use data/exec.port: "), stderr());
    }

    @Test
    void responseParsing() {
        Response empty = Response.parse("LIAISON-EXEC OK\n".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], empty.output());
        assertEquals("OK", empty.status());

        Response failed = Response.parse("a\nLIAISON-EXEC OK\nb\nLIAISON-EXEC FAILED x y\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("a\nLIAISON-EXEC OK\nb\n", new String(failed.output(), StandardCharsets.UTF_8));
        assertEquals("FAILED", failed.status());
        assertEquals("x y", failed.message());

        assertEquals("BROKEN", Response.parse(new byte[0]).status());
    }
}
