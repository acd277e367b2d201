package org.liaison.core.internal.audit;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.osgi.service.log.Logger;

/** A logger that keeps what it is told, and helpers to write and rewrite trails. */
final class AuditTestSupport {

    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    Logger logger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> {
                    if (List.of("info", "warn", "error").contains(method.getName())) {
                        log.add(method.getName() + ": " + Arrays.toString(args));
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    List<String> logged(String level) {
        synchronized (log) {
            return log.stream().filter(line -> line.startsWith(level + ": ")).toList();
        }
    }

    /** Writes {@code count} entries through a trail of its own and closes it. */
    void writeEntries(Path file, int count) throws IOException {
        AuditTrail trail = new AuditTrail(file, logger());
        for (int i = 1; i <= count; i++) {
            trail.record("input-received", Map.of("partner", "interpol", "number", i));
        }
        trail.close();
    }

    /**
     * Re-chains the lines as a forger would: each prev set to the hash before, each hash recomputed from the
     * documented canonical form (the line without its last 75 bytes).
     */
    static List<String> rechain(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        String prev = "0".repeat(64);
        for (String line : lines) {
            String canonical = line.substring(0, line.length() - 75);
            canonical = canonical.substring(0, canonical.length() - 65) + prev + "\"";
            String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
            out.add(canonical + ",\"hash\":\"" + hash + "\"}");
            prev = hash;
        }
        return out;
    }

    /** A line that continues the chain of {@code lines} correctly, as a forger who knows the format writes it. */
    static String forgedNext(List<String> lines, String event) throws Exception {
        String last = lines.get(lines.size() - 1);
        long seq = lines.size() + 1;
        String prev = last.substring(last.length() - 66, last.length() - 2);
        String canonical = "{\"seq\":" + seq + ",\"time\":\"2026-11-29T10:00:00.000Z\",\"event\":\"" + event
                + "\",\"recipient\":\"unpol\",\"prev\":\"" + prev + "\"";
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        return canonical + ",\"hash\":\"" + hash + "\"}";
    }

    static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
