package org.liaison.core.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.core.internal.exec.LoopbackCallers.Caller;

/** {@link LoopbackCallers}; named Exec… so that the exec tests run together (-Dtest=Exec*Test). */
class ExecLoopbackCallersTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";

    @TempDir
    Path root;

    private static InetSocketAddress loopback(int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    }

    private LoopbackCallers withTables(String tcp, String tcp6) throws Exception {
        Path net = Files.createDirectories(root.resolve("net"));
        Files.writeString(net.resolve("tcp"), HEADER + tcp);
        if (tcp6 != null) {
            Files.writeString(net.resolve("tcp6"), HEADER + tcp6);
        }
        Files.writeString(root.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "liaison:x:998:998::/opt/liaison:/usr/sbin/nologin\nmallory:x:1001:1001::/home/mallory:/bin/sh\n");
        return new LoopbackCallers(net, root.resolve("passwd"));
    }

    @Test
    void theClientsEndOfTheConnectionNamesItsOwner() throws Exception {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the tables below are little-endian");
        // The endpoint listens on 127.0.0.1:40000 (0x9C40); mallory's client is 127.0.0.1:51234 (0xC822).
        LoopbackCallers callers = withTables(""
                + "   0: 0100007F:9C40 00000000:0000 0A 00000000:00000000 00:00000000 00000000   998 0 100 1\n"
                + "   1: 0100007F:9C40 0100007F:C822 01 00000000:00000000 00:00000000 00000000   998 0 101 1\n"
                + "   2: 0100007F:C822 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1001 0 102 1\n",
                null);
        assertEquals(new Caller("mallory", 1001), callers.of(loopback(51234), loopback(40000)));
        assertEquals(Caller.UNKNOWN, callers.of(loopback(51235), loopback(40000)));
    }

    @Test
    void ipv4MappedRowsOfTcp6CountAndTimeWaitRowsDoNot() throws Exception {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the tables below are little-endian");
        String mapped = "0000000000000000FFFF00000100007F";
        LoopbackCallers callers = withTables(""
                // TIME-WAIT shows uid 0 whoever owned the socket: it must not make the caller root
                + "   0: 0100007F:C822 0100007F:9C40 06 00000000:00000000 03:00000000 00000000     0 0 0 3\n",
                "   0: " + mapped + ":C823 " + mapped + ":9C40 01 00000000:00000000 00:00000000 00000000  4242"
                        + " 0 103 1\n");
        assertEquals(Caller.UNKNOWN, callers.of(loopback(51234), loopback(40000)));
        assertEquals(new Caller("uid 4242", 4242), callers.of(loopback(51235), loopback(40000)),
                "a uid without a passwd entry");
    }

    @Test
    void withoutTablesTheCallerIsUnknown() {
        LoopbackCallers callers = new LoopbackCallers(root.resolve("no-proc"), root.resolve("no-passwd"));
        assertEquals("unknown", callers.of(new InetSocketAddress(1), new InetSocketAddress(2)).toString());
    }

    @Test
    void aRealConnectionIsOwnedByTheUserRunningTheTest() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "Linux only");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            Caller caller = new LoopbackCallers().of(accepted);
            assertEquals(System.getProperty("user.name"), caller.user());
            assertEquals(client.getLocalPort(), accepted.getPort());
        }
    }
}
