import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.liaison.api.format.Decoded;
import org.liaison.plugin.canonical.CanonicalJsonFormat;
import org.liaison.api.transport.Payload;

/**
 * End-to-end throughput of the assembled distribution, with the durable journal, against gson alone decoding and
 * encoding the same records, in the same run. Run through throughput.sh, which sets the class path.
 *
 * <p>For each repetition: a fresh copy of the distribution, started with bin/liaison run; F input files of R
 * person records each are written to data/inbox/interpol/ (aside, then renamed in) all at once; the route
 * interpol -> unpol delivers each as one file to data/outbox/unpol/. Throughput is records over the time from the
 * first drop to the last delivery; a file's latency is from its drop to its delivery file's appearance.
 */
public final class ThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int repetitions = Integer.parseInt(args[2]);
        int files = Integer.parseInt(args[3]);
        int recordsPerFile = Integer.parseInt(args[4]);
        List<byte[]> inputs = new ArrayList<>();
        for (int file = 0; file < files; file++) {
            inputs.add(input(file, recordsPerFile));
        }
        int records = files * recordsPerFile;
        System.out.printf("%d files x %d person records = %d records per repetition, %d repetitions%n", files,
                recordsPerFile, records, repetitions);
        List<Double> endToEnd = new ArrayList<>();
        List<Long> p50s = new ArrayList<>();
        List<Long> p99s = new ArrayList<>();
        List<Double> gsonRates = new ArrayList<>();
        for (int repetition = 1; repetition <= repetitions; repetition++) {
            Run run = endToEnd(distribution, work.resolve("run-" + repetition), inputs, records);
            double gson = gsonOnly(inputs, records);
            endToEnd.add(run.recordsPerSecond());
            p50s.add(run.p50Millis());
            p99s.add(run.p99Millis());
            gsonRates.add(gson);
            System.out.printf("run %d: end to end %.0f records/s, latency p50 %d ms, p99 %d ms; gson alone %.0f"
                    + " records/s (decode + encode)%n", repetition, run.recordsPerSecond(), run.p50Millis(),
                    run.p99Millis(), gson);
        }
        double e2e = median(endToEnd);
        double gson = median(gsonRates);
        System.out.printf("median: end to end %.0f records/s, latency p50 %d ms, p99 %d ms; gson alone %.0f"
                + " records/s; ratio %.2f%n", e2e, (long) median(p50s.stream().map(Long::doubleValue).toList()),
                (long) median(p99s.stream().map(Long::doubleValue).toList()), gson, e2e / gson);
    }

    record Run(double recordsPerSecond, long p50Millis, long p99Millis) {
    }

    static byte[] input(int file, int records) {
        StringBuilder json = new StringBuilder("{\"format\": \"liaison-canonical-json\", \"version\": 1,"
                + " \"records\": [\n");
        for (int i = 0; i < records; i++) {
            String id = "bench-" + file + "-" + i;
            json.append(i == 0 ? "" : ",\n").append("{\"type\": \"person\", \"id\": \"").append(id)
                    .append("\", \"name\": {\"fullName\": \"SAMPLE Person ").append(id)
                    .append("\", \"familyName\": \"SAMPLE\", \"givenNames\": \"Person\"}, \"sex\": \"U\",")
                    .append(" \"datesOfBirth\": [\"1979-01-17\"], \"nationalities\": [\"GH\", \"CO\"],")
                    .append(" \"placeOfBirth\": \"Accra\", \"languages\": [\"en\"]}");
        }
        return json.append("\n]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static Run endToEnd(Path distribution, Path home, List<byte[]> inputs, int records) throws Exception {
        copy(distribution, home);
        // the folder transport looks at its inbox every 50 ms instead of 500 ms, so that polling does not dominate
        for (String partner : List.of("interpol", "unpol")) {
            Files.writeString(home.resolve("conf/services/org.liaison.transport.folder-" + partner + ".cfg"),
                    "liaison.partner=" + partner + "\npollMillis=50\n");
        }
        Process process = new ProcessBuilder(home.resolve("bin/liaison").toString(), "run").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("run.log").toFile()).start();
        try {
            waitFor(() -> Files.readString(home.resolve("run.log")).contains(" ready in "), 60_000, "ready line");
            Path inbox = Files.createDirectories(home.resolve("data/inbox/interpol"));
            Path outbox = home.resolve("data/outbox/unpol");
            Files.createDirectories(outbox);
            // give FileInstall time to apply the 50 ms poll configuration and the engine time to open the journal
            waitFor(() -> run(home, "liaison:status").contains("journal size"), 60_000, "engine ready");
            Thread.sleep(2_000);
            Map<Integer, Long> dropped = new HashMap<>();
            long start = System.nanoTime();
            for (int file = 0; file < inputs.size(); file++) {
                Path temporary = inbox.resolve(".in-" + file + ".json.part");
                Files.write(temporary, inputs.get(file));
                Files.move(temporary, inbox.resolve("in-" + String.format("%05d", file) + ".json"),
                        StandardCopyOption.ATOMIC_MOVE);
                dropped.put(file, System.nanoTime());
            }
            Map<String, Long> seen = new HashMap<>();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (seen.size() < inputs.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + seen.size() + " of " + inputs.size()
                            + " deliveries after 5 minutes; see " + home.resolve("logs/liaison.log"));
                }
                try (Stream<Path> delivered = Files.list(outbox)) {
                    long now = System.nanoTime();
                    delivered.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith("."))
                            .forEach(name -> seen.putIfAbsent(name, now));
                }
                Thread.sleep(5);
            }
            long end = Collections.max(seen.values());
            // a delivery's payload id follows the order of the drops: ex-<payload id>-...; map it to its file
            List<Long> latencies = new ArrayList<>();
            Map<Long, Long> deliveredByPayload = new HashMap<>();
            seen.forEach((name, at) -> deliveredByPayload.put(Long.parseLong(name.split("-")[1]), at));
            List<Long> payloadIds = new ArrayList<>(deliveredByPayload.keySet());
            Collections.sort(payloadIds);
            List<Long> drops = new ArrayList<>(dropped.values());
            Collections.sort(drops);
            for (int i = 0; i < payloadIds.size(); i++) {
                latencies.add((deliveredByPayload.get(payloadIds.get(i)) - drops.get(i)) / 1_000_000);
            }
            Collections.sort(latencies);
            double seconds = (end - start) / 1e9;
            return new Run(records / seconds, latencies.get(latencies.size() / 2),
                    latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)));
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** gson alone: the canonical JSON format decoding each input and encoding its records again. */
    static double gsonOnly(List<byte[]> inputs, int records) throws Exception {
        CanonicalJsonFormat format = new CanonicalJsonFormat();
        double best = 0;
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int file = 0; file < inputs.size(); file++) {
                Decoded decoded = Decoded.decode(format, Payload.ofBytes("interpol", "in-" + file + ".json",
                        inputs.get(file)));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                format.encode(decoded.records(), out);
            }
            rates.add(records / ((System.nanoTime() - start) / 1e9));
        }
        return median(rates.subList(1, rates.size()));
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check, long millis, String what) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static String run(Path home, String command) throws IOException, InterruptedException {
        Process exec = new ProcessBuilder(home.resolve("bin/liaison").toString(), "exec", command)
                .redirectErrorStream(true).start();
        try (InputStream in = exec.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            exec.waitFor();
            return output;
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> walk = Files.walk(to)) {
                walk.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String relative = from.relativize(dir).toString();
                if (relative.startsWith("data/") || relative.equals("logs")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
