package org.liaison.core.internal.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import org.liaison.core.internal.exec.LoopbackCallers.Caller;
import org.osgi.service.log.Logger;

/**
 * One exec request on one connection. {@code bin/liaison exec} (the launcher's {@code ExecClient}) is the other
 * side; the two share no code, so the protocol is written down in both places:
 * <pre>
 * request:  token LF command LF                     (UTF-8; CR LF accepted)
 * response: the command's output, ending with LF unless empty, then one status line:
 *           "LIAISON-EXEC OK" | "LIAISON-EXEC FAILED message" | "LIAISON-EXEC DENIED message"
 *           | "LIAISON-EXEC BAD-REQUEST message", then end of stream
 * </pre>
 * The token is checked before the command is even read, in constant time. The command must then pass the
 * {@link ExecPolicy}; a refused command is answered {@code DENIED} with the reason. The output is buffered, so that
 * a failure can still be reported after it, and capped at {@value #MAX_OUTPUT_BYTES} bytes.
 *
 * <p>Every decision is recorded in the audit trail as an {@value #AUDIT_EVENT} entry with the {@code caller} (user
 * name, and {@code uid} when known), the {@code command} (absent after a wrong token, which is not read), the
 * {@code outcome} ({@code run} or {@code refused}) and, when refused, the {@code reason}. A command that runs is
 * on disk in the trail before it starts; when the trail cannot take it, the command
 * does not run. Each request is also logged: refusals as warnings, commands and their results as info.
 */
final class ExecProtocol {

    static final String STATUS_PREFIX = "LIAISON-EXEC ";
    static final String AUDIT_EVENT = "exec";
    static final int MAX_TOKEN_BYTES = 1024;
    static final int MAX_COMMAND_BYTES = 64 * 1024;
    static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
    static final String WRONG_TOKEN = "wrong token (is data/exec.token from this instance?)";
    /** Commands are shown in messages up to this length, so that a long one does not flood the log. */
    private static final int SHOWN_COMMAND_CHARS = 200;

    private final byte[] token;
    private final CommandRunner runner;
    private final ExecPolicy policy;
    private final ExecAudit audit;
    private final Logger logger;

    ExecProtocol(String token, CommandRunner runner, ExecPolicy policy, ExecAudit audit, Logger logger) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.runner = runner;
        this.policy = policy;
        this.audit = audit;
        this.logger = logger;
    }

    /**
     * Reads one request of {@code caller} from {@code in} and writes its response to {@code out}; never throws for
     * a bad request.
     *
     * @throws IOException when the connection fails, e.g. a read times out; nothing has run then
     */
    void serve(InputStream in, OutputStream out, Caller caller) throws IOException {
        String given;
        String command;
        try {
            given = readLine(in, MAX_TOKEN_BYTES, "token");
            if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                logger.warn("exec: refused a request of {}: wrong token", caller);
                recordRefusal(fields(caller, null, "refused", "wrong token"));
                writeStatus(out, "DENIED", WRONG_TOKEN);
                return;
            }
            command = readLine(in, MAX_COMMAND_BYTES, "command").strip();
            if (command.isEmpty()) {
                throw new BadRequest("empty command");
            }
        } catch (BadRequest e) {
            logger.warn("exec: bad request of {}: {}", caller, e.getMessage());
            writeStatus(out, "BAD-REQUEST", e.getMessage());
            return;
        }

        String shown = shown(command);
        ExecPolicy.Decision decision;
        try {
            decision = policy.decide(command, runner.commands());
        } catch (RuntimeException e) {
            logger.error("exec: cannot check '{}' of {}: the shell did not list its commands", shown, caller, e);
            writeStatus(out, "FAILED", "not run: cannot list the shell's commands to check '" + shown + "': "
                    + describe(e));
            return;
        }
        if (!decision.allowed()) {
            logger.warn("exec: refused '{}' of {}: {}", shown, caller, decision.refusal());
            recordRefusal(fields(caller, command, "refused", decision.refusal()));
            writeStatus(out, "DENIED", "'" + shown + "': " + decision.refusal());
            return;
        }
        try {
            audit.record(fields(caller, command, "run", null), true);
        } catch (RuntimeException e) {
            logger.error("exec: did not run '{}' of {}: the audit trail cannot record it", shown, caller, e);
            writeStatus(out, "FAILED", "not run: the audit trail cannot record '" + shown + "': " + describe(e));
            return;
        }
        logger.info("exec: {} runs '{}'", caller, shown);

        CappedBuffer output = new CappedBuffer(MAX_OUTPUT_BYTES);
        String failure = null;
        try (PrintStream printer = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            try {
                runner.run(command, printer);
            } catch (Exception e) {
                failure = describe(e);
            }
        }
        if (failure == null) {
            logger.info("exec: '{}' of {} ended", shown, caller);
        } else {
            logger.info("exec: '{}' of {} failed: {}", shown, caller, failure);
        }
        output.writeTo(out);
        if (failure == null) {
            writeStatus(out, "OK", null);
        } else {
            writeStatus(out, "FAILED", failure);
        }
    }

    /** A refusal is answered even when the trail cannot take it: nothing ran. */
    private void recordRefusal(Map<String, Object> fields) {
        try {
            audit.record(fields, false);
        } catch (RuntimeException e) {
            logger.error("exec: the audit trail cannot record a refusal: {}", fields, e);
        }
    }

    private static Map<String, Object> fields(Caller caller, String command, String outcome, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("caller", caller.user());
        if (caller.known()) {
            fields.put("uid", caller.uid());
        }
        if (command != null) {
            fields.put("command", command);
        }
        fields.put("outcome", outcome);
        if (reason != null) {
            fields.put("reason", reason);
        }
        return fields;
    }

    private static String shown(String command) {
        return command.length() <= SHOWN_COMMAND_CHARS ? command
                : command.substring(0, SHOWN_COMMAND_CHARS) + "... (" + command.length() + " characters)";
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    static void writeStatus(OutputStream out, String status, String message) throws IOException {
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
