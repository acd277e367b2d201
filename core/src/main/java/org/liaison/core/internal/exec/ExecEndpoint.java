package org.liaison.core.internal.exec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The endpoint of {@code bin/liaison exec}: runs one Gogo command per connection and answers with its output
 * ({@link ExecProtocol}). It listens on 127.0.0.1 only, and a client must present the random token of
 * {@code data/exec.token}, which only the owner of the process can read; {@code data/exec.port} tells the client
 * where to connect, and is written last, so a client that finds it also finds the token.
 *
 * <p>The endpoint stays closed under {@code bin/liaison check} (framework property {@code liaison.mode=check}),
 * which must not take the files of a running instance, and when the framework property {@code liaison.home} is
 * not set (a test framework), since it would not know where {@code data/} is.
 */
@Component(service = {})
@Designate(ocd = ExecEndpoint.Config.class)
public final class ExecEndpoint {

    @ObjectClassDefinition(name = "Liaison exec endpoint",
            description = "Lets bin/liaison exec run Gogo commands in this instance, over 127.0.0.1.")
    public @interface Config {

        @AttributeDefinition(name = "Port",
                description = "TCP port on 127.0.0.1; 0 takes a free port at every start. "
                        + "bin/liaison exec reads it from data/exec.port.", min = "0", max = "65535")
        int port() default 0;
    }

    static final String PORT_FILE = "exec.port";
    static final String TOKEN_FILE = "exec.token";
    private static final int WORKERS = 2;
    private static final int WAITING_CONNECTIONS = 8;
    /** Time a client has to send its request; the command itself may run longer. */
    static final int REQUEST_TIMEOUT_MS = 10_000;

    private final Path portFile;
    private final Path tokenFile;
    private final ServerSocket server;
    private final ExecutorService workers;

    @Activate
    public ExecEndpoint(BundleContext context, @Reference CommandProcessor processor, Config config)
            throws IOException {
        this(dataDir(context), config.port(), gogo(processor));
    }

    /**
     * Opens the endpoint on {@code port} (0: any free port) and publishes it in {@code dataDir}; a {@code null}
     * {@code dataDir} leaves it closed.
     */
    ExecEndpoint(Path dataDir, int port, CommandRunner runner) throws IOException {
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
        server = new ServerSocket(port, WAITING_CONNECTIONS, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        try {
            String token = newToken();
            writeAtomically(tokenFile, token, "rw-------");
            workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(WAITING_CONNECTIONS), threads("liaison-exec-"));
            ExecProtocol protocol = new ExecProtocol(token, runner);
            Thread acceptor = new Thread(() -> accept(protocol), "liaison-exec-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            writeAtomically(portFile, server.getLocalPort() + "\n", "rw-r--r--");
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
    private static CommandRunner gogo(CommandProcessor processor) {
        return (command, out) -> {
            try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
                Object result = session.execute(command);
                if (result != null) {
                    out.println(session.format(result, Converter.INSPECT));
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
                return; // closed by deactivate
            }
            try {
                workers.execute(() -> serve(protocol, socket));
            } catch (RejectedExecutionException e) {
                try (socket) {
                    socket.getOutputStream().write((ExecProtocol.STATUS_PREFIX
                            + "BAD-REQUEST busy: too many exec requests at once\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the client has gone; nothing to tell
                }
            }
        }
    }

    private static void serve(ExecProtocol protocol, Socket socket) {
        try (socket) {
            socket.setSoTimeout(REQUEST_TIMEOUT_MS);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            protocol.serve(new BufferedInputStream(socket.getInputStream()), out);
            out.flush();
        } catch (IOException e) {
            // a client that went away or timed out: there is nobody to answer
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
