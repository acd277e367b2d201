package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inputs received while no agreement configuration is in force wait for one (issue 13: they were decided against
 * nothing, routed nowhere and never processed again). Liaison starts with a broken agreement file, so no
 * configuration ever loads; a red notice dropped then is not decided; once the file is mended, it goes to the
 * mission police.
 */
class LiaisonWithoutConfigurationIT {

    private static final Duration FLOW = Duration.ofSeconds(20);
    private static final String AGREEMENTS = "conf/agreements/un-interpol.json";

    private static LiaisonProcess liaison;
    private static String valid;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("without-configuration");
        Path file = liaison.home().resolve(AGREEMENTS);
        valid = Files.readString(file);
        Files.writeString(file, valid.substring(0, valid.length() / 2)); // truncated: not JSON
        liaison.run(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    private static String exec(String command) {
        try {
            LiaisonProcess.Result result = liaison.command("exec", command);
            assertEquals(0, result.exitCode(), result.output());
            return result.output();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anInputReceivedWithoutAConfigurationWaitsAndGoesOutOnceOneIsInForce() throws Exception {
        assertTrue(exec("liaison:agreements").contains("No agreement configuration is in force"),
                "the broken file kept every configuration out");
        LiaisonExchangeIT.drop(liaison, "interpol", "red-notice.json",
                Files.readString(liaison.home().resolve("samples/interpol-red-notice.json")));
        Await.until("the notice accepted from the inbox", FLOW,
                () -> LiaisonExchangeIT.files(liaison, "data/accepted/interpol"), files -> !files.isEmpty());
        Thread.sleep(2_000); // several full scans of the journal: the notice must still not be decided
        assertEquals(List.of(), LiaisonExchangeIT.files(liaison, "data/outbox/unpol"), "nothing delivered");
        assertTrue(exec("liaison:exchanges").startsWith("No exchanges yet"), "nothing decided");

        Path aside = liaison.home().resolve("conf/.un-interpol.json.part");
        Files.writeString(aside, valid);
        Files.move(aside, liaison.home().resolve(AGREEMENTS), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Await.until("the notice delivered once the configuration is in force", FLOW,
                () -> LiaisonExchangeIT.files(liaison, "data/outbox/unpol"), files -> !files.isEmpty());
        assertTrue(exec("liaison:exchanges").contains("unpol: DELIVERED"));
    }
}
