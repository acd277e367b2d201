package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * System test of isolation: a plugin whose format hangs (ignoring interruption) and one whose format throws cannot
 * stop other partners; each input is quarantined with the reason.
 */
class LiaisonIsolationIT {

    private static final Duration FLOW = Duration.ofSeconds(30);

    @Test
    void aHangingAndAThrowingFormatAreQuarantinedWhileOtherPartnersGoOn() throws Exception {
        try (LiaisonProcess liaison = LiaisonProcess.copyOfDistribution("isolation")) {
            Files.writeString(liaison.home().resolve("conf/services/org.liaison.core.engine.cfg"),
                    "decodeTimeoutMillis=5000\n");
            Path fixture = liaison.home().resolve("misbehaving.jar");
            MisbehavingPlugin.write(fixture, liaison.home().resolve("bundle/liaison-api.jar"),
                    Path.of("target", "misbehaving-plugin").toAbsolutePath());
            liaison.run(Duration.ofSeconds(60));
            Files.move(fixture, liaison.home().resolve("deploy/misbehaving.jar"));
            Await.until("the misbehaving formats plugged in", FLOW, () -> exec(liaison, "liaison:plugins"),
                    plugins -> plugins.contains("hanging") && plugins.contains("exploding"));

            LiaisonExchangeIT.drop(liaison, "interpol", "stuck.hang", "{}");
            LiaisonExchangeIT.drop(liaison, "interpol", "bad.boom", "{}");
            // Another partner's input, dropped while interpol's format hangs, goes through before the time limit.
            LiaisonExchangeIT.drop(liaison, "unodc", "seizures.csv",
                    "Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent\r\n"
                            + "Africa,Ghana,GHA,Cocaine-type,Cocaine,2019,12.5\r\n");
            Await.until("the UNODC seizure at interpol", FLOW,
                    () -> LiaisonExchangeIT.files(liaison, "data/outbox/interpol"), files -> files.size() == 1);
            assertNull(reason(liaison, "stuck.hang"),
                    "the other partner was served while the hanging decode was still within its time limit");

            String hung = Await.until("the hanging input quarantined", FLOW, () -> reason(liaison, "stuck.hang"),
                    text -> text != null);
            assertTrue(hung.contains("format interpol/hanging did not finish decoding stuck.hang within 5000 ms"),
                    hung);
            String thrown = Await.until("the throwing input quarantined", FLOW, () -> reason(liaison, "bad.boom"),
                    text -> text != null);
            assertTrue(thrown.contains("the format failed") && thrown.contains("this format always fails"), thrown);

            String status = exec(liaison, "liaison:status");
            assertTrue(status.contains("QUARANTINED 2"), status);
            assertEquals(List.of(), LiaisonExchangeIT.files(liaison, "data/inbox/interpol"));
        }
    }

    /** The reason file of a quarantined input of interpol, or null while there is none. */
    private static String reason(LiaisonProcess liaison, String name) {
        for (Path file : LiaisonExchangeIT.files(liaison, "data/quarantine/interpol")) {
            if (file.getFileName().toString().endsWith(name + ".reason.txt")) {
                try {
                    return Files.readString(file);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        return null;
    }

    private static String exec(LiaisonProcess liaison, String command) {
        try {
            LiaisonProcess.Result result = liaison.command("exec", command);
            assertEquals(0, result.exitCode(), result.output());
            return result.output();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
