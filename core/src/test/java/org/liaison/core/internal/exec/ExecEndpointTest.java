package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.core.internal.exec.ExecTestSupport.FakeShell;

/** The endpoint over real sockets and files, with a fake shell instead of Gogo and a real audit trail. */
class ExecEndpointTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(ExecEndpoint.REQUEST_TIMEOUT_SECONDS);

    @TempDir
    Path home;

    private final ExecTestSupport support = new ExecTestSupport();

    private Path data() {
        return home.resolve("data");
    }

    private ExecEndpoint open(CommandRunner shell, ExecPolicy policy, Duration requestTimeout) throws IOException {
        return new ExecEndpoint(data(), 0, shell, policy, support.audit, support.logger(), new LoopbackCallers(),
                requestTimeout);
    }

    private ExecEndpoint open(CommandRunner shell) throws IOException {
        return open(shell, ExecTestSupport.policy("test:*"), TIMEOUT);
    }

    private String token() throws IOException {
        return Files.readString(data().resolve("exec.token"));
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 1000);
        return socket;
    }

    /** Sends {@code request} and reads the whole answer, failing when it takes longer than {@code timeoutMs}. */
    private static String request(int port, String request, int timeoutMs) throws IOException {
        try (Socket socket = connect(port)) {
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String request(int port, String request) throws IOException {
        return request(port, request, 20_000);
    }

    @Test
    void publishesPortAndOwnerOnlyTokenAndServesCommands() throws Exception {
        ExecEndpoint endpoint = open(new FakeShell(), ExecTestSupport.policy(), TIMEOUT);
        try {
            int port = Integer.parseInt(Files.readString(data().resolve("exec.port")).strip());
            assertEquals(endpoint.port(), port);
            String token = token();
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
        ExecEndpoint first = open(new FakeShell());
        String firstToken = token();
        first.close();
        ExecEndpoint second = open(new FakeShell());
        try {
            assertFalse(firstToken.equals(token()));
        } finally {
            second.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        ExecEndpoint endpoint = open(new FakeShell());
        try (Socket socket = connect(endpoint.port())) {
            assertTrue(socket.getLocalAddress().isLoopbackAddress());
        } finally {
            endpoint.close();
        }
    }

    @Test
    void aClosedEndpointDoesNotTouchAnotherInstancesFiles() throws Exception {
        ExecEndpoint endpoint = open(new FakeShell());
        Files.writeString(data().resolve("exec.port"), "1\n"); // another instance took over the home
        endpoint.close();
        assertTrue(Files.exists(data().resolve("exec.port")));
        assertTrue(Files.exists(data().resolve("exec.token")));
    }

    @Test
    void withoutDataFolderTheEndpointStaysClosed() throws Exception {
        ExecEndpoint endpoint = new ExecEndpoint(null, 0, new FakeShell(), ExecTestSupport.policy(), support.audit,
                support.logger(), new LoopbackCallers(), TIMEOUT);
        assertEquals(-1, endpoint.port());
        endpoint.close();
        assertFalse(Files.exists(data()));
    }

    @Test
    void aSlowCommandDoesNotBlockTheNextClient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecEndpoint endpoint = open(FakeShell.of((command, out) -> {
            if (command.equals("slow")) {
                release.await(10, TimeUnit.SECONDS);
            }
            out.println(command);
        }, "slow", "fast"));
        try {
            String token = token();
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

    @Test
    void silentClientsDoNotBlockTheNextClient() throws Exception {
        ExecEndpoint endpoint = open(new FakeShell(), ExecTestSupport.policy(), TIMEOUT);
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < ExecEndpoint.MAX_CONNECTIONS_PER_CALLER - 1; i++) {
                silent.add(connect(endpoint.port())); // connect, and send nothing
            }
            long start = System.nanoTime();
            assertEquals("ran lb\nLIAISON-EXEC OK\n", request(endpoint.port(), token() + "\nlb\n", 3_000));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
            endpoint.close();
        }
    }

    @Test
    void aSilentClientIsToldAndClosedAfterTheRequestTimeout() throws Exception {
        ExecEndpoint endpoint = open(new FakeShell(), ExecTestSupport.policy(), Duration.ofMillis(500));
        try {
            long start = System.nanoTime();
            assertEquals("LIAISON-EXEC BAD-REQUEST no complete request within 0.5 s (token LF command LF)\n",
                    request(endpoint.port(), "", 3_000));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
            assertTrue(support.log.stream().anyMatch(line -> line.startsWith("warn: ")
                    && line.contains("no complete request")), support.log.toString());
        } finally {
            endpoint.close();
        }
    }

    @Test
    void aClientThatTricklesItsRequestIsCutOffAtTheDeadlineNotAtEachRead() throws Exception {
        ExecEndpoint endpoint = open(new FakeShell(), ExecTestSupport.policy(), Duration.ofMillis(500));
        try (Socket socket = connect(endpoint.port())) {
            socket.setSoTimeout(3_000);
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < 30; i++) { // a byte every 100 ms: each read is quick, the whole is not
                    out.write('0');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                // closed by the endpoint meanwhile
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("LIAISON-EXEC BAD-REQUEST no complete request within 0.5 s"), answer);
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(3_500));
        } finally {
            endpoint.close();
        }
    }

    @Test
    void beyondTheLimitOfOneUserAConnectionIsRefusedAtOnceUntilAPlaceIsFree() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "callers are identified on Linux only");
        ExecEndpoint endpoint = open(new FakeShell(), ExecTestSupport.policy(), Duration.ofMillis(1_000));
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < ExecEndpoint.MAX_CONNECTIONS_PER_CALLER; i++) {
                silent.add(connect(endpoint.port()));
            }
            Thread.sleep(200); // all accepted
            String refused = request(endpoint.port(), token() + "\nlb\n", 500);
            assertTrue(refused.startsWith("LIAISON-EXEC BAD-REQUEST busy: " + System.getProperty("user.name")
                    + " (uid "), refused);
            assertTrue(refused.contains("has " + ExecEndpoint.MAX_CONNECTIONS_PER_CALLER + " exec requests being"
                    + " served, the most for one user"), refused);
            Thread.sleep(1_500); // the silent ones timed out
            assertEquals("ran lb\nLIAISON-EXEC OK\n", request(endpoint.port(), token() + "\nlb\n", 3_000));
        } finally {
            for (Socket socket : silent) {
                socket.close();
            }
            endpoint.close();
        }
    }

    @Test
    void telnetdAndGoshAreRefusedUnlessAllowedByConfiguration() throws Exception {
        FakeShell shell = new FakeShell();
        ExecEndpoint endpoint = open(shell, ExecTestSupport.policy(), TIMEOUT);
        try {
            for (String command : List.of("telnetd -p 2019 start", "gosh", "gogo:sh x.gosh", "lb;telnetd start",
                    "lb | telnetd start")) {
                String answer = request(endpoint.port(), token() + "\n" + command + "\n");
                assertTrue(answer.startsWith("LIAISON-EXEC DENIED '" + command + "': "), answer);
            }
            assertTrue(shell.ran.isEmpty(), shell.ran.toString());
        } finally {
            endpoint.close();
        }
        endpoint = open(shell, ExecTestSupport.policy("gogo:telnetd,gogo:gosh"), TIMEOUT);
        try {
            assertEquals("ran telnetd -p 2019 start\nLIAISON-EXEC OK\n",
                    request(endpoint.port(), token() + "\ntelnetd -p 2019 start\n"));
            assertEquals("ran gosh\nLIAISON-EXEC OK\n", request(endpoint.port(), token() + "\ngosh\n"));
            String answer = request(endpoint.port(), token() + "\nlb;telnetd start\n");
            assertTrue(answer.startsWith("LIAISON-EXEC DENIED 'lb;telnetd start': ';' at column 3"), answer);
        } finally {
            endpoint.close();
        }
    }

    @Test
    void everyCommandIsAuditedWithTheUserNameOfTheCaller() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "callers are identified on Linux only");
        ExecEndpoint endpoint = open(new FakeShell(), ExecTestSupport.policy(), TIMEOUT);
        try {
            request(endpoint.port(), token() + "\nlb -s\n");
            request(endpoint.port(), token() + "\ntelnetd start\n");
            request(endpoint.port(), token() + "\nlb; telnetd start\n");
            request(endpoint.port(), "0".repeat(64) + "\nlb\n");
        } finally {
            endpoint.close();
        }
        List<Map<String, Object>> entries = support.audited;
        assertEquals(4, entries.size(), entries.toString());
        for (Map<String, Object> entry : entries) {
            assertEquals(System.getProperty("user.name"), ExecTestSupport.field(entry, "caller"), entry.toString());
            assertTrue(entry.containsKey("uid"), entry.toString());
        }
        assertEquals(List.of("lb -s", "telnetd start", "lb; telnetd start"),
                entries.subList(0, 3).stream().map(entry -> ExecTestSupport.field(entry, "command")).toList());
        assertEquals(List.of("run", "refused", "refused", "refused"),
                entries.stream().map(entry -> ExecTestSupport.field(entry, "outcome")).toList());
        assertTrue(ExecTestSupport.field(entries.get(1), "reason").startsWith("gogo:telnetd is not allowed"));
        assertEquals("wrong token", ExecTestSupport.field(entries.get(3), "reason"));
    }
}
