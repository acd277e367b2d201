import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pause in deliveries to a partner while its plugin is hot-swapped under load, measured on the assembled
 * distribution. Run through swap-pause.sh.
 *
 * <p>A fresh copy of the distribution is started with bin/liaison run, the folder transports of interpol and unpol
 * polling every 50 ms. A producer thread drops small canonical JSON inputs (one incident record each, unique ids)
 * into data/inbox/interpol/ (written aside, then renamed in) at a target rate; the demo route interpol -> unpol
 * delivers each, encoded by the un-peacekeeping plugin in ACLED CSV, to data/outbox/unpol/. The producer never lets
 * more than a bounded number of inputs be dropped and not yet delivered: when the engine cannot keep up with the
 * target rate, the producer runs at the engine's pace instead of burying it under an ever longer queue (whose
 * latency would hide everything else), and the rate actually sustained is reported. While the inputs flow,
 * {@code bin/liaison exec 'liaison:swap org.liaison.plugin.un-peacekeeping <jar>'} swaps the plugin v1 -> v2 -> v1 ... (v2 is the shipped jar with another Bundle-Version), several seconds apart.
 *
 * <p>A delivery's time is the time of its {@code delivered} entry in the audit trail. The pause of a swap is the
 * longest gap between consecutive deliveries to unpol that overlaps the window from the swap command's start to
 * 2 s after it returned; the baseline, in the same run, is the longest gap in a window of the same length just
 * before each swap, when no swap is running. Nothing lost: every input's id is in exactly one delivered CSV file,
 * nothing is quarantined and there is no dead letter.
 */
public final class SwapPauseBenchmark {

    static final String BUNDLE = "org.liaison.plugin.un-peacekeeping";
    static final long AFTER_SWAP_MILLIS = 2_000;
    static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    static final Pattern EVENT = Pattern.compile("\"event\":\"([^\"]+)\"");
    static final Pattern DELIVERY = Pattern.compile("\"delivery\":\"([^\"]+)\"");
    static final Pattern TO = Pattern.compile("\"to\":\"([^\"]+)\"");
    static final Pattern PAYLOAD = Pattern.compile("\"payload\":(\\d+)");
    static final Pattern EXCHANGE_PAYLOAD = Pattern.compile("\"exchange\":\"ex-(\\d+)-");

    public static void main(String[] args) throws Exception {
        Path distribution = Path.of(args[0]);
        Path home = Path.of(args[1]);
        int swaps = Integer.parseInt(args[2]);
        long spacingMillis = Long.parseLong(args[3]) * 1000;
        int targetRate = Integer.parseInt(args[4]);
        int maxInFlight = Integer.parseInt(args[5]);
        long warmUpMillis = Math.max(spacingMillis, 10_000);
        System.out.printf("%d swaps %d s apart; target rate %d exchanges/s, at most %d inputs dropped and not yet"
                + " delivered%n", swaps, spacingMillis / 1000, targetRate, maxInFlight);

        copy(distribution, home);
        for (String partner : List.of("interpol", "unpol")) {
            Files.writeString(home.resolve("conf/services/org.liaison.transport.folder-" + partner + ".cfg"),
                    "liaison.partner=" + partner + "\npollMillis=50\n");
        }
        Path jars = Files.createDirectories(home.resolve("swap-jars"));
        Path v1 = Files.copy(home.resolve("deploy/liaison-plugin-un-peacekeeping.jar"), jars.resolve("v1.jar"));
        Path v2 = withVersion(v1, jars.resolve("v2.jar"), "0.2.0");

        Process process = new ProcessBuilder(home.resolve("bin/liaison").toString(), "run").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("run.log").toFile()).start();
        Producer producer = null;
        try {
            waitFor(() -> Files.readString(home.resolve("run.log")).contains(" ready in "), 60_000, "ready line");
            waitFor(() -> exec(home, "liaison:status").output().contains("journal size"), 60_000, "engine ready");
            waitFor(() -> exec(home, "liaison:plugins").output().contains(BUNDLE + " 0.1.0"), 60_000,
                    "the un-peacekeeping plugin");
            Thread.sleep(2_000);

            producer = new Producer(Files.createDirectories(home.resolve("data/inbox/interpol")),
                    home.resolve("data/audit/audit.jsonl"), targetRate, maxInFlight);
            producer.start();
            long loadStart = System.currentTimeMillis();
            List<long[]> swapTimes = new ArrayList<>();
            List<String> swapLines = new ArrayList<>();
            long next = loadStart + warmUpMillis;
            for (int swap = 1; swap <= swaps; swap++) {
                sleepUntil(next);
                Path jar = swap % 2 == 1 ? v2 : v1;
                long start = System.currentTimeMillis();
                Exec result = exec(home, "liaison:swap " + BUNDLE + " " + jar);
                long end = System.currentTimeMillis();
                swapTimes.add(new long[] {start, end});
                String first = result.output().lines().findFirst().orElse("");
                swapLines.add(first);
                System.out.printf("swap %d: exit %d in %d ms: %s%n", swap, result.exitCode(), end - start, first);
                if (result.exitCode() != 0) {
                    throw new IllegalStateException("swap " + swap + " failed:\n" + result.output());
                }
                next = start + spacingMillis;
            }
            sleepUntil(swapTimes.get(swaps - 1)[1] + AFTER_SWAP_MILLIS + 2_000);
            producer.stop();
            long loadEnd = System.currentTimeMillis();
            int dropped = producer.dropped.get();
            System.out.printf("load: %d inputs dropped in %.1f s (%.0f/s offered; target %d/s); the producer waited"
                    + " for deliveries to catch up %d times%n", dropped, (loadEnd - loadStart) / 1000.0,
                    dropped * 1000.0 / (loadEnd - loadStart), targetRate, producer.throttled.get());

            // wait until every input is delivered, or give up
            Path outbox = home.resolve("data/outbox/unpol");
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline && deliveredFiles(outbox) < dropped) {
                Thread.sleep(100);
            }
            long drained = System.currentTimeMillis();
            Thread.sleep(1_000); // anything doubled late shows up too

            Audit audit = Audit.read(home.resolve("data/audit/audit.jsonl"), "unpol");
            Map<String, List<String>> ids = deliveredIds(outbox);
            List<Long> times = audit.deliveryTimes();

            List<Long> pauses = new ArrayList<>();
            List<Long> baselines = new ArrayList<>();
            List<Long> swapLatencies = new ArrayList<>();
            List<Long> baselineLatencies = new ArrayList<>();
            for (int i = 0; i < swaps; i++) {
                long start = swapTimes.get(i)[0];
                long end = swapTimes.get(i)[1] + AFTER_SWAP_MILLIS;
                long baselineEnd = start - 250;
                long baselineStart = baselineEnd - (end - start);
                if (i > 0 && baselineStart < swapTimes.get(i - 1)[1] + AFTER_SWAP_MILLIS) {
                    System.out.printf("warning: the baseline window before swap %d overlaps the window of swap %d:"
                            + " space the swaps further apart%n", i + 1, i);
                }
                pauses.add(longestGap(times, start, end));
                baselines.add(longestGap(times, baselineStart, baselineEnd));
                swapLatencies.add(audit.worstLatency(start, end));
                baselineLatencies.add(audit.worstLatency(baselineStart, baselineEnd));
                System.out.printf("swap %d (%s): longest gap %d ms, worst latency of an input received in the"
                        + " window %d ms; in the window before it, without a swap: %d ms, %d ms%n", i + 1,
                        swapLines.get(i).replaceAll("; .*", ""), pauses.get(i), swapLatencies.get(i),
                        baselines.get(i), baselineLatencies.get(i));
            }

            long rateFrom = swapTimes.get(0)[0];
            long delivered = times.stream().filter(t -> t >= rateFrom && t <= loadEnd).count();
            double rate = delivered * 1000.0 / (loadEnd - rateFrom);
            long swapFreeDelivered = 0;
            long swapFreeMillis = 0;
            long cursor = rateFrom;
            List<long[]> busy = new ArrayList<>();
            for (long[] s : swapTimes) {
                busy.add(new long[] {s[0], s[1] + AFTER_SWAP_MILLIS});
            }
            busy.add(new long[] {loadEnd, loadEnd});
            for (long[] b : busy) {
                long from = cursor;
                long to = Math.min(b[0], loadEnd);
                if (to > from) {
                    swapFreeMillis += to - from;
                    swapFreeDelivered += times.stream().filter(t -> t >= from && t < to).count();
                }
                cursor = Math.max(cursor, b[1]);
            }

            List<String> missing = new ArrayList<>();
            for (int i = 0; i < dropped; i++) {
                if (!ids.containsKey(Producer.id(i))) {
                    missing.add(Producer.id(i));
                }
            }
            List<String> doubled = ids.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(e -> e.getKey() + " in " + e.getValue()).toList();
            long quarantined = audit.count("input-quarantined");
            long deadLetters = audit.count("dead-letter");
            long failed = audit.count("delivery-failed");
            long redelivered = audit.redeliveredKeys();
            long rolledBack = audit.count("plugin-rolled-back");
            long swapped = audit.count("plugin-swapped");
            String deadLetterList = exec(home, "liaison:deadletters").output().trim();

            System.out.println();
            System.out.printf("sustained: %.0f exchanges/s delivered to unpol from the first swap to the end of the"
                    + " load (%d deliveries; the first %.1f s of load are a warm-up); %.0f/s outside the swap"
                    + " windows; all %d inputs delivered %.1f s after the load stopped%n", rate, delivered,
                    (rateFrom - loadStart) / 1000.0,
                    swapFreeMillis == 0 ? 0.0 : swapFreeDelivered * 1000.0 / swapFreeMillis, dropped,
                    (drained - loadEnd) / 1000.0);
            System.out.printf("pause during a swap: median %d ms, worst %d ms (%s)%n", median(pauses),
                    Collections.max(pauses), pauses);
            System.out.printf("baseline, no swap, same run: median %d ms, worst %d ms (%s)%n", median(baselines),
                    Collections.max(baselines), baselines);
            System.out.printf("worst latency (input received -> delivered) of inputs received in a swap window:"
                    + " median %d ms, worst %d ms; in the baseline windows: median %d ms, worst %d ms;"
                    + " all deliveries: median %d ms, worst %d ms%n", median(swapLatencies),
                    Collections.max(swapLatencies), median(baselineLatencies), Collections.max(baselineLatencies),
                    audit.latencyPercentile(0.5), audit.latencyPercentile(1.0));
            System.out.printf("nothing lost: %d inputs, %d ids delivered, %d missing%s, %d in more than one file%s;"
                    + " %d quarantined, %d dead letters (liaison:deadletters: %s), %d failed attempts, %d"
                    + " deliveries audited more than once under the same key (dropped as duplicates); %d swaps"
                    + " audited, %d rolled back%n", dropped, ids.size(), missing.size(),
                    missing.isEmpty() ? "" : " " + missing.subList(0, Math.min(10, missing.size())), doubled.size(),
                    doubled.isEmpty() ? "" : " " + doubled.subList(0, Math.min(10, doubled.size())), quarantined,
                    deadLetters, deadLetterList, failed, redelivered, swapped, rolledBack);
            boolean nothingLost = missing.isEmpty() && doubled.isEmpty() && quarantined == 0 && deadLetters == 0;
            System.out.printf("target worst pause under 500 ms: %s; nothing lost: %s; at least 1,000"
                    + " exchanges/s: %s%n", Collections.max(pauses) < 500 ? "met" : "NOT met",
                    nothingLost ? "met" : "NOT met", rate >= 1000 ? "met" : "NOT met");
        } finally {
            if (producer != null) {
                producer.stop();
            }
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Drops one-record inputs at a target rate, never letting more than maxInFlight be dropped and not yet
     * delivered (it counts the {@code delivered} entries appended to the audit trail).
     */
    static final class Producer implements Runnable {
        static final byte[] DELIVERED = "\"event\":\"delivered\"".getBytes(StandardCharsets.UTF_8);
        final Path inbox;
        final Path auditFile;
        final long intervalNanos;
        final int maxInFlight;
        final AtomicInteger dropped = new AtomicInteger();
        final AtomicLong throttled = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(this, "producer");
        long auditOffset;
        long delivered;

        Producer(Path inbox, Path auditFile, int rate, int maxInFlight) throws IOException {
            this.inbox = inbox;
            this.auditFile = auditFile;
            this.intervalNanos = 1_000_000_000L / rate;
            this.maxInFlight = maxInFlight;
            this.auditOffset = Files.size(auditFile);
        }

        static String id(int i) {
            return String.format("LOAD-%06d", i);
        }

        static byte[] input(int i) {
            return ("{\"format\":\"liaison-canonical-json\",\"version\":1,\"records\":[{\"type\":\"incident\",\"id\":\""
                    + id(i) + "\",\"date\":\"2025-04-01\",\"eventType\":\"Battles\",\"actors\":[\"Military Forces"
                    + " of Somalia\"],\"countryCode\":\"SO\",\"countryName\":\"Somalia\",\"fatalities\":0}]}")
                    .getBytes(StandardCharsets.UTF_8);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        /** Counts the delivered entries appended to the audit trail since the last call (complete lines only). */
        void countDelivered() throws IOException {
            try (FileChannel channel = FileChannel.open(auditFile, StandardOpenOption.READ)) {
                long size = channel.size();
                if (size <= auditOffset) {
                    return;
                }
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - auditOffset, 16 << 20));
                while (buffer.hasRemaining() && channel.read(buffer, auditOffset + buffer.position()) > 0) {
                    // read up to the size seen
                }
                byte[] bytes = buffer.array();
                int end = buffer.position();
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                for (int i = 0; i + DELIVERED.length <= end; i++) {
                    if (bytes[i] == '"' && matches(bytes, i)) {
                        delivered++;
                        i += DELIVERED.length - 1;
                    }
                }
                auditOffset += end;
            }
        }

        static boolean matches(byte[] bytes, int at) {
            for (int j = 0; j < DELIVERED.length; j++) {
                if (bytes[at + j] != DELIVERED[j]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void run() {
            try {
                long next = System.nanoTime();
                long counted = 0;
                while (running.get()) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    if (dropped.get() - delivered >= maxInFlight && now - counted > 5_000_000) {
                        countDelivered();
                        counted = now;
                    }
                    if (dropped.get() - delivered >= maxInFlight) {
                        throttled.incrementAndGet();
                        Thread.sleep(5);
                        next = System.nanoTime(); // missed slots are not made up in a burst
                        continue;
                    }
                    int i = dropped.get();
                    Path temporary = inbox.resolve(".load-" + i + ".json.part");
                    Files.write(temporary, input(i));
                    Files.move(temporary, inbox.resolve("load-" + String.format("%06d", i) + ".json"),
                            StandardCopyOption.ATOMIC_MOVE);
                    dropped.incrementAndGet();
                    next += intervalNanos;
                    if (System.nanoTime() - next > 100_000_000) {
                        next = System.nanoTime(); // fell behind (the machine is busy): no burst to catch up
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the producer failed", e);
            }
        }
    }

    /** How many CSV files were delivered (in-progress hidden files left out). */
    static long deliveredFiles(Path outbox) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".csv") && !name.startsWith(".")).count();
        }
    }

    /** The ids of the records in the delivered CSV files (one per file): id -> the files holding it. */
    static Map<String, List<String>> deliveredIds(Path outbox) throws IOException {
        Map<String, List<String>> ids = new HashMap<>();
        if (!Files.isDirectory(outbox)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv")
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (String line : lines.subList(1, lines.size())) {
                    if (!line.isBlank()) {
                        ids.computeIfAbsent(line.substring(0, line.indexOf(',')), k -> new ArrayList<>())
                                .add(file.getFileName().toString());
                    }
                }
            }
        }
        return ids;
    }

    /** The longest gap between consecutive times (sorted) that overlaps [from, to]. */
    static long longestGap(List<Long> times, long from, long to) {
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            long a = times.get(i - 1);
            long b = times.get(i);
            if (b >= from && a <= to) {
                longest = Math.max(longest, b - a);
            }
        }
        return longest;
    }

    /** What the audit trail says, read once at the end. */
    static final class Audit {
        final Map<String, Long> events = new HashMap<>();
        final Map<Long, Long> received = new HashMap<>();
        /** The deliveries to unpol: {payload, time}, in the order of the trail. */
        final List<long[]> delivered = new ArrayList<>();
        final Map<String, Integer> deliveredByKey = new HashMap<>();

        static Audit read(Path file, String recipient) throws IOException {
            Audit audit = new Audit();
            for (String line : Files.readAllLines(file)) {
                String event = field(EVENT, line);
                audit.events.merge(event, 1L, Long::sum);
                if (event.equals("input-received")) {
                    audit.received.put(Long.parseLong(field(PAYLOAD, line)), time(line));
                } else if (event.equals("delivered") && field(TO, line).equals(recipient)) {
                    audit.delivered.add(new long[] {Long.parseLong(field(EXCHANGE_PAYLOAD, line)), time(line)});
                    audit.deliveredByKey.merge(field(DELIVERY, line), 1, Integer::sum);
                }
            }
            return audit;
        }

        static String field(Pattern pattern, String line) {
            Matcher matcher = pattern.matcher(line);
            return matcher.find() ? matcher.group(1) : "";
        }

        static long time(String line) {
            return Instant.parse(field(TIME, line)).toEpochMilli();
        }

        long count(String event) {
            return events.getOrDefault(event, 0L);
        }

        List<Long> deliveryTimes() {
            List<Long> times = new ArrayList<>();
            delivered.forEach(delivery -> times.add(delivery[1]));
            Collections.sort(times);
            return times;
        }

        /** Input received -> delivered, in ms, of the deliveries whose input was received in [from, to]. */
        List<Long> latencies(long from, long to) {
            List<Long> latencies = new ArrayList<>();
            for (long[] delivery : delivered) {
                Long at = received.get(delivery[0]);
                if (at != null && at >= from && at <= to) {
                    latencies.add(delivery[1] - at);
                }
            }
            return latencies;
        }

        long worstLatency(long from, long to) {
            return latencies(from, to).stream().mapToLong(Long::longValue).max().orElse(0);
        }

        long latencyPercentile(double percentile) {
            List<Long> all = latencies(0, Long.MAX_VALUE);
            Collections.sort(all);
            return all.isEmpty() ? 0
                    : all.get(Math.max(0, Math.min(all.size() - 1, (int) Math.ceil(all.size() * percentile) - 1)));
        }

        /** Delivery keys audited as delivered more than once: redeliveries, dropped as duplicates by key. */
        long redeliveredKeys() {
            return deliveredByKey.values().stream().filter(n -> n > 1).count();
        }
    }

    static Path withVersion(Path original, Path target, String version) throws IOException {
        try (JarFile jar = new JarFile(original.toFile())) {
            Manifest manifest = new Manifest(jar.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (OutputStream file = Files.newOutputStream(target);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
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

    record Exec(int exitCode, String output) {
    }

    static Exec exec(Path home, String command) throws IOException, InterruptedException {
        Process exec = new ProcessBuilder(home.resolve("bin/liaison").toString(), "exec", command)
                .directory(home.toFile()).redirectErrorStream(true).start();
        try (InputStream in = exec.getInputStream()) {
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Exec(exec.waitFor(), output);
        }
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
