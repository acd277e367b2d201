package org.liaison.core.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * One exec request on one connection. {@code bin/liaison exec} (the launcher's {@code ExecClient}) is the other
 * side; the two share no code, so the protocol is written down in both places:
 * <pre>
 * request:  token LF command LF                     (UTF-8; CR LF accepted)
 * response: the command's output, ending with LF unless empty, then one status line:
 *           "LIAISON-EXEC OK" | "LIAISON-EXEC FAILED message" | "LIAISON-EXEC DENIED message"
 *           | "LIAISON-EXEC BAD-REQUEST message", then end of stream
 * </pre>
 * The token is checked before the command is even read, in constant time. The output is buffered, so that a
 * failure can still be reported after it, and capped at {@value #MAX_OUTPUT_BYTES} bytes.
 */
final class ExecProtocol {

    static final String STATUS_PREFIX = "LIAISON-EXEC ";
    static final int MAX_TOKEN_BYTES = 1024;
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

    private final byte[] token;
    private final CommandRunner runner;

    ExecProtocol(String token, CommandRunner runner) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.runner = runner;
    }

    /** Reads one request from {@code in} and writes its response to {@code out}; never throws for a bad request. */
    void serve(InputStream in, OutputStream out) throws IOException {
        String given;
        String command;
        try {
            given = readLine(in, MAX_TOKEN_BYTES, "token");
            if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                writeStatus(out, "DENIED", "wrong token (is data/exec.token from this instance?)");
                return;
            }
            command = readLine(in, MAX_COMMAND_BYTES, "command").strip();
            if (command.isEmpty()) {
                throw new BadRequest("empty command");
            }
        } catch (BadRequest e) {
            writeStatus(out, "BAD-REQUEST", e.getMessage());
            return;
        }

        CappedBuffer output = new CappedBuffer(MAX_OUTPUT_BYTES);
        String failure = null;
        try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            try {
                runner.run(command, printer);
            } catch (Exception e) {
                failure = e.getMessage() == null ? e.getClass().getName()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        output.writeTo(out);
        if (failure == null) {
            writeStatus(out, "OK", null);
        } else {
            writeStatus(out, "FAILED", failure);
        }
    }

    private static void writeStatus(OutputStream out, String status, String message) throws IOException {
        StringBuilder line = new StringBuilder(STATUS_PREFIX).append(status);
        if (message != null) {
            line.append(' ').append(message.replaceAll("[\\r\\n]+", " "));
        }
        out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A line of at most {@code max} bytes; end of stream also ends the last line. */
    private static String readLine(InputStream in, int max, String what) throws IOException, BadRequest {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (line.size() == 0) {
                    throw new BadRequest("no " + what);
                }
                break;
            }
            if (line.size() == max) {
                throw new BadRequest(what + " longer than " + max + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** Keeps the first {@code max} bytes written and notes that the rest was dropped. */
    private static final class CappedBuffer extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int max;
        private boolean truncated;
        private byte last = '\n';

        CappedBuffer(int max) {
            this.max = max;
        }

        @Override
        public synchronized void write(int b) {
            if (bytes.size() < max) {
                bytes.write(b);
                last = (byte) b;
            } else {
                truncated = true;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = Math.min(len, max - bytes.size());
            if (room > 0) {
                bytes.write(b, off, room);
                last = b[off + room - 1];
            }
            truncated |= room < len;
        }

        synchronized void writeTo(OutputStream out) throws IOException {
            bytes.writeTo(out);
            if (truncated) {
                out.write(("\n[output truncated after " + max + " bytes]\n").getBytes(StandardCharsets.UTF_8));
            } else if (last != '\n') {
                out.write('\n');
            }
        }
    }
}
