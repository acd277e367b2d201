package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

/**
 * System test of the exchange engine on the demo configuration: files dropped in {@code data/inbox/<partner>/}
 * come out, decided and encoded, in {@code data/outbox/<recipient>/}; what is denied or malformed does not, and
 * nothing is lost.
 */
class LiaisonExchangeIT {

    private static final Duration FLOW = Duration.ofSeconds(20);

    private static LiaisonProcess liaison;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("exchange");
        liaison.run(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    /** Drops a file in a partner's inbox the way a partner should: written aside, then renamed in. */
    static void drop(LiaisonProcess instance, String partner, String name, String content) throws IOException {
        Path inbox = Files.createDirectories(instance.home().resolve("data/inbox/" + partner));
        Path temporary = inbox.resolve("." + name + ".part");
        Files.writeString(temporary, content);
        Files.move(temporary, inbox.resolve(name));
    }

    static List<Path> files(LiaisonProcess instance, String folder) {
        Path path = instance.home().resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(file -> !file.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sample(String name) throws IOException {
        return Files.readString(liaison.home().resolve("samples/" + name));
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
    void aNoticeFromInterpolReachesMissionPoliceWithoutDistinguishingMarksAndWithItsMarking() throws Exception {
        drop(liaison, "interpol", "red-notice.json", sample("interpol-red-notice.json"));
        Path delivered = Await.until("the notice in unpol's outbox", FLOW, () -> deliveredWith("\"2021/81307\""),
                found -> found != null);
        String content = Files.readString(delivered);
        assertFalse(content.contains("distinguishingMarks"), "removed under the UN–INTERPOL agreement:\n" + content);
        assertTrue(content.contains("TLP:AMBER"), "the marking travels with the record:\n" + content);
        assertTrue(delivered.getFileName().toString().endsWith(".unpol.json"), delivered.toString());
        assertEquals(List.of(), files(liaison, "data/inbox/interpol"), "the input left the inbox");
        assertTrue(Files.exists(liaison.home().resolve("data/accepted/interpol/red-notice.json")));
    }

    @Test
    void crimjustSeizuresReachInterpolAndTransparencyInternationalButNotFromGermany() throws Exception {
        drop(liaison, "unodc", "seizures.json", sample("unodc-seizures.json"));
        Await.until("seizures at interpol", FLOW, () -> crimjustAt("interpol"), files -> files.size() == 1);
        Await.until("seizures at transparency-international", FLOW, () -> crimjustAt("transparency-international"),
                files -> files.size() == 1);

        drop(liaison, "unodc", "germany.json", sample("unodc-seizure-germany.json"));
        String exchanges = Await.until("the German seizure denied", FLOW, () -> exec("liaison:exchanges"),
                output -> output.lines().anyMatch(line -> line.contains("organised-crime-investigation")
                        && line.contains("interpol: DENIED")));
        assertEquals(1, crimjustAt("interpol").size(), "nothing more reached interpol:\n" + exchanges);
    }

    /**
     * What leaves a partner and comes back keeps its originator: INTERPOL drops the UNODC seizures it received back
     * into its inbox, as if they were its own. The journal knows they came from UNODC, so the CRIMJUST charter's
     * onward-transfer rule applies (with the originator's consent only; the demo consent covers the Ghana seizure
     * alone), and nothing reaches the mission police.
     */
    @Test
    void seizuresInterpolReceivedFromUnodcDoNotReachMissionPoliceWhenInterpolSendsThemOn() throws Exception {
        drop(liaison, "unodc", "seizures-to-pass-on.json", sample("unodc-seizures.json"));
        Path received = Await.until("seizures at interpol", FLOW, () -> crimjustAt("interpol").stream().findFirst()
                .orElse(null), found -> found != null);
        int atUnpol = files(liaison, "data/outbox/unpol").size();
        drop(liaison, "interpol", "passed-on.json", Files.readString(received));
        String exchanges = Await.until("interpol's exchange of the passed-on seizures decided", FLOW,
                () -> exec("liaison:exchanges"), output -> output.lines().anyMatch(line -> line.contains("  interpol  ")
                        && line.contains("seizure") && line.contains("unpol: DENIED")));
        AuditEntries audit = new AuditEntries(liaison.home());
        JsonObject decision = Await.until("the decision naming the originator", FLOW, () -> audit.of("decision")
                .stream().filter(entry -> "interpol".equals(AuditEntries.string(entry, "from"))
                        && "unodc".equals(AuditEntries.string(entry, "originator"))).findFirst().orElse(null),
                found -> found != null);
        assertEquals("DENY", AuditEntries.string(decision, "verdict"), decision.toString());
        assertTrue(decision.getAsJsonArray("reasons").toString().contains("onward transfer: interpol received this"
                + " data from unodc under crimjust-charter"), decision.toString());
        assertEquals(atUnpol, files(liaison, "data/outbox/unpol").size(), "nothing reached unpol:\n" + exchanges);
    }

    /** The delivery to unpol that contains the text, or null. */
    private static Path deliveredWith(String text) {
        for (Path file : files(liaison, "data/outbox/unpol")) {
            try {
                if (Files.readString(file).contains(text)) {
                    return file;
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }

    private static List<Path> crimjustAt(String recipient) {
        return files(liaison, "data/outbox/" + recipient).stream()
                .filter(file -> file.getFileName().toString().contains("crimjust-seizures")).toList();
    }

    @Test
    void badRecordsAreQuarantinedWithTheirReasonWhileGoodOnesGoOn() throws Exception {
        drop(liaison, "unsc", "listing.json", """
                {"format": "liaison-canonical-json", "version": 1, "records": [
                  {"type": "organisation", "id": "QDe.001", "name": "Sample Entity (illustrative)"},
                  {"type": "organisation", "id": "QDe.002"}
                ]}""");
        drop(liaison, "unsc", "garbage.json", "{\"format\": \"liaison-canonical-json\", \"records\": [ {");
        Await.until("the good record at interpol", FLOW, () -> files(liaison, "data/outbox/interpol").stream()
                .anyMatch(file -> file.getFileName().toString().contains("sanctions-list-to-interpol")), ok -> ok);
        List<Path> quarantined = Await.until("both inputs in quarantine", FLOW,
                () -> files(liaison, "data/quarantine/unsc"), files -> files.size() == 4);
        String reasons = Files.readString(quarantined.stream()
                .filter(file -> file.toString().endsWith("listing.json.reason.txt")).findFirst().orElseThrow());
        assertTrue(reasons.contains("$.records[1] (id QDe.002), field 'name'"), reasons);
        String truncated = Files.readString(quarantined.stream()
                .filter(file -> file.toString().endsWith("garbage.json.reason.txt")).findFirst().orElseThrow());
        assertTrue(truncated.contains("garbage.json"), truncated);
    }

    @Test
    void deliveriesToARecipientWithoutAChannelWaitQueuedUntilItComesBack() throws Exception {
        Path transport = liaison.home().resolve("conf/services/org.liaison.transport.folder-unpol.cfg");
        Path aside = liaison.home().resolve("folder-unpol.cfg.aside");
        Files.move(transport, aside);
        try {
            Await.until("unpol's channel gone", FLOW, () -> exec("liaison:plugins"),
                    plugins -> !section(plugins, "unpol").contains("channel "));
            int before = files(liaison, "data/outbox/unpol").size();
            drop(liaison, "interpol", "while-away.json", sample("interpol-red-notice.json").replace("2021/81307",
                    "2021/99999"));
            Await.until("the delivery queued for unpol", FLOW, () -> exec("liaison:status"),
                    status -> status.contains("queued per recipient: unpol 1"));
            assertEquals(before, files(liaison, "data/outbox/unpol").size(), "nothing delivered without a channel");
            assertTrue(exec("liaison:deadletters").contains("No dead letters"), "waiting uses up no attempt");
        } finally {
            Files.move(aside, transport);
        }
        Await.until("the queued delivery sent once the channel is back", FLOW,
                () -> deliveredWith("\"2021/99999\""), found -> found != null);
    }

    /**
     * Fields api 1.1 gave a place to travel end to end: an incident whose actors have roles goes through the journal
     * (canonical JSON), the decision and the ACLED encoder, and reaches the mission police with each actor in the
     * column of its side, though the roles are not listed in ACLED's column order (writing by position, as the
     * encoder did before, would put Al Shabaab among the first side's associates).
     */
    @Test
    void anIncidentReachesMissionPoliceAsAcledWithEachActorOnItsSide() throws Exception {
        drop(liaison, "interpol", "incident.json", """
                {"format": "liaison-canonical-json", "version": 1, "records": [
                  {"type": "incident", "id": "SOM49640", "date": "2025-04-02", "eventType": "Battles",
                   "subEventType": "Armed clash", "countryCode": "SO", "location": "Buuraha Cali Miskat",
                   "fatalities": 3, "actorRoles": [
                     {"name": "Military Forces of Ethiopia (2018-)", "role": "actor-1"},
                     {"name": "Al Shabaab", "role": "actor-2"},
                     {"name": "Military Forces of Somalia (2022-)", "role": "associate-of-actor-1"},
                     {"name": "Clan Militia (Somalia)", "role": "associate-of-actor-2"}]}
                ]}""");
        Path delivered = Await.until("the incident in unpol's outbox as ACLED CSV", FLOW,
                () -> files(liaison, "data/outbox/unpol").stream().filter(file -> file.toString().endsWith(".csv"))
                        .filter(file -> read(file).contains("SOM49640")).findFirst().orElse(null),
                found -> found != null);
        List<String> lines = Files.readAllLines(delivered);
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> row = List.of(lines.stream().filter(line -> line.contains("SOM49640")).findFirst().orElseThrow()
                .split(",", -1));
        assertEquals("Military Forces of Ethiopia (2018-)", row.get(header.indexOf("actor1")), lines.toString());
        assertEquals("Military Forces of Somalia (2022-)", row.get(header.indexOf("assoc_actor_1")), lines.toString());
        assertEquals("Al Shabaab", row.get(header.indexOf("actor2")), lines.toString());
        assertEquals("Clan Militia (Somalia)", row.get(header.indexOf("assoc_actor_2")), lines.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The lines liaison:plugins shows under one partner. */
    static String section(String plugins, String partner) {
        StringBuilder lines = new StringBuilder();
        boolean inside = false;
        for (String line : plugins.lines().toList()) {
            if (!line.startsWith(" ")) {
                inside = line.equals(partner);
            } else if (inside) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    @Test
    void statusShowsPluginsQueuesAndTheJournal() {
        String status = exec("liaison:status");
        assertTrue(status.contains("queued per recipient"), status);
        assertTrue(status.contains("dead letters per recipient"), status);
        assertTrue(status.contains("journal size"), status);
        assertTrue(status.contains("unpol"), status);
        assertTrue(status.contains("\nin hand: "), status);
        assertTrue(status.matches("(?s).*\ndelivered in the last minute: \\d+ \\(\\d+\\.\\d/s\\)\n.*"), status);
        assertTrue(status.contains("\nplugins held back for their check: none"), status);
    }
}
