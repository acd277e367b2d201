package org.liaison.core.internal.exec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who is at the other end of a TCP connection over the loopback: on Linux, the kernel's socket tables
 * ({@code /proc/net/tcp}, {@code /proc/net/tcp6}) hold both ends of such a connection, each with the uid of the
 * user that created the socket; the client's end is the row whose local address is the client's address and port
 * and whose remote address is the endpoint's. The uid is named from {@code /etc/passwd}. Elsewhere, or when the
 * row is gone (the client closed already), the caller is {@link Caller#UNKNOWN}.
 */
final class LoopbackCallers {

    /** A local user: a name from {@code /etc/passwd}, {@code uid <n>} without one, or {@code unknown}. */
    record Caller(String user, long uid) {

        static final Caller UNKNOWN = new Caller("unknown", -1);

        boolean known() {
            return uid >= 0;
        }

        @Override
        public String toString() {
            return known() ? user + " (uid " + uid + ")" : user;
        }
    }

    /** {@code st} of a socket in TIME-WAIT or NEW-SYN-RECV: the kernel shows uid 0 for these, whoever owned them. */
    private static final List<String> OWNERLESS_STATES = List.of("06", "0C");

    private final Path procNet;
    private final Path passwd;

    LoopbackCallers() {
        this(Path.of("/proc/net"), Path.of("/etc/passwd"));
    }

    LoopbackCallers(Path procNet, Path passwd) {
        this.procNet = procNet;
        this.passwd = passwd;
    }

    /** The caller of {@code accepted}, a connection accepted by a server socket on this host. */
    Caller of(Socket accepted) {
        return of(new InetSocketAddress(accepted.getInetAddress(), accepted.getPort()),
                new InetSocketAddress(accepted.getLocalAddress(), accepted.getLocalPort()));
    }

    /** The user owning the socket at {@code client} that is connected to {@code endpoint}. */
    Caller of(InetSocketAddress client, InetSocketAddress endpoint) {
        for (String table : List.of("tcp", "tcp6")) {
            List<String> rows;
            try {
                rows = Files.readAllLines(procNet.resolve(table), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue; // not Linux, or no IPv6
            }
            for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
                String[] columns = row.strip().split("\\s+");
                if (columns.length < 8 || OWNERLESS_STATES.contains(columns[3])) {
                    continue;
                }
                if (client.equals(address(columns[1])) && endpoint.equals(address(columns[2]))) {
                    try {
                        long uid = Long.parseLong(columns[7]);
                        return new Caller(userName(uid), uid);
                    } catch (NumberFormatException e) {
                        return Caller.UNKNOWN;
                    }
                }
            }
        }
        return Caller.UNKNOWN;
    }

    /**
     * An address of the tables: the IP as 32-bit words in the kernel's byte order, in hex, then ':' and the port in
     * hex; {@code null} when it is not that.
     */
    static InetSocketAddress address(String text) {
        int colon = text.indexOf(':');
        String ip = colon < 0 ? "" : text.substring(0, colon);
        if (ip.length() != 8 && ip.length() != 32) {
            return null;
        }
        try {
            ByteBuffer bytes = ByteBuffer.allocate(ip.length() / 2).order(ByteOrder.nativeOrder());
            for (int word = 0; word < ip.length(); word += 8) {
                bytes.putInt((int) Long.parseLong(ip.substring(word, word + 8), 16));
            }
            int port = Integer.parseInt(text.substring(colon + 1), 16);
            // An IPv4-mapped IPv6 address comes back as the IPv4 address, as Java reports such a connection.
            return new InetSocketAddress(InetAddress.getByAddress(bytes.array()), port);
        } catch (UnknownHostException | IllegalArgumentException e) { // a bad number, or a port out of range
            return null;
        }
    }

    private String userName(long uid) {
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && fields[2].equals(Long.toString(uid)) && !fields[0].isEmpty()) {
                    return fields[0];
                }
            }
        } catch (IOException e) {
            // no passwd file: the uid is all there is
        }
        return "uid " + uid;
    }
}
