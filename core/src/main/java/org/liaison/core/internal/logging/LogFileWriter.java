package org.liaison.core.internal.logging;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Writes every OSGi log entry to {@code logs/liaison.log} under the Liaison home, one line per entry, so that
 * bundles log through the standard OSGi Log Service and never to {@code System.out}. The file rolls over to
 * {@code liaison.log.1} when it passes {@value #ROLL_OVER_BYTES} bytes.
 */
@Component(service = {}, immediate = true)
public final class LogFileWriter implements LogListener {

    static final long ROLL_OVER_BYTES = 10L * 1024 * 1024;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private final LogReaderService reader;
    private final Path file;
    private Writer writer;
    private long written;

    @Activate
    public LogFileWriter(@Reference LogReaderService reader, BundleContext context) throws IOException {
        this(reader, logFile(context.getProperty("liaison.home")));
    }

    LogFileWriter(LogReaderService reader, Path file) throws IOException {
        this.reader = reader;
        this.file = file;
        Files.createDirectories(file.getParent());
        open();
        reader.addLogListener(this);
    }

    static Path logFile(String home) {
        return Path.of(home == null ? "." : home, "logs", "liaison.log");
    }

    private void open() throws IOException {
        writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        written = Files.size(file);
    }

    @Override
    public synchronized void logged(LogEntry entry) {
        if (writer == null || isRoutineServiceEvent(entry)) {
            return;
        }
        String line = format(entry);
        try {
            writer.write(line);
            writer.flush();
            written += line.length();
            if (written > ROLL_OVER_BYTES) {
                writer.close();
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                open();
            }
        } catch (IOException e) {
            // The log file is the one place to report to; losing it must not break the bundle that logged.
            writer = null;
        }
    }

    /**
     * The framework logs every service registration at INFO; on a platform where plugins come and go that drowns
     * what admins look for. Bundle and framework events, and anything logged at WARN or above, are kept.
     */
    static boolean isRoutineServiceEvent(LogEntry entry) {
        return "Events.Service".equals(entry.getLoggerName())
                && entry.getLogLevel().implies(LogLevel.INFO);
    }

    static String format(LogEntry entry) {
        Bundle bundle = entry.getBundle();
        StringBuilder line = new StringBuilder()
                .append(TIME.format(Instant.ofEpochMilli(entry.getTime())))
                .append(' ').append(String.format("%-5s", entry.getLogLevel()))
                .append(" [").append(bundle == null ? "?" : bundle.getSymbolicName()).append("] ")
                .append(entry.getMessage());
        if (entry.getException() != null) {
            StringWriter trace = new StringWriter();
            entry.getException().printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        return line.append(System.lineSeparator()).toString();
    }

    @Deactivate
    synchronized void close() throws IOException {
        reader.removeLogListener(this);
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }
}
