package org.liaison.plugin.unpeacekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.ActorRole;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.GeoPoint;
import org.liaison.api.record.Incident;
import org.liaison.api.record.IncidentActor;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.RecordType;
import org.liaison.api.transport.Payload;

class AcledCsvFormatTest {

    static final String SAMPLE = "acled_somalia_2025_first300.csv";
    static final String OLDER = "acled_older_layout_constructed.csv";

    private final AcledCsvFormat format = new AcledCsvFormat();

    static byte[] resource(String name) {
        try (InputStream in = AcledCsvFormatTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    private Decoded decode(String name, byte[] bytes) throws FormatException {
        return Decoded.decode(format, Payload.ofBytes("unpol", name, bytes));
    }

    private Decoded decode(String name, String text) throws FormatException {
        return decode(name, text.getBytes(StandardCharsets.UTF_8));
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

    private static final String HEADER = text(SAMPLE).lines().findFirst().orElseThrow() + "\n";

    /** A current-layout row; the cells are in the order of {@link #HEADER}. */
    private static String row(String id, String date, String eventType, String iso, String latitude,
            String longitude, String fatalities) {
        return id + "," + date + ",2025,1,Political violence," + eventType + ",Armed clash,Al Shabaab,,Rebel group,"
                + "Military Forces of Somalia (2022-),,State forces,Rebel group-State forces,," + iso
                + ",Eastern Africa,Somalia,Bay,Baidoa,,Baidoa," + latitude + "," + longitude + ",1,Radio Kulmiye,"
                + "National,\"Notes, quoted.\"," + fatalities + ",,1753970711\n";
    }

    private static String goodRow(String id) {
        return row(id, "2025-04-01", "Battles", "706", "3.1167", "43.65", "2");
    }

    // --- the real sample -------------------------------------------------------------------------------------

    @Test
    void decodesTheRealSample() throws Exception {
        Decoded decoded = decode(SAMPLE, resource(SAMPLE));
        assertEquals(300, decoded.records().size(), decoded.toString());
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        assertTrue(decoded.records().stream().allMatch(r -> r.type() == RecordType.INCIDENT));
        List<Incident> incidents = decoded.records().stream().map(Incident.class::cast).toList();
        assertEquals(Map.of("Battles", 132L, "Explosions/Remote violence", 67L, "Strategic developments", 62L,
                "Violence against civilians", 29L, "Protests", 8L, "Riots", 2L),
                incidents.stream().collect(Collectors.groupingBy(Incident::eventType, Collectors.counting())));
        assertEquals(689, incidents.stream().mapToInt(Incident::fatalities).sum());
        assertTrue(incidents.stream().allMatch(i -> i.countryCode().equals(Optional.of("SO"))));
        assertEquals(LocalDate.of(2025, 4, 1), incidents.stream().map(Incident::date).min(LocalDate::compareTo)
                .orElseThrow());
        assertEquals(LocalDate.of(2025, 5, 9), incidents.stream().map(Incident::date).max(LocalDate::compareTo)
                .orElseThrow());

        // line 2, field by field
        assertEquals(Incident.builder().id("SOM49639").date(LocalDate.of(2025, 4, 1))
                .disorderType("Political violence").eventType("Explosions/Remote violence")
                .subEventType("Air/drone strike")
                .actorRoles(IncidentActor.of("Military Forces of the United States (2025-)", ActorRole.ACTOR_1),
                        IncidentActor.of("Military Forces of Somalia (2022-)", ActorRole.ASSOCIATE_OF_ACTOR_1),
                        IncidentActor.of("Islamic State Somalia Province", ActorRole.ACTOR_2))
                .countryCode("SO").countryName("Somalia").admin1("Bari").admin2("Qandala")
                .location("Buuraha Cali Miskat")
                .point(GeoPoint.builder().latitude(10.8548).longitude(49.7434).precision(1).build())
                .sources("AFRICOM", "Caasimada", "Hiiraan (Somalia)", "Horseed Media", "Puntland Post",
                        "Radio Kulmiye", "Shabelle Media Network", "Somali News Agency")
                .notes("On 1 April 2025, US forces, in coordination with government security forces (SNA), conducted"
                        + " an airstrike targeting Islamic State Somalia Province hideout in the southeast of Bosaso,"
                        + " in Miraale area in Buuraha Cali Miskat (Qandala, Bari). Multiple militants were killed"
                        + " and wounded. Unspecified number of fatalities coded as 3.")
                .fatalities(3).build(), incidents.get(0));

        // line 8: two associated actors of side 1 in one cell
        assertEquals(List.of("Military Forces of the United Arab Emirates (2022-)",
                "Military Forces of Somalia (2022-) Puntland Dervish Force",
                "Police Forces of Somalia (2022-) Puntland Maritime Police Force", "Islamic State Somalia Province"),
                incident(decoded, "SOM49647").actors());
        // line 18: two associated actors of side 2, no admin3, no tags
        Incident arrests = incident(decoded, "SOM49671");
        assertEquals(List.of("Police Forces of Somalia (2022-)", "Civilians (Somalia)", "Journalists (Somalia)",
                "Labor Group (Somalia)"), arrests.actors());
        assertEquals(Optional.of("Strategic developments"), arrests.disorderType());
        assertEquals(Optional.of("Arrests"), arrests.subEventType());
        assertEquals(Optional.empty(), arrests.admin3());
        assertEquals(List.of(), arrests.tags());
        assertEquals(Optional.of(GeoPoint.builder().latitude(2.0414).longitude(45.3337).precision(1).build()),
                arrests.point());
        // line 6: a protest with no actor2 and a tag
        Incident protest = incident(decoded, "SOM49644");
        assertEquals(List.of("Protesters (Somalia)", "Unidentified Clan Militia (Somalia)"), protest.actors());
        assertEquals(List.of("crowd size=no report"), protest.tags());
        // the last line, 301
        Incident last = incidents.get(299);
        assertEquals("SOM50055", last.id());
        assertEquals(LocalDate.of(2025, 5, 4), last.date());
        assertEquals(List.of("Undisclosed Source"), last.sources());
        assertEquals(Optional.of("Laascaanood"), last.location());
        assertEquals(Optional.of(2), incident(decoded, "SOM49640").point().flatMap(GeoPoint::precision));
        assertEquals(80, incident(decoded, "SOM49870").fatalities());
    }

    @Test
    void theRealSampleSurvivesARoundTrip() throws Exception {
        Decoded decoded = decode(SAMPLE, resource(SAMPLE));
        byte[] encoded = encode(decoded.records());
        Decoded again = decode("encoded.csv", encoded);
        assertEquals(List.of(), again.errors());
        assertEquals(List.of(), again.warnings());
        assertEquals(decoded.records(), again.records());
        assertTrue(Arrays.equals(encoded, encode(again.records())), "encoding is stable");

        String text = new String(encoded, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(HEADER), "the current layout's 31 columns, in ACLED's order");
        assertEquals(301, text.split("\n").length);
        assertTrue(format.accepts("encoded.csv", encoded));
    }

    @Test
    void encodingWritesTheCurrentLayoutWithTheColumnsTheModelCarries() throws Exception {
        Decoded decoded = decode(SAMPLE, resource(SAMPLE));
        String text = new String(encode(List.of(incident(decoded, "SOM49671"))), StandardCharsets.UTF_8);
        assertEquals(HEADER + "SOM49671,2025-04-01,2025,,Strategic developments,Strategic developments,Arrests,"
                + "Police Forces of Somalia (2022-),,,Civilians (Somalia),Journalists (Somalia); Labor Group (Somalia),"
                + ",,,706,,Somalia,Banadir,Banadir,,Mogadishu,2.0414,45.3337,1,Baidoa News Agency; Radio Kulmiye;"
                + " Radio Risala,,\"On 1 April 2025, police forces forcefully entered the 5TV headquarters and"
                + " arrested 4 staff members and a journalist of the media in Mogadishu (Banadir). This is after the"
                + " journalist aired a report that revealed that the Somali Police Command had declared 145 officers"
                + " missing.\",0,,\n", text);
    }

    // --- the older layout ------------------------------------------------------------------------------------

    @Test
    void decodesTheOlderLayout() throws Exception {
        Decoded decoded = decode(OLDER, resource(OLDER));
        assertEquals(4, decoded.records().size(), decoded.toString());
        assertEquals(List.of(RecordError.of("line 5", "event_date", "a date like 21 March 2020",
                "31 February 2020")), decoded.errors());
        assertEquals(List.of(RecordError.of("line 4", "iso", "an ISO 3166-1 numeric country code, or a country"
                + " name, that names a country (the record is kept without a country code)", "0 (Kosovo)")),
                decoded.warnings());

        assertEquals(Incident.builder().id("MLI4101").date(LocalDate.of(2020, 3, 21)).eventType("Battles")
                .subEventType("Armed clash")
                .actorRoles(IncidentActor.of("JNIM: Group for Support of Islam and Muslims", ActorRole.ACTOR_1),
                        IncidentActor.of("Military Forces of Mali (2012-)", ActorRole.ACTOR_2))
                .countryCode("ML").countryName("Mali").admin1("Mopti").admin2("Douentza").admin3("Boni")
                .location("Boni")
                .point(GeoPoint.builder().latitude(15.0333).longitude(-1.8667).precision(2).build())
                .sources("Reuters", "AFP")
                .notes("Constructed for tests: a clash near Boni, in a quoted field with a comma.").fatalities(4)
                .build(), decoded.records().get(0));
        Incident somalia = (Incident) decoded.records().get(1);
        assertEquals(LocalDate.of(2020, 4, 2), somalia.date());
        assertEquals(List.of("Al Shabaab", "Civilians (Somalia)", "Women (Somalia)", "Teachers (Somalia)"),
                somalia.actors());
        assertEquals(Optional.empty(), somalia.disorderType());
        assertEquals(List.of(), somalia.tags());
        Incident kosovo = (Incident) decoded.records().get(2);
        assertEquals(LocalDate.of(2020, 5, 5), kosovo.date());
        assertEquals(Optional.empty(), kosovo.countryCode());
        assertEquals(Optional.of("Kosovo"), kosovo.countryName());
        assertEquals(List.of("Protesters (Kosovo)"), kosovo.actors());
    }

    @Test
    void theOlderLayoutEncodesIntoTheCurrentOneAndBack() throws Exception {
        Decoded decoded = decode(OLDER, resource(OLDER));
        byte[] encoded = encode(decoded.records());
        assertTrue(new String(encoded, StandardCharsets.UTF_8).startsWith(HEADER));
        Decoded again = decode("encoded.csv", encoded);
        assertEquals(decoded.records(), again.records());
        assertEquals(List.of(), again.warnings(), "an empty iso is no country code, not an unknown one");
    }

    @Test
    void anUnknownIsoNumberFallsBackOnIso3AndThenOnTheCountryName() throws Exception {
        String older = "event_id_cnty,event_date,event_type,actor1,iso,iso3,country,latitude,longitude,fatalities\n"
                + "A1,21 March 2020,Battles,X,999,MLI,Mali,,,0\n"
                + "A2,21 March 2020,Battles,X,999,,somalia,,,0\n"
                + "A3,21 March 2020,Battles,X,,SOM,Somalia,,,0\n"
                + "A4,21 March 2020,Battles,X,4,,,,,0\n";
        Decoded decoded = decode("fallback.csv", older);
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        assertEquals(List.of(Optional.of("ML"), Optional.of("SO"), Optional.of("SO"), Optional.of("AF")),
                decoded.records().stream().map(r -> ((Incident) r).countryCode()).toList());
        assertEquals(Optional.empty(), ((Incident) decoded.records().get(0)).point());
    }

    // --- per-record errors -----------------------------------------------------------------------------------

    @Test
    void badRowsAreReportedAndTheOthersDecoded() throws Exception {
        String csv = HEADER
                + goodRow("S1")                                                        // 2
                + row("S2", "2025-04-31", "Battles", "706", "3.1", "43.6", "2")        // 3: no 31 April
                + row("S3", "01/04/2025", "Battles", "706", "3.1", "43.6", "2")        // 4: another date form
                + row("", "2025-04-01", "Battles", "706", "3.1", "43.6", "2")          // 5: no id
                + row("S5", "2025-04-01", " ", "706", "3.1", "43.6", "2")              // 6: no event type
                + row("S6", "2025-04-01", "Battles", "706", "3.1", "43.6", "-1")       // 7: negative
                + row("S7", "2025-04-01", "Battles", "706", "3.1", "43.6", "")         // 8: no fatalities
                + row("S8", "2025-04-01", "Battles", "706", "93.1", "43.6", "2")       // 9: latitude out of range
                + row("S9", "2025-04-01", "Battles", "706", "3.1", "", "2")            // 10: no longitude
                + row("S10", "2025-04-01", "Battles", "SOM", "3.1", "43.6", "2")       // 11: alpha-3 in iso
                + row("S11", "2025-04-01", "Battles", "706", "3,1", "43.6", "2")       // 12: decimal comma
                + goodRow("S12").replace(",43.65,1,", ",43.65,x,")                  // 13: bad precision
                + "S13,2025-04-01\n"                                                   // 14: a short row
                + "\n"                                                                 // 15: blank, skipped
                + goodRow("S14");                                                      // 16
        Decoded decoded = decode("bad-rows.csv", csv);
        assertEquals(List.of(
                RecordError.of("line 3", "event_date", "a date like 2025-04-01", "2025-04-31"),
                RecordError.of("line 4", "event_date", "a date like 2025-04-01", "01/04/2025"),
                RecordError.of("line 5", "event_id_cnty", "the event's id, such as SOM49639, of at most 512"
                        + " characters", null),
                RecordError.of("line 6", "event_type", "the event type, such as Battles", null),
                RecordError.of("line 7", "fatalities", "the number of fatalities, a whole number from 0 (ACLED"
                        + " writes 0 when none were reported)", "-1"),
                RecordError.of("line 8", "fatalities", "the number of fatalities, a whole number from 0 (ACLED"
                        + " writes 0 when none were reported)", null),
                RecordError.of("line 9", "latitude", "a latitude in decimal degrees from -90 to 90, such as 2.0469,"
                        + " with the longitude", "93.1"),
                RecordError.of("line 10", "longitude", "a longitude in decimal degrees from -180 to 180, such as"
                        + " 45.3182, with the latitude", null),
                RecordError.of("line 11", "iso", "an ISO 3166-1 numeric country code, such as 706 for Somalia",
                        "SOM"),
                RecordError.of("line 12", null, "31 fields, like the header " + headerLine(), "32 fields"),
                RecordError.of("line 13", "geo_precision", "a geo precision, a whole number such as 1 (the exact"
                        + " place), 2 (near it) or 3 (the region)", "x"),
                RecordError.of("line 14", null, "31 fields, like the header " + headerLine(), "2 fields")),
                decoded.errors());
        assertEquals(List.of("S1", "S14"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals("line 3, field 'event_date': expected a date like 2025-04-01, found \"2025-04-31\"",
                decoded.errors().get(0).message());
    }

    private static String headerLine() {
        String line = HEADER.strip();
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    @Test
    void aQuotedRowSpanningLinesIsLocatedByItsFirstLine() throws Exception {
        String csv = HEADER + goodRow("S1").replace("\"Notes, quoted.\"", "\"Notes,\nover two lines.\"")
                + row("S2", "2025-13-01", "Battles", "706", "3.1", "43.6", "2");
        Decoded decoded = decode("multiline.csv", csv);
        assertEquals(Optional.of("Notes,\nover two lines."), ((Incident) decoded.records().get(0)).notes());
        assertEquals("line 4", decoded.errors().get(0).location());
    }

    @Test
    void anOversizeFieldIsAPerRecordError() throws Exception {
        String longNotes = "x".repeat(AcledCsvFormat.MAX_FIELD_CHARS + 1);
        String csv = HEADER + goodRow("S1").replace("Notes, quoted.", longNotes) + goodRow("S2");
        Decoded decoded = decode("oversize.csv", csv);
        assertEquals(List.of("S2"), decoded.records().stream().map(DataRecord::id).toList());
        RecordError error = decoded.errors().get(0);
        assertEquals("line 2", error.location());
        assertEquals(Optional.of("notes"), error.field());
        assertEquals("at most 65536 characters", error.expected());
        assertTrue(error.found().orElseThrow().startsWith("65537 characters: xxx"));
    }

    @Test
    void bytesThatAreNotUtf8AreAPerRecordErrorNamingTheLine() throws Exception {
        byte[] latin1 = (HEADER + goodRow("S1") + goodRow("S2").replace("Baidoa,,Baidoa", "Baidoa,,Ba\u00efdoa")
                + goodRow("S3")).getBytes(StandardCharsets.ISO_8859_1);
        Decoded decoded = decode("latin1.csv", latin1);
        assertEquals(List.of("S1", "S3"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals(List.of(RecordError.of("line 3", "location", "UTF-8 text (re-export the file as UTF-8 CSV)",
                "Ba\uFFFDdoa")), decoded.errors());
    }

    @Test
    void aPrecisionWithoutCoordinatesIsAWarningAndTheRecordIsKept() throws Exception {
        Decoded decoded = decode("no-point.csv", HEADER + row("S1", "2025-04-01", "Battles", "706", "", "", "0"));
        assertEquals(1, decoded.records().size());
        assertEquals(Optional.empty(), ((Incident) decoded.records().get(0)).point());
        assertEquals(List.of(RecordError.of("line 2", "geo_precision", "a latitude and a longitude for the precision"
                + " to apply to (the precision is left out)", "1")), decoded.warnings());
    }

    // --- unreadable payloads ---------------------------------------------------------------------------------

    @Test
    void anExportCutInTheMiddleOfARowIsOneFormatException() {
        String text = text(SAMPLE);
        int cut = text.indexOf("SOM49642,2025-04-03,2025,1,Political violence,");
        FormatException e = assertThrows(FormatException.class,
                () -> decode("truncated.csv", text.substring(0, cut + "SOM49642,2025-04-03,2025,1,Pol".length())));
        assertEquals("truncated.csv: line 5: the last row stops after 5 fields and the file does not end with a"
                + " line break: the file looks truncated; expected 31 fields per row", e.getMessage());
    }

    @Test
    void anExportCutInsideAQuotedFieldIsOneFormatException() {
        String text = text(SAMPLE);
        int cut = text.indexOf("\"On 3 April 2025, international forces") + 20;
        FormatException e = assertThrows(FormatException.class, () -> decode("truncated.csv", text.substring(0,
                cut)));
        assertEquals("truncated.csv: line 5: a quoted field is not closed before the end of the file: the file"
                + " looks truncated; expected a closing \"", e.getMessage());
    }

    @Test
    void aStrayQuoteIsOneFormatExceptionNamingTheLine() {
        String csv = HEADER + goodRow("S1") + goodRow("S2").replace("\"Notes, quoted.\"", "\"Notes\"x");
        FormatException e = assertThrows(FormatException.class, () -> decode("quote.csv", csv));
        assertTrue(e.getMessage().startsWith("quote.csv: line 3: expected a comma or the end of the row after a"
                + " quoted field's closing \""), e.getMessage());
    }

    @Test
    void aWrongHeaderIsOneFormatExceptionShowingFoundAndExpected() {
        FormatException e = assertThrows(FormatException.class,
                () -> decode("other.csv", "Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent\r\n"));
        assertEquals("other.csv: line 1: expected the header of an ACLED export, naming each column once and at"
                + " least event_id_cnty,event_date,event_type,actor1,country,latitude,longitude,fatalities, found"
                + " 'Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent'", e.getMessage());
    }

    @Test
    void aHeaderNamingAColumnTwiceIsOneFormatException() {
        FormatException e = assertThrows(FormatException.class,
                () -> decode("twice.csv", HEADER.replace("admin3", "ADMIN2") + goodRow("S1")));
        assertTrue(e.getMessage().startsWith("twice.csv: line 1: expected the header of an ACLED export, naming"
                + " each column once"), e.getMessage());
    }

    @Test
    void binaryContentIsOneFormatExceptionNamingTheFile() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 1};
        FormatException e = assertThrows(FormatException.class, () -> decode("garbage.csv", png));
        assertTrue(e.getMessage().startsWith("garbage.csv: line 1: expected the header of an ACLED export"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("found bytes that are not UTF-8 text (starting with bytes 89 50 4E 47 0D"
                + " 0A 1A 0A 00 00 00 0D 49 48 44 52)"), e.getMessage());
    }

    @Test
    void anEmptyFileIsOneFormatException() {
        FormatException e = assertThrows(FormatException.class, () -> decode("empty.csv", new byte[0]));
        assertTrue(e.getMessage().startsWith("empty.csv: line 1: expected the header"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found an empty file"), e.getMessage());
    }

    // --- limits ----------------------------------------------------------------------------------------------

    @Test
    void anUnclosedQuoteCannotPullTheRestOfAHugeFileIntoMemory() {
        StringBuilder csv = new StringBuilder(HEADER).append(goodRow("S0").replace("\"Notes, quoted.\"",
                "\"Notes"));
        String row = goodRow("S1").replace("\"Notes, quoted.\"", "Notes without quotes");
        while (csv.length() < 2 * AcledCsvFormat.MAX_ROW_CHARS) {
            csv.append(row);
        }
        FormatException e = assertThrows(FormatException.class, () -> decode("open-quote.csv", csv.toString()));
        assertTrue(e.getMessage().startsWith("open-quote.csv: line 2: a row longer than 1048576 characters"),
                e.getMessage());
    }

    @Test
    void aPayloadOverTheDocumentLimitIsRefusedBeforeReading(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("huge.csv");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(AcledCsvFormat.MAX_DOCUMENT_BYTES + 1);
        }
        FormatException e = assertThrows(FormatException.class,
                () -> format.decode(Payload.ofFile("unpol", file), null));
        assertEquals("huge.csv: 268435457 bytes, more than the limit of 268435456 bytes; split the export",
                e.getMessage());
    }

    @Test
    void aLargeExportStreamsToTheSinkRecordByRecord() throws Exception {
        // 20,000 rows (about 6 MB): every record reaches the sink, none is held back until the end.
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 20_000; i++) {
            csv.append(goodRow("S" + i));
        }
        int[] seen = {0};
        format.decode(Payload.ofBytes("unpol", "large.csv", csv.toString().getBytes(StandardCharsets.UTF_8)),
                new DecodeSink() {
                    @Override
                    public void record(DataRecord record) {
                        assertEquals("S" + seen[0]++, record.id());
                    }

                    @Override
                    public void error(RecordError error) {
                        throw new AssertionError(error.message());
                    }
                });
        assertEquals(20_000, seen[0]);
    }

    // --- accepts ---------------------------------------------------------------------------------------------

    @Test
    void acceptsBothLayoutsAndNothingElse() {
        assertTrue(format.accepts(SAMPLE, Arrays.copyOf(resource(SAMPLE), 4096)));
        assertTrue(format.accepts("export.txt", resource(OLDER)));
        assertTrue(format.accepts("x", ("\uFEFF" + HEADER.toUpperCase()).getBytes(StandardCharsets.UTF_8)));
        assertTrue(format.accepts("x", HEADER.substring(0, HEADER.length() - 1).getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("acled.csv", "Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent\r\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("acled.csv", "event_id_cnty,event_date,event_type\n"
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("acled.csv", "{\"format\": \"liaison-canonical-json\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("acled.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}));
        assertFalse(format.accepts("acled.csv", new byte[0]));
        assertFalse(format.accepts("acled.csv", "\"event_id_cnty,".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("acled.csv", null));
    }

    @Test
    void declaresItself() {
        assertEquals(Set.of(RecordType.INCIDENT), format.recordTypes());
        assertEquals("csv", format.fileExtension());
        assertEquals("unpol", AcledCsvFormat.PARTNER_ID);
        assertEquals("acled-csv", AcledCsvFormat.ID);
    }

    // --- encode ----------------------------------------------------------------------------------------------

    private static Incident.Builder minimal(String id) {
        return Incident.builder().id(id).date(LocalDate.of(2024, 2, 29)).eventType("Riots");
    }

    @Test
    void modelRecordsSurviveARoundTrip() throws Exception {
        List<Incident> incidents = List.of(
                minimal("M1").build(),
                minimal("M2").actorRoles(IncidentActor.of("One", ActorRole.ACTOR_1)).countryName("Nowhere").build(),
                minimal("M3").actorRoles(IncidentActor.of("A; with a semicolon in actor1", ActorRole.ACTOR_1),
                        IncidentActor.of("B", ActorRole.ASSOCIATE_OF_ACTOR_1),
                        IncidentActor.of("C", ActorRole.ASSOCIATE_OF_ACTOR_1),
                        IncidentActor.of("D; in actor2", ActorRole.ACTOR_2),
                        IncidentActor.of("E", ActorRole.ASSOCIATE_OF_ACTOR_2)).countryCode("SOM")
                        .build().toBuilder().countryCode("SO").build(),
                minimal("M7").actorRoles(IncidentActor.of(" Spaced actor2 ", ActorRole.ACTOR_2),
                        IncidentActor.of("Only an associate of side 2", ActorRole.ASSOCIATE_OF_ACTOR_2)).build(),
                minimal("M4").point(GeoPoint.builder().latitude(-0.0).longitude(-180.0).build())
                        .notes("Line one,\r\n\"quoted\" line two").tags("a=b", "c").sources("S").build(),
                minimal("M5").point(GeoPoint.builder().latitude(1.0E-7).longitude(179.99999999999997).precision(7)
                        .build()).fatalities(Integer.MAX_VALUE).admin1(" spaced ").countryCode("FR").build(),
                minimal("M6").date(LocalDate.of(1, 1, 1)).build());
        byte[] encoded = encode(incidents);
        Decoded decoded = decode("model.csv", encoded);
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        assertEquals(incidents, decoded.records());
    }

    /** The encoded rows after the header, as maps from ACLED column name to cell, parsed as RFC 4180. */
    private static List<Map<String, String>> cells(byte[] encoded) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(encoded, StandardCharsets.UTF_8)))) {
            return parser.getRecords().stream().map(CSVRecord::toMap).toList();
        }
    }

    @Test
    void textThatASpreadsheetWouldRunIsWrittenNeutralisedAndReadBack() throws Exception {
        Incident formulas = minimal("=1+1").eventType("+Battles").subEventType("\r=2+5")
                .actorRoles(IncidentActor.of("@SUM(A1)", ActorRole.ACTOR_1),
                        IncidentActor.of("-2+3", ActorRole.ASSOCIATE_OF_ACTOR_1),
                        IncidentActor.of("=cmd|' /C calc'!A0", ActorRole.ACTOR_2))
                .countryName("\t=1+1").admin1("-12.5").location("Baidoa")
                .point(GeoPoint.builder().latitude(-12.5).longitude(-45.25).precision(1).build())
                .notes("=HYPERLINK(\"http://x\",\"y\")").sources("+1+1").tags("@tag")
                .build();

        byte[] encoded = encode(List.of(formulas));

        Map<String, String> row = cells(encoded).get(0);
        assertEquals("'=1+1", row.get("event_id_cnty"));
        assertEquals("'+Battles", row.get("event_type"));
        assertEquals("'\r=2+5", row.get("sub_event_type"), "a carriage return");
        assertEquals("'@SUM(A1)", row.get("actor1"));
        assertEquals("'-2+3", row.get("assoc_actor_1"));
        assertEquals("'=cmd|' /C calc'!A0", row.get("actor2"));
        assertEquals("'\t=1+1", row.get("country"), "a tab");
        assertEquals("'-12.5", row.get("admin1"), "a text column is text, even when it looks like a number");
        assertEquals("Baidoa", row.get("location"));
        assertEquals("'=HYPERLINK(\"http://x\",\"y\")", row.get("notes"));
        assertEquals("'+1+1", row.get("source"));
        assertEquals("'@tag", row.get("tags"));
        assertEquals("-12.5", row.get("latitude"), "a negative number stays a number");
        assertEquals("-45.25", row.get("longitude"));
        assertEquals("2024-02-29", row.get("event_date"));
        assertTrue(new String(encoded, StandardCharsets.UTF_8).contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
                "quoted as RFC 4180 requires");

        Decoded decoded = decode("formulas.csv", encoded);
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(formulas), decoded.records());
    }

    @Test
    void textThatReallyBeginsWithAQuoteSurvivesARoundTrip() throws Exception {
        Incident quoted = minimal("Q1").actorRoles(IncidentActor.of("'Ndrangheta", ActorRole.ACTOR_1))
                .countryName("'").admin1("'=A1").admin2("''-x").admin3("''quoted''").notes("'@'").build();

        byte[] encoded = encode(List.of(quoted));

        Map<String, String> row = cells(encoded).get(0);
        assertEquals("'Ndrangheta", row.get("actor1"), "a quote before anything else is written as it is");
        assertEquals("'", row.get("country"));
        assertEquals("''=A1", row.get("admin1"), "quotes before a formula get one more");
        assertEquals("'''-x", row.get("admin2"));
        assertEquals("''quoted''", row.get("admin3"));
        assertEquals("''@'", row.get("notes"));
        Decoded decoded = decode("quoted.csv", encoded);
        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(quoted), decoded.records());
    }

    @Test
    void aPartnersOwnQuotedCellsReadAsTheyMean() throws Exception {
        String csv = HEADER + goodRow("SOM1").replace("\"Notes, quoted.\"", "'Ndrangheta")
                + goodRow("SOM2").replace("\"Notes, quoted.\"", "'=1+1").replace("3.1167", "-3.5");
        Decoded decoded = decode("partner.csv", csv);
        assertEquals(List.of(), decoded.errors());
        assertEquals(Optional.of("'Ndrangheta"), incident(decoded, "SOM1").notes());
        assertEquals(Optional.of("=1+1"), incident(decoded, "SOM2").notes(), "a neutralised formula");
        assertEquals(-3.5, incident(decoded, "SOM2").point().orElseThrow().latitude());

        String quotedNumber = HEADER + goodRow("SOM3").replace("3.1167", "'-3.5");
        assertEquals(Optional.of("latitude"), decode("partner.csv", quotedNumber).errors().get(0).field(),
                "a number column is read as a number: a quote there is no number");
    }

    @Test
    void anAlpha3CountryCodeIsWrittenAsItsNumericCodeAndComesBackAsAlpha2() throws Exception {
        byte[] encoded = encode(List.of(minimal("M1").countryCode("SOM").build()));
        assertTrue(new String(encoded, StandardCharsets.UTF_8).contains(",706,"));
        assertEquals(Optional.of("SO"), ((Incident) decode("x.csv", encoded).records().get(0)).countryCode());
    }

    @Test
    void recordsAcledHasNoPlaceForAreReturnedAndTheOthersWritten() throws Exception {
        HandlingMarking marking = HandlingMarking.builder().tlp(Tlp.AMBER).build();
        List<DataRecord> records = Arrays.asList(
                minimal("ok").build(),
                Organisation.builder().id("org-1").name("Some company").build(),
                minimal("marked").marking(marking).build(),
                minimal("kosovo").countryCode("XK").build(),
                minimal("assoc").actors("A", "B; C", "D").build(),
                minimal("source").sources("Radio; TV").build(),
                minimal("tag").tags(" padded").build(),
                minimal("year").date(LocalDate.of(10_000, 1, 1)).build(),
                minimal("id ").build(),
                null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(records, out);
        Function<RecordError, String> field = error -> error.field().orElse("-");
        assertEquals(List.of("type", "marking", "countryCode", "actors", "sources", "tags", "date", "id", "-"),
                errors.stream().map(field).toList());
        assertEquals("record 1 (id org-1)", errors.get(0).location());
        assertEquals(Optional.of("XK"), errors.get(2).found());
        Decoded decoded = decode("x.csv", out.toByteArray());
        assertEquals(List.of("ok"), decoded.records().stream().map(DataRecord::id).toList());
    }

    @Test
    void theNumericTableCoversEveryCountryJavaKnows() {
        Set<String> known = Set.of(Locale.getISOCountries());
        Set<String> table = CountryCodes.ISO.alpha2Codes();
        assertEquals(249, table.size());
        assertTrue(table.containsAll(known), "missing: " + known.stream().filter(c -> !table.contains(c)).toList());
        assertEquals("SO", CountryCodes.ISO.alpha2OfNumeric(706));
        assertEquals(706, CountryCodes.ISO.numericOf("SO"));
        assertEquals(4, CountryCodes.ISO.numericOf("AFG"));
        assertEquals("CI", CountryCodes.ISO.alpha2OfName("C\u00f4te d'Ivoire"));
        assertEquals("BO", CountryCodes.ISO.alpha2OfName("Bolivia"));
        assertNull(CountryCodes.ISO.alpha2OfNumeric(0));
    }
}
