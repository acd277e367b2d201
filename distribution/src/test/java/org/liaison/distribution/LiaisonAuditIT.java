package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * System test of the audit trail: what running Liaison records in {@code data/audit/audit.jsonl}, and that
 * {@code liaison:audit verify} and {@code bin/liaison verify-audit} find an edited byte and name its line.
 */
class LiaisonAuditIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration HOT_DEPLOY = Duration.ofSeconds(20);
    private static final Pattern OK = Pattern.compile("audit chain OK: (\\d+) entries \\(last hash [0-9a-f]{64}\\)");
    private static final String PLUGIN = "\"symbolicName\":\"org.liaison.plugin.canonical-json\"";

    @Test
    void recordsBundleAndConfigurationChangesAndFindsAnEditedByteOnlineAndOffline() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("audit")) {
            Path home = liaison.home();
            Path trail = home.resolve("data/audit/audit.jsonl");
            Path staged = home.resolve("canonical-json.jar.staged");
            Path deployed = home.resolve("deploy/liaison-plugin-canonical-json.jar");
            Files.move(deployed, staged);
            liaison.run(START);

            Files.copy(staged, home.resolve("deploy/.canonical-json.jar.part"));
            Files.move(home.resolve("deploy/.canonical-json.jar.part"), deployed);
            awaitEntry(liaison, "bundle-installed", PLUGIN);
            Files.delete(deployed);
            awaitEntry(liaison, "bundle-uninstalled", PLUGIN);
            Path staging = home.resolve("conf/services/org.liaison.audit.test.cfg.part");
            Files.writeString(staging, "greeting = hello\n");
            Files.move(staging, home.resolve("conf/services/org.liaison.audit.test.cfg"));
            awaitEntry(liaison, "configuration-changed", "\"pid\":\"org.liaison.audit.test\"");

            String tail = exec(liaison, "liaison:audit tail 100");
            assertTrue(tail.lines().anyMatch(line -> line.contains("\"event\":\"platform-state\"")), tail);
            assertTrue(tail.lines().anyMatch(line -> line.contains("\"event\":\"configuration-changed\"")
                    && line.contains("\"properties\":[\"greeting\"]") && !line.contains("hello")),
                    "the names of the properties are recorded, never their values:\n" + tail);
            assertEquals(3, exec(liaison, "liaison:audit tail 3").lines().count());

            LiaisonProcess.Result online = liaison.command("exec", "liaison:audit verify");
            assertEquals(0, online.exitCode(), online.output());
            Matcher ok = OK.matcher(online.output().strip());
            assertTrue(ok.matches(), online.output());
            long entries = Long.parseLong(ok.group(1));
            assertTrue(entries >= 4, online.output());

            // One byte edited in place while Liaison runs: the running instance finds it, and names the line.
            List<String> lines = Files.readAllLines(trail, StandardCharsets.UTF_8);
            int line = lines.size() / 2 + 1;
            long position = timeDigitOf(trail, line);
            byte original = editByte(trail, position);
            LiaisonProcess.Result broken = liaison.command("exec", "liaison:audit verify");
            assertTrue(broken.exitCode() != 0, broken.output());
            assertTrue(broken.output().contains("audit chain BROKEN at line " + line + " (seq " + line + "): edited"),
                    broken.output());
            restoreByte(trail, position, original);
            assertEquals(0, liaison.command("exec", "liaison:audit verify").exitCode());

            int exit = liaison.stop();
            assertTrue(exit == 0 || exit == 143, "SIGTERM stops Liaison cleanly, exit " + exit);

            LiaisonProcess.Result offline = liaison.command("verify-audit");
            assertEquals(0, offline.exitCode(), offline.output());
            Matcher okOffline = OK.matcher(offline.output().strip());
            assertTrue(okOffline.matches(), offline.output());
            assertTrue(Long.parseLong(okOffline.group(1)) >= entries, offline.output());

            editByte(trail, position);
            LiaisonProcess.Result tampered = liaison.command("verify-audit");
            assertEquals(1, tampered.exitCode(), tampered.output());
            assertTrue(tampered.output().startsWith("audit chain BROKEN at line " + line + " (seq " + line
                    + "): edited: the entry's content does not match its hash"), tampered.output());
        }
    }

    @Test
    void aLineTornByAKillIsReportedOfflineThenMovedAsideAtTheNextStartAndTheChainVerifies() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("audit-crash")) {
            Path home = liaison.home();
            Path trail = home.resolve("data/audit/audit.jsonl");
            liaison.run(START);
            awaitEntry(liaison, "platform-state", "\"bundles\":[");
            liaison.close(); // kill -9

            // What a kill in the middle of a write leaves: the start of an entry without its end or line break.
            byte[] torn = ("{\"seq\":" + (Files.readAllLines(trail).size() + 1)
                    + ",\"time\":\"2026-11-29T10:00:00.000Z\",\"event\":\"deliv").getBytes(StandardCharsets.UTF_8);
            Files.write(trail, torn, StandardOpenOption.APPEND);
            int complete = Files.readAllLines(trail).size() - 1;
            LiaisonProcess.Result before = liaison.command("verify-audit");
            assertEquals(1, before.exitCode(), before.output());
            assertTrue(before.output().startsWith("audit chain BROKEN at line " + (complete + 1)
                    + " (seq unreadable): incomplete last line"), before.output());

            Process restarted = startAgain(home);
            try {
                LiaisonProcess.Result online = liaison.command("exec", "liaison:audit verify");
                assertEquals(0, online.exitCode(), online.output());
                String tail = exec(liaison, "liaison:audit tail 100");
                assertTrue(tail.lines().anyMatch(line -> line.startsWith("{\"seq\":" + (complete + 1) + ",")
                        && line.contains("\"event\":\"audit-recovered\"")
                        && line.contains("\"movedTo\":\"audit.jsonl.torn-1\"")), tail);
                assertArrayEquals(torn, Files.readAllBytes(trail.resolveSibling("audit.jsonl.torn-1")));
            } finally {
                restarted.destroy();
                assertTrue(restarted.waitFor(30, TimeUnit.SECONDS), "the restarted Liaison stops on SIGTERM");
            }
            LiaisonProcess.Result after = liaison.command("verify-audit");
            assertEquals(0, after.exitCode(), after.output());
        }
    }

    /** Starts {@code bin/liaison run} again on a home and waits for its ready line. */
    private static Process startAgain(Path home) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(home.resolve("bin/liaison").toString(), "run").directory(home.toFile())
                .redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        }, "liaison-output-restarted");
        reader.setDaemon(true);
        reader.start();
        try {
            Await.until("the ready line of the restarted Liaison", START, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the restarted Liaison exited with " + process.exitValue() + ":\n"
                            + String.join("\n", output));
                }
                return List.copyOf(output);
            }, printed -> printed.stream().anyMatch(line -> LiaisonProcess.READY.matcher(line).matches()));
        } catch (AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    private static void awaitEntry(LiaisonProcess liaison, String event, String detail) {
        Await.until(event + " with " + detail + " in the audit trail", HOT_DEPLOY,
                () -> exec(liaison, "liaison:audit tail 200"),
                tail -> tail.lines().anyMatch(line -> line.contains("\"event\":\"" + event + "\"")
                        && line.contains(detail)));
    }

    /** The position in the file of the last digit of the milliseconds in the time of line {@code line}. */
    private static long timeDigitOf(Path trail, int line) throws IOException {
        byte[] bytes = Files.readAllBytes(trail);
        int start = 0;
        for (int i = 1; i < line; i++) {
            while (bytes[start] != '\n') {
                start++;
            }
            start++;
        }
        String text = new String(bytes, start, Math.min(200, bytes.length - start), StandardCharsets.US_ASCII);
        int time = text.indexOf("\"time\":\"");
        assertTrue(time > 0 && text.charAt(time + 8 + 23) == 'Z', text);
        return start + time + 8 + 22;
    }

    /** Changes one digit in place, as an editor saving one changed character would; returns what was there. */
    private static byte editByte(Path trail, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(trail, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            byte original = one.get(0);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) ('0' + (original - '0' + 1) % 10)}), position);
            return original;
        }
    }

    private static void restoreByte(Path trail, long position, byte original) throws IOException {
        try (FileChannel channel = FileChannel.open(trail, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {original}), position);
        }
    }

    private static String exec(LiaisonProcess liaison, String command) {
        try {
            LiaisonProcess.Result result = liaison.command("exec", command);
            if (result.exitCode() != 0) {
                throw new AssertionError("bin/liaison exec " + command + " failed: " + result.output());
            }
            return result.output();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
