package org.liaison.plugin.unpeacekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.record.ActorRole.ACTOR_1;
import static org.liaison.api.record.ActorRole.ACTOR_2;
import static org.liaison.api.record.ActorRole.ASSOCIATE_OF_ACTOR_1;
import static org.liaison.api.record.ActorRole.ASSOCIATE_OF_ACTOR_2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.ActorRole;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Incident;
import org.liaison.api.record.IncidentActor;
import org.liaison.api.transport.Payload;

/**
 * Who is on which side: ACLED's {@code actor1}, {@code assoc_actor_1}, {@code actor2} and {@code assoc_actor_2}
 * become {@link Incident#actorRoles()} and are written back into the same columns.
 */
class ActorRolesTest {

    private static final List<String> ACTOR_COLUMNS = List.of("actor1", "assoc_actor_1", "actor2", "assoc_actor_2");
    private static final List<ActorRole> COLUMN_ROLES = List.of(ACTOR_1, ASSOCIATE_OF_ACTOR_1, ACTOR_2,
            ASSOCIATE_OF_ACTOR_2);

    private final AcledCsvFormat format = new AcledCsvFormat();

    private Decoded decode(String name, byte[] bytes) throws FormatException {
        return Decoded.decode(format, Payload.ofBytes(AcledCsvFormat.PARTNER_ID, name, bytes));
    }

    private byte[] encode(List<? extends DataRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(List.of(), format.encode(records, out));
        return out.toByteArray();
    }

    private static Incident incident(Decoded decoded, String id) {
        return decoded.records().stream().map(Incident.class::cast).filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + id));
    }

    /**
     * The four actor cells of each row, by event id, read with a plain CSV parser rather than the format, so that
     * the format is checked against what the file really says.
     */
    private static Map<String, List<String>> actorCells(byte[] csv) throws IOException {
        CSVFormat withHeader = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        Map<String, List<String>> cells = new LinkedHashMap<>();
        try (CSVParser parser = withHeader.parse(new StringReader(new String(csv, StandardCharsets.UTF_8)))) {
            for (CSVRecord row : parser) {
                cells.put(row.get("event_id_cnty"), ACTOR_COLUMNS.stream().map(row::get).toList());
            }
        }
        return cells;
    }

    /** The roles the four cells give, as ACLED defines them ({@code "; "} between associated actors). */
    private static List<IncidentActor> rolesOf(List<String> cells) {
        List<IncidentActor> roles = new ArrayList<>();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            if (cell.isEmpty()) {
                continue;
            }
            ActorRole role = COLUMN_ROLES.get(column);
            List<String> names = role == ACTOR_1 || role == ACTOR_2 ? List.of(cell) : List.of(cell.split("; "));
            names.forEach(name -> roles.add(IncidentActor.of(name, role)));
        }
        return roles;
    }

    private static Incident.Builder minimal(String id) {
        return Incident.builder().id(id).date(LocalDate.of(2025, 4, 3)).eventType("Battles");
    }

    // --- decode ----------------------------------------------------------------------------------------------

    @Test
    void everyRealRowGivesEachActorTheRoleOfItsColumn() throws Exception {
        byte[] real = AcledCsvFormatTest.resource(AcledCsvFormatTest.SAMPLE);
        Map<String, List<String>> cells = actorCells(real);
        Decoded decoded = decode(AcledCsvFormatTest.SAMPLE, real);
        assertEquals(List.of(), decoded.errors());
        assertEquals(300, cells.size());
        assertEquals(List.copyOf(cells.keySet()), decoded.records().stream().map(DataRecord::id).toList());
        int associatesOfSide2 = 0;
        for (DataRecord record : decoded.records()) {
            Incident incident = (Incident) record;
            List<IncidentActor> expected = rolesOf(cells.get(incident.id()));
            assertEquals(expected, incident.actorRoles(), incident.id());
            assertEquals(expected.stream().map(IncidentActor::name).toList(), incident.actors(), incident.id());
            associatesOfSide2 += (int) expected.stream().filter(a -> a.role() == ASSOCIATE_OF_ACTOR_2).count();
        }
        assertTrue(associatesOfSide2 > 50, "the sample has many associates of side 2: " + associatesOfSide2);
    }

    @Test
    void realRowsWithBothSidesAndTheirAssociates() throws Exception {
        Decoded decoded = decode(AcledCsvFormatTest.SAMPLE,
                AcledCsvFormatTest.resource(AcledCsvFormatTest.SAMPLE));
        // line 3: Ethiopian and Somali forces against Al Shabaab, civilians caught on Al Shabaab's side
        assertEquals(List.of(IncidentActor.of("Military Forces of Ethiopia (2018-)", ACTOR_1),
                IncidentActor.of("Military Forces of Somalia (2022-)", ASSOCIATE_OF_ACTOR_1),
                IncidentActor.of("Al Shabaab", ACTOR_2),
                IncidentActor.of("Civilians (Somalia)", ASSOCIATE_OF_ACTOR_2)),
                incident(decoded, "SOM49640").actorRoles());
        // line 8: two associates of side 1 in one cell
        assertEquals(List.of(IncidentActor.of("Military Forces of the United Arab Emirates (2022-)", ACTOR_1),
                IncidentActor.of("Military Forces of Somalia (2022-) Puntland Dervish Force", ASSOCIATE_OF_ACTOR_1),
                IncidentActor.of("Police Forces of Somalia (2022-) Puntland Maritime Police Force",
                        ASSOCIATE_OF_ACTOR_1),
                IncidentActor.of("Islamic State Somalia Province", ACTOR_2)),
                incident(decoded, "SOM49647").actorRoles());
        // line 6: an associate of side 1 and no side 2
        assertEquals(List.of(IncidentActor.of("Protesters (Somalia)", ACTOR_1),
                IncidentActor.of("Unidentified Clan Militia (Somalia)", ASSOCIATE_OF_ACTOR_1)),
                incident(decoded, "SOM49644").actorRoles());
        // line 231: Al Shabaab against Ethiopian forces, no associates
        assertEquals(List.of(IncidentActor.of("Al Shabaab", ACTOR_1),
                IncidentActor.of("Military Forces of Ethiopia (2018-)", ACTOR_2)),
                incident(decoded, "SOM49973").actorRoles());
    }

    @Test
    void theOlderLayoutGivesRolesToo() throws Exception {
        Decoded decoded = decode(AcledCsvFormatTest.OLDER, AcledCsvFormatTest.resource(AcledCsvFormatTest.OLDER));
        assertEquals(List.of(IncidentActor.of("Al Shabaab", ACTOR_1),
                IncidentActor.of("Civilians (Somalia)", ACTOR_2),
                IncidentActor.of("Women (Somalia)", ASSOCIATE_OF_ACTOR_2),
                IncidentActor.of("Teachers (Somalia)", ASSOCIATE_OF_ACTOR_2)),
                incident(decoded, "SOM30001").actorRoles());
        assertEquals(List.of(IncidentActor.of("Protesters (Kosovo)", ACTOR_1)),
                incident(decoded, "XKX101").actorRoles());
    }

    @Test
    void aMinimalOlderHeaderWithoutAssociateColumnsGivesTheMainActors() throws Exception {
        String csv = "event_id_cnty,event_date,event_type,actor1,actor2,country,latitude,longitude,fatalities\n"
                + "A1,21 March 2020,Battles,Side one,Side two,Mali,,,0\n"
                + "A2,21 March 2020,Battles,Side one,,Mali,,,0\n";
        Decoded decoded = decode("minimal.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(IncidentActor.of("Side one", ACTOR_1), IncidentActor.of("Side two", ACTOR_2)),
                incident(decoded, "A1").actorRoles());
        assertEquals(List.of(IncidentActor.of("Side one", ACTOR_1)), incident(decoded, "A2").actorRoles());
    }

    // --- round trip ------------------------------------------------------------------------------------------

    @Test
    void everyRealActorComesBackInItsOwnColumn() throws Exception {
        byte[] real = AcledCsvFormatTest.resource(AcledCsvFormatTest.SAMPLE);
        Decoded decoded = decode(AcledCsvFormatTest.SAMPLE, real);
        byte[] encoded = encode(decoded.records());
        // The written cells are the real file's cells, row by row: no actor changes side or column.
        assertEquals(actorCells(real), actorCells(encoded));

        Decoded again = decode("encoded.csv", encoded);
        assertEquals(List.of(), again.errors());
        assertEquals(decoded.records(), again.records());
        Incident ethiopia = incident(again, "SOM49640");
        assertEquals(List.of(ACTOR_1, ASSOCIATE_OF_ACTOR_1, ACTOR_2, ASSOCIATE_OF_ACTOR_2),
                ethiopia.actorRoles().stream().map(IncidentActor::role).toList());
        assertEquals("Al Shabaab", ethiopia.actorRoles().get(2).name());
        assertEquals("Military Forces of Ethiopia (2018-)", ethiopia.actorRoles().get(0).name());
    }

    @Test
    void theOlderLayoutKeepsItsSidesInTheCurrentOne() throws Exception {
        byte[] older = AcledCsvFormatTest.resource(AcledCsvFormatTest.OLDER);
        Decoded decoded = decode(AcledCsvFormatTest.OLDER, older);
        byte[] encoded = encode(decoded.records());
        Map<String, List<String>> written = actorCells(encoded);
        assertEquals(List.of("Al Shabaab", "", "Civilians (Somalia)", "Women (Somalia); Teachers (Somalia)"),
                written.get("SOM30001"));
        Map<String, List<String>> read = actorCells(older);
        read.remove("MLI4103"); // the row with a date that does not exist is not decoded
        assertEquals(read, written);
        assertEquals(decoded.records(), decode("encoded.csv", encoded).records());
    }

    @Test
    void rolesInAnotherOrderAreWrittenByRoleAndComeBackInAcledsOrder() throws Exception {
        Incident incident = minimal("R1").actorRoles(IncidentActor.of("Associate two", ASSOCIATE_OF_ACTOR_2),
                IncidentActor.of("Two", ACTOR_2), IncidentActor.of("Associate one", ASSOCIATE_OF_ACTOR_1),
                IncidentActor.of("One", ACTOR_1)).build();
        byte[] encoded = encode(List.of(incident));
        assertEquals(List.of("One", "Associate one", "Two", "Associate two"), actorCells(encoded).get("R1"));
        Incident back = (Incident) decode("r.csv", encoded).records().get(0);
        assertEquals(List.of(IncidentActor.of("One", ACTOR_1), IncidentActor.of("Associate one", ASSOCIATE_OF_ACTOR_1),
                IncidentActor.of("Two", ACTOR_2), IncidentActor.of("Associate two", ASSOCIATE_OF_ACTOR_2)),
                back.actorRoles());
    }

    // --- incidents without roles -----------------------------------------------------------------------------

    @Test
    void anIncidentWithActorsButNoRolesIsStillWrittenByPosition() throws Exception {
        List<Incident> incidents = List.of(
                minimal("P1").actors("First").build(),
                minimal("P2").actors("First", "Last").build(),
                minimal("P3").actors("First", "Second", "Third", "Last").build(),
                minimal("P4").build());
        assertTrue(incidents.stream().allMatch(i -> i.actorRoles().isEmpty()));
        byte[] encoded = encode(incidents);
        Map<String, List<String>> cells = actorCells(encoded);
        assertEquals(List.of("First", "", "", ""), cells.get("P1"));
        assertEquals(List.of("First", "", "Last", ""), cells.get("P2"));
        assertEquals(List.of("First", "Second; Third", "Last", ""), cells.get("P3"));
        assertEquals(List.of("", "", "", ""), cells.get("P4"));

        Decoded decoded = decode("p.csv", encoded);
        assertEquals(List.of(), decoded.errors());
        for (int index = 0; index < incidents.size(); index++) {
            Incident back = (Incident) decoded.records().get(index);
            assertEquals(incidents.get(index).actors(), back.actors());
            // apart from the roles the columns give, the same incident
            assertEquals(incidents.get(index), back.toBuilder().actorRoles(List.of()).build());
        }
        assertEquals(List.of(IncidentActor.of("First", ACTOR_1), IncidentActor.of("Second", ASSOCIATE_OF_ACTOR_1),
                IncidentActor.of("Third", ASSOCIATE_OF_ACTOR_1), IncidentActor.of("Last", ACTOR_2)),
                ((Incident) decoded.records().get(2)).actorRoles());
    }

    // --- what ACLED cannot hold ------------------------------------------------------------------------------

    @Test
    void rolesAcledCannotHoldAreReportedNamingTheRecordAndTheField() throws Exception {
        List<Incident> incidents = List.of(
                minimal("two-actor1").actorRoles(IncidentActor.of("A", ACTOR_1), IncidentActor.of("B", ACTOR_1))
                        .build(),
                minimal("two-actor2").actorRoles(IncidentActor.of("A", ACTOR_1), IncidentActor.of("B", ACTOR_2),
                        IncidentActor.of("C", ACTOR_2)).build(),
                minimal("semicolon").actorRoles(IncidentActor.of("A", ACTOR_1),
                        IncidentActor.of("B; C", ASSOCIATE_OF_ACTOR_2)).build(),
                minimal("padded").actorRoles(IncidentActor.of(" B", ASSOCIATE_OF_ACTOR_1)).build(),
                minimal("ok").actorRoles(IncidentActor.of("A; B", ACTOR_1)).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(incidents, out);
        assertEquals(List.of(
                RecordError.of("record 0 (id two-actor1)", "actorRoles", "at most one actor with the role actor-1:"
                        + " ACLED has a single actor1 cell (put the others on its side as associate-of-actor-1)",
                        "2 actors [A, B]"),
                RecordError.of("record 1 (id two-actor2)", "actorRoles", "at most one actor with the role actor-2:"
                        + " ACLED has a single actor2 cell (put the others on its side as associate-of-actor-2)",
                        "2 actors [B, C]"),
                RecordError.of("record 2 (id semicolon)", "actorRoles", "an actor with the role"
                        + " associate-of-actor-2 without ';' or surrounding spaces: ACLED separates the actors of"
                        + " assoc_actor_2 with '; '", "B; C"),
                RecordError.of("record 3 (id padded)", "actorRoles", "an actor with the role associate-of-actor-1"
                        + " without ';' or surrounding spaces: ACLED separates the actors of assoc_actor_1 with '; '",
                        " B")),
                errors);
        Decoded decoded = decode("x.csv", out.toByteArray());
        assertEquals(List.of("ok"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals(Optional.of(IncidentActor.of("A; B", ACTOR_1)),
                ((Incident) decoded.records().get(0)).actorRoles().stream().findFirst());
    }
}
