package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoint over real sockets and files, with a fake command runner instead of Gogo. */
class ExecEndpointTest {

    @TempDir
    Path home;

    private Path data() {
        return home.resolve("data");
    }

    private static String request(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void publishesPortAndOwnerOnlyTokenAndServesCommands() throws Exception {
        ExecEndpoint endpoint = new ExecEndpoint(data(), 0, (command, out) -> out.println("ran " + command));
        try {
            int port = Integer.parseInt(Files.readString(data().resolve("exec.port")).strip());
            assertEquals(endpoint.port(), port);
            String token = Files.readString(data().resolve("exec.token"));
            assertTrue(token.matches("[0-9a-f]{64}"), token);
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data().resolve("exec.token"))));
            try (var files = Files.list(data())) {
                assertEquals(2, files.count(), "no temporary file is left behind");
            }

            assertEquals("ran lb\nLIAISON-EXEC OK\n", request(port, token + "\nlb\n"));
            assertEquals("LIAISON-EXEC DENIED wrong token (is data/exec.token from this instance?)\n",
                    request(port, "0".repeat(64) + "\nlb\n"));
        } finally {
            endpoint.close();
        }
        assertFalse(Files.exists(data().resolve("exec.port")));
        assertFalse(Files.exists(data().resolve("exec.token")));
    }

    @Test
    void eachStartHasANewToken() throws Exception {
        ExecEndpoint first = new ExecEndpoint(data(), 0, (command, out) -> { });
        String firstToken = Files.readString(data().resolve("exec.token"));
        first.close();
        ExecEndpoint second = new ExecEndpoint(data(), 0, (command, out) -> { });
        try {
            assertFalse(firstToken.equals(Files.readString(data().resolve("exec.token"))));
        } finally {
            second.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        ExecEndpoint endpoint = new ExecEndpoint(data(), 0, (command, out) -> { });
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}),
                    endpoint.port()), 1000);
            assertTrue(socket.getLocalAddress().isLoopbackAddress());
        } finally {
            endpoint.close();
        }
    }

    @Test
    void aClosedEndpointDoesNotTouchAnotherInstancesFiles() throws Exception {
        ExecEndpoint endpoint = new ExecEndpoint(data(), 0, (command, out) -> { });
        Files.writeString(data().resolve("exec.port"), "1\n"); // another instance took over the home
        endpoint.close();
        assertTrue(Files.exists(data().resolve("exec.port")));
        assertTrue(Files.exists(data().resolve("exec.token")));
    }

    @Test
    void withoutDataFolderTheEndpointStaysClosed() throws Exception {
        ExecEndpoint endpoint = new ExecEndpoint(null, 0, (command, out) -> { });
        assertEquals(-1, endpoint.port());
        endpoint.close();
        assertFalse(Files.exists(data()));
    }

    @Test
    void aSlowCommandDoesNotBlockTheNextClient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecEndpoint endpoint = new ExecEndpoint(data(), 0, (command, out) -> {
            if (command.equals("slow")) {
                release.await(10, TimeUnit.SECONDS);
            }
            out.println(command);
        });
        try {
            String token = Files.readString(data().resolve("exec.token"));
            Thread slow = new Thread(() -> {
                try {
                    request(endpoint.port(), token + "\nslow\n");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            slow.start();
            assertEquals("fast\nLIAISON-EXEC OK\n", request(endpoint.port(), token + "\nfast\n"));
            release.countDown();
            slow.join(10_000);
        } finally {
            endpoint.close();
        }
    }
}
