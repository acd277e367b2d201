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

    static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }
}
