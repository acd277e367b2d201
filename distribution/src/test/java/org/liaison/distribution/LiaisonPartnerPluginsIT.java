package org.liaison.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * System test of the partner plugins in the running distribution: {@code liaison:decode} on real partner files,
 * {@code liaison:conformance}, and a UNODC seizure table dropped in the inbox reaching CRIMJUST's partners.
 */
class LiaisonPartnerPluginsIT {

    private static LiaisonProcess liaison;

    @BeforeAll
    static void start() throws Exception {
        liaison = LiaisonProcess.copyOfDistribution("partner-plugins");
        liaison.run(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        liaison.close();
    }

    @Test
    void decodeReportsRecordsAndErrorsOfARealFile() throws Exception {
        Path table = Files.createTempFile("unodc", ".csv");
        Files.writeString(table, "Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent\r\n"
                + "Africa,Ghana,GHA,Cocaine-type,Cocaine,2019,12.5\r\n"
                + "Africa,Ghana,GHA,Cocaine-type,Cocaine,2020,NULL\r\n");
        LiaisonProcess.Result result = liaison.command("exec", "liaison:decode unodc " + table);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().startsWith("1 records, 1 errors"), result.output());
        assertTrue(result.output().contains("line 3, field 'KG Equivalent': expected a quantity in kilograms"),
                result.output());
        LiaisonProcess.Result json = liaison.command("exec", "liaison:decode --json unodc " + table);
        assertTrue(json.output().contains("\"countryCode\": \"GHA\""), json.output());
    }

    @Test
    void conformanceSamplesPassForEveryPartnerPlugin() throws Exception {
        for (String partner : new String[] { "interpol", "unodc", "unsc", "unpol", "transparency-international",
                "threat-intel-company" }) {
            LiaisonProcess.Result result = liaison.command("exec", "liaison:conformance " + partner);
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("conformance samples passed"), result.output());
        }
        LiaisonProcess.Result none = liaison.command("exec", "liaison:conformance unsc-unknown");
        assertNotEquals(0, none.exitCode(), none.output());
    }

    @Test
    void anIncidentReachesMissionPoliceInAcledCsvWithItsMarkingBesideIt() throws Exception {
        LiaisonExchangeIT.drop(liaison, "interpol", "incident.json", """
                {"format": "liaison-canonical-json", "version": 1, "records": [
                  {"type": "incident", "id": "SOM99999", "date": "2025-04-01", "eventType": "Battles",
                   "actors": ["Military Forces of Somalia"], "countryCode": "SO", "countryName": "Somalia",
                   "fatalities": 2}
                ]}""");
        Path csv = Await.until("the incident as ACLED CSV at unpol", Duration.ofSeconds(20),
                () -> LiaisonExchangeIT.files(liaison, "data/outbox/unpol").stream()
                        .filter(file -> file.toString().endsWith(".csv")).findFirst().orElse(null),
                found -> found != null);
        String table = Files.readString(csv);
        assertTrue(table.startsWith("event_id_cnty,") && table.contains("SOM99999"), table);
        assertEquals("TLP:AMBER", Files.readString(csv.resolveSibling(csv.getFileName() + ".marking")),
                "the marking travels beside a format that has no place for it");
    }

    @Test
    void aUnodcTableInTheInboxReachesCrimjustPartnersForItsWestAfricanAndLatinAmericanRows() throws Exception {
        String table = "Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent\r\n"
                + "Africa,Ghana,GHA,Cocaine-type,Cocaine,2019,12.5\r\n"
                + "Americas,Colombia,COL,Cocaine-type,Cocaine,2019,433000\r\n";
        LiaisonExchangeIT.drop(liaison, "unodc", "seizures.csv", table);
        Await.until("the seizures at interpol", Duration.ofSeconds(20),
                () -> LiaisonExchangeIT.files(liaison, "data/outbox/interpol"), files -> files.size() == 1);
        String delivered = Files.readString(LiaisonExchangeIT.files(liaison, "data/outbox/interpol").get(0));
        assertTrue(delivered.contains("\"countryCode\": \"GHA\"") && delivered.contains("\"countryCode\": \"COL\""),
                delivered);
        Await.until("the seizures at transparency-international", Duration.ofSeconds(20),
                () -> LiaisonExchangeIT.files(liaison, "data/outbox/transparency-international"),
                files -> files.size() == 1);
    }
}
