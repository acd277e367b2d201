package org.liaison.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code exec}: the client of the exec endpoint that {@code liaison-core} opens on 127.0.0.1
 * ({@code org.liaison.core.internal.exec}). The two sides share no code, so the protocol is written down in
 * both places:
 * <pre>
 * request:  token LF command LF                     (UTF-8; CR LF accepted)
 * response: the command's output, ending with LF unless empty, then one status line:
 *           "LIAISON-EXEC OK" | "LIAISON-EXEC FAILED message" | "LIAISON-EXEC DENIED message"
 *           | "LIAISON-EXEC BAD-REQUEST message", then end of stream
 * </pre>
 */
final class ExecClient {

    static final String STATUS_PREFIX = "LIAISON-EXEC ";
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final LiaisonHome home;
    private final PrintStream out;
    private final PrintStream err;

    ExecClient(LiaisonHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code command} in the running instance; returns 0 on success, 1 when it failed, 2 otherwise. */
    int exec(String command) {
        int port;
        String token;
        try {
            port = readPort();
            token = Files.readString(home.execTokenFile(), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            String file = home.display(Path.of(e.getFile()));
            err.println("liaison: Liaison is not running (no " + file + "): start it with bin/liaison run");
            return Liaison.EXIT_NOT_STARTED;
        } catch (AccessDeniedException e) {
            err.println("liaison: cannot read " + home.display(Path.of(e.getFile()))
                    + ": permission denied; exec is only for the user that runs Liaison");
            return Liaison.EXIT_NOT_STARTED;
        } catch (NumberFormatException e) {
            err.println("liaison: cannot use " + home.display(home.execPortFile()) + ": " + e.getMessage());
            return Liaison.EXIT_NOT_STARTED;
        } catch (IOException e) {
            err.println("liaison: cannot read the exec files of data/: " + Liaison.describe(e));
            return Liaison.EXIT_NOT_STARTED;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port),
                    CONNECT_TIMEOUT_MS);
            OutputStream request = socket.getOutputStream();
            request.write((token + "\n" + command + "\n").getBytes(StandardCharsets.UTF_8));
            request.flush();
            socket.shutdownOutput();
            return printResponse(socket.getInputStream());
        } catch (ConnectException | SocketTimeoutException e) {
            err.println("liaison: Liaison is not running (nothing answers on 127.0.0.1:" + port + ", the port in "
                    + home.display(home.execPortFile()) + "): start it with bin/liaison run");
            return Liaison.EXIT_NOT_STARTED;
        } catch (IOException e) {
            err.println("liaison: exec failed talking to 127.0.0.1:" + port + ": " + e.getMessage());
            return Liaison.EXIT_NOT_STARTED;
        }
    }

    private int readPort() throws IOException {
        String text = Files.readString(home.execPortFile(), StandardCharsets.US_ASCII).strip();
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NumberFormatException("'" + text + "' is not a TCP port");
    }

    private int printResponse(InputStream in) throws IOException {
        Response response = Response.parse(in.readAllBytes());
        out.write(response.output(), 0, response.output().length);
        out.flush();
        return switch (response.status()) {
            case "OK" -> Liaison.EXIT_OK;
            case "FAILED" -> {
                err.println("liaison: " + response.message());
                yield Liaison.EXIT_FAILURE;
            }
            case "DENIED" -> {
                err.println("liaison: exec refused: " + response.message());
                yield Liaison.EXIT_NOT_STARTED;
            }
            case "BROKEN" -> {
                err.println("liaison: " + response.message() + " (did Liaison stop?)");
                yield Liaison.EXIT_NOT_STARTED;
            }
            default -> {
                err.println("liaison: exec refused the request: " + response.status() + " " + response.message());
                yield Liaison.EXIT_NOT_STARTED;
            }
        };
    }

    /** A response split into the command's output and the status line that ends it. */
    record Response(byte[] output, String status, String message) {

        static Response parse(byte[] bytes) {
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\n') {
                end--;
            }
            int start = end;
            while (start > 0 && bytes[start - 1] != '\n') {
                start--;
            }
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8).stripTrailing();
            if (!line.startsWith(STATUS_PREFIX)) {
                return new Response(bytes, "BROKEN", "the connection ended before the command did");
            }
            String status = line.substring(STATUS_PREFIX.length());
            int space = status.indexOf(' ');
            String message = space < 0 ? "" : status.substring(space + 1);
            return new Response(Arrays.copyOf(bytes, start), space < 0 ? status : status.substring(0, space),
                    message);
        }
    }
}
