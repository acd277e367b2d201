package org.liaison.core.internal.journal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * The process {@link JournalCrashTest} kills: it writes to the journal from several threads until it is killed,
 * and prints a line for every write as soon as the journal has returned, that is, committed it:
 * {@code R <payload id> <name> <sha256>} for a receive, {@code C <payload id>} for a complete,
 * {@code D <key>} for a delivery marked delivered, {@code X <key>} for one marked dead.
 */
public final class JournalCrashChild {

    private static final PrintStream OUT = System.out;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String run = args[1];
        Journal journal = Journal.open(url, "liaison", "");
        for (int t = 0; t < 3; t++) {
            String source = run + "-s" + t;
            start(() -> {
                for (int i = 0;; i++) {
                    String name = source + "-" + i + ".json";
                    byte[] content = ("{\"source\": \"" + source + "\", \"n\": " + i + ", \"records\": \""
                            + "x".repeat(2000 + i % 500) + "\"}").getBytes(UTF_8);
                    long id = journal.receive("interpol", name, content);
                    report("R " + id + " " + name + " " + Journal.sha256(content));
                }
            });
        }
        start(() -> {
            while (true) {
                for (StoredPayload payload : journal.pendingPayloads(20)) {
                    String x = run + "-x" + payload.id();
                    journal.complete(payload.id(), List.of(new NewExchange(x, payload.partner(), "area", "purpose",
                            null, Instant.now(), List.of(
                                    new NewDelivery(x + "/unpol", "unpol", Journal.QUEUED, List.of("a"), List.of(),
                                            List.of(), payload.content(), "c0ffee"),
                                    new NewDelivery(x + "/ngo", "ngo", Journal.DENIED, List.of(), List.of("none"),
                                            List.of(), null, "c0ffee")))),
                            null);
                    report("C " + payload.id());
                }
            }
        });
        start(() -> {
            for (int n = 0;; n++) {
                for (DueDelivery due : journal.dueDeliveries(Instant.now(), 20)) {
                    if (++n % 5 == 0) {
                        journal.markDeadLetter(due.key(), 1, "refused");
                        report("X " + due.key());
                    } else {
                        journal.markDelivered(due.key(), Instant.now());
                        report("D " + due.key());
                    }
                }
            }
        });
        Thread.sleep(Long.MAX_VALUE);
    }

    @FunctionalInterface
    private interface Loop {
        void run() throws Exception;
    }

    private static void start(Loop loop) {
        Thread thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(3);
            }
        });
        thread.start();
    }

    private static void report(String line) {
        synchronized (OUT) {
            OUT.println(line);
            OUT.flush();
        }
    }
}
