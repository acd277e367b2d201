package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * System test of agreements in the running distribution: {@code liaison:check} through {@code bin/liaison exec} on
 * the demo configuration, and edits of {@code conf/agreements/} while Liaison runs.
 */
class LiaisonAgreementsIT {

    private static LiaisonProcess liaison;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("agreements");
        liaison.run(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    private static LiaisonProcess.Result check(String options) throws Exception {
        return liaison.command("exec", "liaison:check " + options);
    }

    private static String firstLine(LiaisonProcess.Result result) {
        return firstLine(result.output());
    }

    private static String firstLine(String output) {
        return output.lines().findFirst().orElse("");
    }

    @Test
    void checkAllowsPeacekeepingAndNamesTheAgreement() throws Exception {
        LiaisonProcess.Result result = check("--from unpol --to interpol --area information-exchange"
                + " --purpose peacekeeping-operations --type incident");
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("ALLOW un-interpol-peacekeeping", firstLine(result));
    }

    @Test
    void checkDeniesAnArrestWarrantWithTheReasonAndStillExitsZero() throws Exception {
        LiaisonProcess.Result result = check("--from interpol --to unpol --area information-exchange"
                + " --purpose arrest-warrant-execution --type notice");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(firstLine(result).startsWith("DENY un-interpol-peacekeeping: purpose 'arrest-warrant-execution'"
                + " is not among its purposes [peacekeeping-operations]"), result.output());
    }

    @Test
    void checkPlacesAnAlpha3CountryAndDeniesAMarkingAboveTheCeiling() throws Exception {
        assertEquals("ALLOW crimjust-charter", firstLine(check("--from unodc --to interpol --area"
                + " information-exchange --purpose organised-crime-investigation --type seizure --country GHA")));
        assertTrue(firstLine(check("--from unodc --to interpol --area information-exchange --purpose"
                + " organised-crime-investigation --type seizure --country DE")).startsWith("DENY"));
        assertTrue(firstLine(check("--from interpol --to unpol --area information-exchange --purpose"
                + " peacekeeping-operations --type person --marking 'TLP:RED'"))
                .contains("marking TLP:RED is above its handling ceiling TLP:AMBER"));
    }

    @Test
    void databaseAccessGoesFromInterpolToTheMissionPoliceOnlyAndCheckAndAgreementsShowTheWay() throws Exception {
        LiaisonProcess.Result allowed = check("--from interpol --to unpol --area database-access"
                + " --purpose peacekeeping-operations --type notice");
        assertEquals("ALLOW un-interpol-peacekeeping", firstLine(allowed));
        assertTrue(allowed.output().contains("one way: un-interpol-peacekeeping: database-access goes interpol ->"
                + " unpol"), allowed.output());
        LiaisonProcess.Result denied = check("--from unpol --to interpol --area database-access"
                + " --purpose peacekeeping-operations --type incident");
        assertTrue(firstLine(denied).startsWith("DENY un-interpol-peacekeeping: area 'database-access' goes one way"
                + " under it (interpol -> unpol), not unpol -> interpol;"), denied.output());
        String agreements = liaison.command("exec", "liaison:agreements").output();
        String line = agreements.lines().filter(l -> l.startsWith("un-interpol-peacekeeping ")).findFirst()
                .orElseThrow();
        assertTrue(line.endsWith("areas information-exchange,database-access(interpol->unpol)"), agreements);
    }

    @Test
    void crimjustCoversItsUnM49RegionsAndADenialNamesTheCountrysRegionAndTheCharterssRegions() throws Exception {
        String crimjust = "--from unodc --to interpol --area information-exchange --purpose"
                + " organised-crime-investigation --type seizure --country ";
        assertEquals("ALLOW crimjust-charter", firstLine(check(crimjust + "JAM")), "Jamaica is in the Caribbean");
        assertEquals("ALLOW crimjust-charter", firstLine(check(crimjust + "NE")), "Niger is in Western Africa");
        LiaisonProcess.Result germany = check(crimjust + "DE");
        assertTrue(germany.output().contains("crimjust-charter: country DE (Western Europe, M49:155) of a seizure"
                + " record is outside its geographic scope [Latin America and the Caribbean (M49:419), Western"
                + " Africa (M49:011)]"), germany.output());
    }

    @Test
    void onwardTransferOfCrimjustDataIsAllowedOnlyWhileTheOriginatorsConsentIsInForceAndItsEditTakesEffect()
            throws Exception {
        String passOn = "--from interpol --to unpol --area information-exchange --purpose peacekeeping-operations"
                + " --type seizure --originator unodc --date 2026-12-15";
        String ghana = passOn + " --records unodc-GHA-2019-cocaine";
        assertEquals("ALLOW un-interpol-peacekeeping with consent unodc-crimjust-ghana-2019",
                firstLine(check(ghana)), "the demo consent covers the Ghana seizure");
        assertTrue(firstLine(check(passOn + " --records unodc-COL-2019-cocaine")).startsWith("DENY onward transfer:"
                + " interpol received this data from unodc under crimjust-charter (onward transfer"
                + " with-originator-consent, and no consent of unodc in force covers passing it on to unpol)"),
                "another record: " + check(passOn).output());
        assertTrue(firstLine(check(ghana.replace("2026-12-15", "2027-12-15"))).startsWith("DENY"),
                "after the consent's validity");
        assertTrue(liaison.command("exec", "liaison:agreements").output().contains(
                "unodc-crimjust-ghana-2019  in force  unodc -> interpol -> unpol  2026-12-01..2027-11-30  types"
                        + " [seizure]  records [unodc-GHA-2019-cocaine]  document: Illustrative: a UNODC letter"));

        // withdrawn: hot-reloaded, the same check is denied; given again, allowed again
        Path file = liaison.home().resolve("conf/consents/crimjust.json");
        String given = Files.readString(file);
        try {
            write(file, given.replace("\"status\": \"given\"", "\"status\": \"withdrawn\""));
            Await.until("the withdrawal in force", Duration.ofSeconds(10), () -> firstLine(call(liaison, "liaison:check " + ghana)),
                    line -> line.startsWith("DENY onward transfer:"));
            assertTrue(liaison.command("exec", "liaison:agreements").output()
                    .contains("unodc-crimjust-ghana-2019  withdrawn  "));
        } finally {
            write(file, given);
        }
        Await.until("the consent given again", Duration.ofSeconds(10), () -> firstLine(call(liaison, "liaison:check " + ghana)),
                line -> line.equals("ALLOW un-interpol-peacekeeping with consent unodc-crimjust-ghana-2019"));
    }

    /** Writes a configuration file as an editor does: aside, then renamed over it. */
    private static void write(Path file, String content) throws Exception {
        Path aside = file.resolveSibling("." + file.getFileName() + ".part");
        Files.writeString(aside, content);
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void checkFailsOnBadArguments() throws Exception {
        LiaisonProcess.Result missing = check("--from unpol --area information-exchange");
        assertNotEquals(0, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("--to"), missing.output());
        LiaisonProcess.Result badDate = check("--from unpol --to interpol --area information-exchange --purpose"
                + " peacekeeping-operations --type person --date 29/11/2026");
        assertNotEquals(0, badDate.exitCode(), badDate.output());
    }

    /** Runs on a Liaison of its own, since it edits the configuration the other tests rely on. */
    @Test
    void anEditTakesEffectWithoutARestartAndABrokenOneLeavesTheLastGoodInForce() throws Exception {
        try (LiaisonProcess edited = LiaisonProcess.copyOfDistribution("agreements-edit")) {
            edited.run(Duration.ofSeconds(60));
            Path file = edited.home().resolve("conf/agreements/un-interpol.json");
            String counterTerrorism = "liaison:check --from interpol --to unpol --area information-exchange"
                    + " --purpose counter-terrorism --type person";
            assertTrue(firstLine(call(edited, counterTerrorism)).startsWith("DENY"));

            Files.writeString(file, Files.readString(file).replace("\"purposes\": [\"peacekeeping-operations\"]",
                    "\"purposes\": [\"peacekeeping-operations\", \"counter-terrorism\"]"));
            long start = System.nanoTime();
            Await.until("the edited agreement in force", Duration.ofSeconds(10),
                    () -> firstLine(call(edited, counterTerrorism)), line -> line.startsWith("ALLOW"));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 2_000, "took effect in " + tookMillis + " ms, expected under 2 s");
            assertTrue(Files.readString(edited.home().resolve("logs/liaison.log")).contains("un-interpol.json"
                    + " changed (sha256 "), "the change is logged with the file and its hashes");

            Files.writeString(edited.home().resolve("conf/agreements/broken.json"), "{\"agreements\": [");
            String listing = Await.until("the rejection shown by liaison:agreements", Duration.ofSeconds(10),
                    () -> call(edited, "liaison:agreements"), output -> output.contains("broken.json"));
            assertTrue(listing.contains("rejected"), listing);
            assertTrue(firstLine(call(edited, counterTerrorism)).startsWith("ALLOW"),
                    "the last good set stays in force");
        }
    }

    @Test
    void agreementsListsEveryDemoAgreementWithItsStatus() throws Exception {
        LiaisonProcess.Result result = liaison.command("exec", "liaison:agreements");
        assertEquals(0, result.exitCode(), result.output());
        for (String id : new String[] { "un-interpol-peacekeeping", "un-interpol-singapore-supplement",
                "unsc-interpol-special-notices", "crimjust-charter", "interpol-threat-intel-company-mou" }) {
            assertTrue(result.output().contains(id), id + " in:\n" + result.output());
        }
        assertTrue(result.output().contains("in force"), result.output());
    }

    private static String call(LiaisonProcess instance, String command) {
        try {
            return instance.command("exec", command).output();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
