package org.liaison.core.internal.exec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.liaison.core.internal.audit.AuditTrail;
import org.liaison.core.internal.exec.LoopbackCallers.Caller;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The endpoint of {@code bin/liaison exec}: runs one Gogo command per connection and answers with its output
 * ({@link ExecProtocol}). It listens on 127.0.0.1 only, and a client must present the random token of
 * {@code data/exec.token}, which only the owner of the process can read; {@code data/exec.port} tells the client
 * where to connect, and is written last, so a client that finds it also finds the token.
 *
 * <p><b>What may run.</b> The token is not a shell: exec runs one plain command from an allow-list
 * ({@link ExecPolicy}): by default {@code liaison:*} and Felix's read-only {@code lb}, {@code headers},
 * {@code inspect}, {@code help}, {@code which} and {@code log}. Commands that open listeners ({@code telnetd}), run
 * scripts ({@code gosh}, {@code sh}, {@code source}), create objects ({@code new}), read files ({@code cat}) or
 * change the framework ({@code install}, {@code update}, {@code stop}, …) are refused, naming the command and the
 * {@code allowCommands} setting with which an admin allows them. Pipes, {@code ;}, closures, variables and the
 * like are always refused, since exec could not tell what they run.
 *
 * <p><b>Who ran what.</b> Every request that reaches a decision is recorded in the audit trail (event
 * {@code exec}) with the local user who made it, before a command runs, and logged. The user is the owner of the
 * client's socket, which Linux shows in {@code /proc/net/tcp} ({@link LoopbackCallers}); elsewhere it is
 * {@code unknown}.
 *
 * <p><b>Bounded.</b> A client has {@value #REQUEST_TIMEOUT_SECONDS} s in all to send its request (the command itself
 * may run longer), then it is answered {@code BAD-REQUEST} and closed. At most {@value #MAX_CONNECTIONS}
 * connections are served at once, at most {@value #MAX_CONNECTIONS_PER_CALLER} of them for one local user (callers
 * that cannot be identified count as one user); beyond that a connection is answered {@code BAD-REQUEST busy} at
 * once. So a silent or slow client holds one place for a few seconds, never the accept of the next, and one other
 * user of the host cannot take all the places.
 *
 * <p>The endpoint stays closed under {@code bin/liaison check} (framework property {@code liaison.mode=check}),
 * which must not take the files of a running instance, and when the framework property {@code liaison.home} is
 * not set (a test framework), since it would not know where {@code data/} is.
 */
@Component(service = {}, configurationPid = ExecEndpoint.PID)
@Designate(ocd = ExecEndpoint.Config.class)
public final class ExecEndpoint {

    static final String PID = "org.liaison.core.exec";

    @ObjectClassDefinition(name = "Liaison exec endpoint",
            description = "Lets bin/liaison exec run Gogo commands in this instance, over 127.0.0.1.")
    public @interface Config {

        @AttributeDefinition(name = "Port",
                description = "TCP port on 127.0.0.1; 0 takes a free port at every start. "
                        + "bin/liaison exec reads it from data/exec.port.", min = "0", max = "65535")
        int port() default 0;

        @AttributeDefinition(name = "Also allowed commands",
                description = "Gogo commands that exec may run besides liaison:* and felix:lb, headers, inspect,"
                        + " help, which and log: scope:function or scope:* (e.g. gogo:telnetd, felix:*), separated"
                        + " by commas. Each opens what the command can do to whoever can read data/exec.token.")
        String[] allowCommands() default {};
    }

    static final String PORT_FILE = "exec.port";
    static final String TOKEN_FILE = "exec.token";
    static final int MAX_CONNECTIONS = 8;
    static final int MAX_CONNECTIONS_PER_CALLER = MAX_CONNECTIONS / 2;
    static final int REQUEST_TIMEOUT_SECONDS = 5;
    private static final int BACKLOG = 16;

    private final Path portFile;
    private final Path tokenFile;
    private final ServerSocket server;
    private final ExecutorService workers;
    private final LoopbackCallers callers;
    private final Logger logger;
    private final Duration requestTimeout;
    /** Connections being served, per caller uid (-1: unknown); guarded by itself. */
    private final Map<Long, Integer> open = new HashMap<>();

    @Activate
    public ExecEndpoint(BundleContext context, @Reference CommandProcessor processor, @Reference AuditTrail audit,
            @Reference(service = LoggerFactory.class) Logger logger, Config config) throws IOException {
        this(dataDir(context), config.port(), gogo(processor), new ExecPolicy(List.of(config.allowCommands())),
                ExecAudit.of(audit), logger, new LoopbackCallers(), Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS));
    }

    /**
     * Opens the endpoint on {@code port} (0: any free port) and publishes it in {@code dataDir}; a {@code null}
     * {@code dataDir} leaves it closed. A client has {@code requestTimeout} to send its request.
     */
    ExecEndpoint(Path dataDir, int port, CommandRunner runner, ExecPolicy policy, ExecAudit audit, Logger logger,
            LoopbackCallers callers, Duration requestTimeout) throws IOException {
        this.logger = logger;
        this.callers = callers;
        this.requestTimeout = requestTimeout;
        if (dataDir == null) {
            portFile = null;
            tokenFile = null;
            server = null;
            workers = null;
            return;
        }
        Files.createDirectories(dataDir);
        portFile = dataDir.resolve(PORT_FILE);
        tokenFile = dataDir.resolve(TOKEN_FILE);
        server = new ServerSocket(port, BACKLOG, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        try {
            String token = newToken();
            writeAtomically(tokenFile, token, "rw-------");
            // Not bounded by the pool but by admit(): a pool bounded by itself could refuse a connection while a
            // worker that has just released its place is not yet back in the pool.
            workers = Executors.newCachedThreadPool(threads("liaison-exec-"));
            ExecProtocol protocol = new ExecProtocol(token, runner, policy, audit, logger);
            Thread acceptor = new Thread(() -> accept(protocol), "liaison-exec-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            writeAtomically(portFile, server.getLocalPort() + "\n", "rw-r--r--");
            logger.info("exec endpoint on 127.0.0.1:{}; it runs {}", server.getLocalPort(),
                    String.join(", ", policy.allowedList()));
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(tokenFile);
            throw e;
        }
    }

    /** The port listened on, or -1 when the endpoint is closed. */
    int port() {
        return server == null ? -1 : server.getLocalPort();
    }

    private static Path dataDir(BundleContext context) {
        String home = context.getProperty("liaison.home");
        if (home == null || "check".equals(context.getProperty("liaison.mode"))) {
            return null;
        }
        return Path.of(home, "data");
    }

    /** Runs a command like the Gogo console does: in a fresh session, printing a non-null result. */
    static CommandRunner gogo(CommandProcessor processor) {
        return new CommandRunner() {
            @Override
            public void run(String command, PrintStream out) throws Exception {
                try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
                    Object result = session.execute(command);
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                }
            }

            @Override
            public Set<String> commands() {
                PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
                try (CommandSession session = processor.createSession(InputStream.nullInputStream(), nowhere,
                        nowhere)) {
                    if (session.get(".commands") instanceof Collection<?> commands) {
                        return commands.stream().map(command -> String.valueOf(command).toLowerCase(Locale.ROOT))
                                .collect(Collectors.toUnmodifiableSet());
                    }
                    throw new IllegalStateException("the Gogo session has no .commands (expected Gogo 1.1)");
                }
            }
        };
    }

    private void accept(ExecProtocol protocol) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // closed by deactivate
                }
                // e.g. out of file descriptors: the next accept may work, and ending here would end exec for good
                logger.warn("exec: cannot accept a connection: {}", e.toString());
                pause();
                continue;
            }
            Caller caller = callers.of(socket);
            String busy = admit(caller);
            if (busy != null) {
                logger.warn("exec: refused a connection of {}: {}", caller, busy);
                refuse(socket, busy);
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        serve(protocol, socket, caller);
                    } finally {
                        release(caller);
                    }
                });
            } catch (RejectedExecutionException e) {
                release(caller); // deactivated meanwhile
                refuse(socket, "the exec endpoint is closing");
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes a place for a connection of {@code caller}; {@code null}, or why there is none. */
    private String admit(Caller caller) {
        synchronized (open) {
            int total = open.values().stream().mapToInt(Integer::intValue).sum();
            if (total >= MAX_CONNECTIONS) {
                return "busy: " + total + " exec requests are being served, the most at once; try again shortly";
            }
            int own = open.getOrDefault(caller.uid(), 0);
            if (own >= MAX_CONNECTIONS_PER_CALLER) {
                return "busy: " + caller + " has " + own + " exec requests being served, the most for one user;"
                        + " try again shortly";
            }
            open.put(caller.uid(), own + 1);
            return null;
        }
    }

    private void release(Caller caller) {
        synchronized (open) {
            open.computeIfPresent(caller.uid(), (uid, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Answers {@code BAD-REQUEST why} without reading the request; a short write, so it does not block. */
    private static void refuse(Socket socket, String why) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            ExecProtocol.writeStatus(out, "BAD-REQUEST", why);
            socket.shutdownOutput();
            // Closing with unread input would reset the connection, and the client could lose the answer.
            InputStream in = socket.getInputStream();
            in.skip(in.available());
        } catch (IOException ignored) {
            // the client has gone; nothing to tell
        }
    }

    private void serve(ExecProtocol protocol, Socket socket, Caller caller) {
        try (socket) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            try {
                protocol.serve(new BufferedInputStream(new DeadlineInputStream(socket, requestTimeout)), out,
                        caller);
            } catch (SocketTimeoutException e) {
                logger.warn("exec: closed a connection of {}: no complete request within {} s", caller,
                        requestTimeout.toMillis() / 1000.0);
                ExecProtocol.writeStatus(out, "BAD-REQUEST", "no complete request within "
                        + requestTimeout.toMillis() / 1000.0 + " s (token LF command LF)");
            }
            out.flush();
        } catch (IOException e) {
            // a client that went away: there is nobody to answer
        }
    }

    /**
     * The socket's input, which ends with a {@link SocketTimeoutException} once {@code timeout} has passed since it
     * was opened: a read timeout alone would let a client that sends a byte now and then hold a worker for ever.
     */
    private static final class DeadlineInputStream extends FilterInputStream {

        private final Socket socket;
        private final long deadline;

        DeadlineInputStream(Socket socket, Duration timeout) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        private void limit() throws IOException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("request deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        }

        @Override
        public int read() throws IOException {
            limit();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            limit();
            return super.read(b, off, len);
        }
    }

    @Deactivate
    void close() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        workers.shutdownNow();
        // Only our own files: they may already belong to another instance on the same home.
        String published = null;
        try {
            published = Files.readString(portFile, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            // already gone
        }
        if (String.valueOf(server.getLocalPort()).equals(published)) {
            Files.deleteIfExists(portFile);
            Files.deleteIfExists(tokenFile);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Readers see the old content or the new one, never a part; with POSIX, the file has these permissions. */
    private static void writeAtomically(Path file, String content, String posixPermissions) throws IOException {
        FileAttribute<?>[] attributes = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(posixPermissions))}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp", attributes);
        try {
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
