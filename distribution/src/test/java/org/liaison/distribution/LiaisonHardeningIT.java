package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/**
 * The security review's findings on the assembled distribution (issue 13), as an attacker on the same host would
 * try them: a link to the exec token dropped in an inbox, a silent client on the exec port, a shell command through
 * exec.
 */
class LiaisonHardeningIT {

    private static final Duration FLOW = Duration.ofSeconds(20);

    private static LiaisonProcess liaison;
    private static AuditEntries audit;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("hardening");
        liaison.run(Duration.ofSeconds(60));
        audit = new AuditEntries(liaison.home());
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    @Test
    void aLinkToTheExecTokenDroppedInAnInboxIsSetAsideAndNeverRead() throws Exception {
        String token = Files.readString(liaison.home().resolve("data/exec.token")).strip();
        Path inbox = liaison.home().resolve("data/inbox/unsc");
        Files.createSymbolicLink(inbox.resolve("t.xml"), Path.of("../../exec.token"));
        LiaisonExchangeIT.drop(liaison, "unsc", "zz-after.json", """
                {"format": "liaison-canonical-json", "version": 1, "records": [
                  {"type": "organisation", "id": "QDe.901", "name": "Sample Entity (after the link)"}]}""");
        Await.until("the file after the link taken", FLOW, () -> LiaisonExchangeIT.files(liaison,
                "data/accepted/unsc"), files -> files.stream().anyMatch(f -> f.endsWith("zz-after.json")));
        Await.until("the link set aside", FLOW, () -> LiaisonExchangeIT.files(liaison, "data/refused/unsc"),
                files -> files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".reason.txt")));
        assertFalse(Files.exists(inbox.resolve("t.xml"), LinkOption.NOFOLLOW_LINKS),
                "the link left the inbox");
        try (Stream<Path> everything = Files.walk(liaison.home().resolve("data"))) {
            // the link itself was moved aside, not followed: only real files are searched for the token's bytes
            for (Path file : everything.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .filter(f -> !f.equals(liaison.home().resolve("data/exec.token")))
                    .filter(f -> !f.toString().contains("/journal/") && !f.toString().contains("/cds/"))
                    .toList()) {
                assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(token),
                        "the token's bytes were copied into " + file);
            }
        }
    }

    @Test
    void aSilentClientOnTheExecPortBlocksNoOneAndAShellCommandIsRefusedAndAudited() throws Exception {
        int port = Integer.parseInt(Files.readString(liaison.home().resolve("data/exec.port")).strip());
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
            long started = System.nanoTime();
            LiaisonProcess.Result status = liaison.command("exec", "liaison:status");
            assertEquals(0, status.exitCode(), status.output());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5,
                    "answered while a silent client holds a connection");
            silent.setSoTimeout(15_000);
            InputStream answer = silent.getInputStream();
            String told = new String(answer.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(told.contains("BAD-REQUEST"), "the silent client is sent away: " + told);
        }

        LiaisonProcess.Result telnetd = liaison.command("exec", "telnetd -p 0 start");
        assertNotEquals(0, telnetd.exitCode(), telnetd.output());
        assertTrue(telnetd.output().contains("telnetd is not allowed through exec"), telnetd.output());
        LiaisonProcess.Result smuggled = liaison.command("exec", "lb; telnetd start");
        assertNotEquals(0, smuggled.exitCode(), smuggled.output());

        List<JsonObject> execs = Await.until("the exec requests audited", FLOW, () -> audit.of("exec"),
                entries -> entries.stream().anyMatch(e -> "refused".equals(AuditEntries.string(e, "outcome"))
                        && AuditEntries.string(e, "command").startsWith("telnetd")));
        String user = System.getProperty("user.name");
        assertTrue(execs.stream().anyMatch(e -> "run".equals(AuditEntries.string(e, "outcome"))
                && "liaison:status".equals(AuditEntries.string(e, "command"))
                && user.equals(AuditEntries.string(e, "caller"))), "run with its caller: " + execs);
    }
}
