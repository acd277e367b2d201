package org.liaison.plugin.unodc;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.PartnerFormat;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.Seizure;
import org.liaison.api.transport.Payload;

class SeizuresCsvFormatTest {

    static final String SAMPLE = "unodc_drug_seizures_annual_1970-2020_first1000.csv";
    static final String CONSTRUCTED = "dataunodc_constructed.csv";
    private static final String HEADER = "Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent\r\n";

    private final SeizuresCsvFormat format = new SeizuresCsvFormat();

    static byte[] resource(String name) {
        try (InputStream in = SeizuresCsvFormatTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Decoded decode(String name, byte[] bytes) throws FormatException {
        return Decoded.decode(format, Payload.ofBytes("unodc", name, bytes));
    }

    private Decoded decode(String name, String text) throws FormatException {
        return decode(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] encode(List<? extends DataRecord> records) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(List.of(), format.encode(records, out));
        return out.toByteArray();
    }

    private static Seizure seizure(Decoded decoded, String id) {
        return decoded.records().stream().map(Seizure.class::cast).filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no record " + id));
    }

    private static String lineOf(byte[] bytes, int line) {
        return new String(bytes, StandardCharsets.UTF_8).split("\r\n", -1)[line - 1];
    }

    // --- the real sample -------------------------------------------------------------------------------------

    @Test
    void decodesTheRealSample() throws Exception {
        Decoded decoded = decode(SAMPLE, resource(SAMPLE));
        // 1000 rows: 27 have NULL for the quantity and 13 NULL for the ISO code (USSR, Serbia and Montenegro).
        assertEquals(960, decoded.records().size(), decoded.toString());
        assertEquals(40, decoded.errors().size(), decoded.errors().toString());
        assertTrue(decoded.records().stream().allMatch(r -> r.type() == RecordType.SEIZURE));
        assertEquals(960, decoded.records().stream().map(DataRecord::id).distinct().count(), "ids are unique");

        Seizure first = (Seizure) decoded.records().get(0);
        assertEquals(Seizure.builder().id("unodc-DZA-1970-marijuana-herb").region("Africa").countryName("Algeria")
                .countryCode("DZA").drugGroup("Cannabis-type").drug("Marijuana (herb)").year(1970)
                .quantityKg(new BigDecimal("141")).build(), first);

        // line 18: a quoted field with commas
        Seizure chile = seizure(decoded, "unodc-CHL-1970-cocaine-base-paste-and-salts");
        assertEquals("Cocaine (base, paste and salts)", chile.drug());
        assertEquals(new BigDecimal("80"), chile.quantityKg());

        // lines 31 to 33: the same country, year and drug three times
        assertEquals(new BigDecimal("2"), seizure(decoded, "unodc-SWE-1971-amphetamine").quantityKg());
        assertEquals(new BigDecimal("0.300000012"), seizure(decoded, "unodc-SWE-1971-amphetamine#2").quantityKg());
        assertEquals(new BigDecimal("2.112297"), seizure(decoded, "unodc-SWE-1971-amphetamine#3").quantityKg());
        // lines 654 and 662: two identical rows stay two records
        assertEquals(seizure(decoded, "unodc-SWE-1980-illicit-morphine").quantityKg(),
                seizure(decoded, "unodc-SWE-1980-illicit-morphine#2").quantityKg());

        // line 91: scientific notation, kept with its precision
        BigDecimal lsd = seizure(decoded, "unodc-ARG-1980-lsd").quantityKg();
        assertEquals(new BigDecimal("1.05E-06"), lsd);
        assertEquals(8, lsd.scale());
        assertEquals("0.00000105", lsd.toPlainString());

        // line 270: the country name as given, with the ISO code UNODC gives it
        Seizure gdr = seizure(decoded, "unodc-DEU-1980-cocaine-base-paste-and-salts");
        assertEquals(Optional.of("German Democratic Republic"), gdr.countryName());
        assertEquals(new BigDecimal("0.017999999"), gdr.quantityKg());

        // the last line, 1001
        Seizure last = (Seizure) decoded.records().get(959);
        assertEquals("unodc-HKG-1981-non-specified-ats", last.id());
        assertEquals(Optional.of("China, Hong Kong SAR"), last.countryName());
        assertEquals(Optional.of("ATS"), last.drugGroup());
        assertEquals(Optional.of(1981), last.year());
        assertEquals(new BigDecimal("0.005"), last.quantityKg());
    }

    @Test
    void nullQuantitiesAndCountriesOfTheRealSampleAreReportedWithTheirLine() throws Exception {
        Decoded decoded = decode(SAMPLE, resource(SAMPLE));
        assertEquals(RecordError.of("line 29", "KG Equivalent", "a quantity in kilograms", "NULL"),
                decoded.errors().get(0));
        assertTrue(lineOf(resource(SAMPLE), 29).startsWith("Europe,Sweden,SWE,Opioids,Heroin,1971,NULL"));
        assertTrue(decoded.errors().contains(RecordError.of("line 725", "ISO Code",
                "an ISO 3166-1 alpha-3 country code such as DZA", "NULL")), decoded.errors().toString());
        assertTrue(lineOf(resource(SAMPLE), 725).startsWith("Europe,USSR,NULL,"));
        assertEquals(27, decoded.errors().stream().filter(e -> e.field().equals(Optional.of("KG Equivalent")))
                .count());
        assertEquals(13, decoded.errors().stream().filter(e -> e.field().equals(Optional.of("ISO Code"))).count());
    }

    @Test
    void theRealSampleSurvivesARoundTrip() throws Exception {
        byte[] original = resource(SAMPLE);
        Decoded decoded = decode(SAMPLE, original);
        byte[] encoded = encode(decoded.records());
        Decoded again = decode("encoded.csv", encoded);
        assertEquals(List.of(), again.errors());
        assertEquals(decoded.records(), again.records());
        assertTrue(Arrays.equals(encoded, encode(again.records())), "encoding is stable");

        String text = new String(encoded, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(HEADER));
        assertTrue(text.endsWith("\r\n"));
        assertEquals(961, text.split("\r\n").length, "header and 960 rows, CRLF");
        // Every row comes out as UNODC wrote it, scientific notation included, but for one: UNODC wrote 1.00E-04
        // where it writes 0.000625 for a larger quantity; it is written 0.000100, the same value and scale.
        Set<String> originalLines = new HashSet<>(Arrays.asList(new String(original, StandardCharsets.UTF_8)
                .split("\r\n")));
        long rewritten = Arrays.stream(text.split("\r\n")).filter(line -> !originalLines.contains(line)).count();
        assertEquals(1, rewritten, "rows written differently");
        assertTrue(text.contains("\r\nAsia,Singapore,SGP,Sedatives and Tranquillizers,"
                + "Depressants (excluding Methaqualone),1980,0.000100\r\n"));
    }

    // --- the dataUNODC layout --------------------------------------------------------------------------------

    @Test
    void decodesTheDataUnodcLayout() throws Exception {
        Decoded decoded = decode(CONSTRUCTED, resource(CONSTRUCTED));
        assertEquals(5, decoded.records().size(), decoded.toString());
        assertEquals(List.of(RecordError.of("line 6", "Kilograms", "a quantity in kilograms", null)),
                decoded.errors());
        assertEquals(Seizure.builder().id("unodc-CHL-2019-cocaine-base-paste-and-salts").region("Americas")
                .subRegion("South America").countryName("Chile").countryCode("CHL").drugGroup("Cocaine-type")
                .drug("Cocaine (base, paste and salts)").year(2019).quantityKg(new BigDecimal("3.75E-01")).build(),
                decoded.records().get(1));
        assertEquals("unodc-SWE-2019-amphetamine#2", decoded.records().get(3).id());
        assertEquals("unodc-AUS-2020-lsd", decoded.records().get(4).id());
    }

    @Test
    void theDataUnodcLayoutEncodesWhenTheSubRegionIsDropped() throws Exception {
        Decoded decoded = decode(CONSTRUCTED, resource(CONSTRUCTED));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(decoded.records(), out);
        assertEquals(5, errors.size(), "the published layout has no SubRegion column");
        assertEquals(Optional.of("subRegion"), errors.get(0).field());

        List<Seizure> withoutSubRegion = decoded.records().stream()
                .map(r -> ((Seizure) r).toBuilder().subRegion(null).build()).toList();
        assertEquals(withoutSubRegion, decode("encoded.csv", encode(withoutSubRegion)).records());
    }

    @Test
    void headerNamesMatchWithoutRegardToCaseSpacesOrderOrAByteOrderMark() throws Exception {
        String csv = "\uFEFFyear, iso code ,COUNTRY,region,drug group,drug,kg equivalent\n"
                + "1990,FRA,France,Europe,Opioids,Heroin,12.5\n";
        Decoded decoded = decode("shuffled.csv", csv);
        assertEquals(List.of(), decoded.errors());
        assertEquals(Seizure.builder().id("unodc-FRA-1990-heroin").region("Europe").countryName("France")
                .countryCode("FRA").drugGroup("Opioids").drug("Heroin").year(1990)
                .quantityKg(new BigDecimal("12.5")).build(), decoded.records().get(0));
    }

    // --- per-record errors -----------------------------------------------------------------------------------

    @Test
    void badRowsAreReportedAndTheOthersDecoded() throws Exception {
        String csv = HEADER
                + "Europe,France,FRA,Opioids,Heroin,1990,1\r\n"
                + "Europe,France,FRA,Opioids,Heroin,199O,1\r\n"           // 3: a letter O in the year
                + "Europe,France,FRA,Opioids,,1990,1\r\n"                 // 4: no drug
                + "Europe,France,FRA,Opioids,NULL,1990,1\r\n"             // 5: NULL drug
                + "Europe,France,fr,Opioids,Heroin,1990,1\r\n"            // 6: lower-case code
                + "Europe,France,FRA,Opioids,Heroin,1990,-3\r\n"          // 7: negative
                + "Europe,France,FRA,Opioids,Heroin,1990,1,5\r\n"         // 8: decimal comma: one field too many
                + "Europe,France,FRA,Opioids,Heroin,1899,1\r\n"           // 9: year out of range
                + "Europe,France,FRA,Opioids,Heroin,1990,1e999\r\n"       // 10: absurd exponent
                + "Europe,France,FRA,Opioids,Heroin,1990,\u0661\u0662\r\n" // 11: Arabic-Indic digits
                + "Europe,France,FRA\r\n"                                 // 12: a short row, not the last
                + "\r\n"                                                  // 13: blank, skipped
                + "NULL,NULL,FRA,NULL,Cocaine,1991,0\r\n";                // 14: NULL optional text: unset
        Decoded decoded = decode("bad-rows.csv", csv);
        assertEquals(List.of(
                RecordError.of("line 3", "Year", "a year from 1900 to 2100", "199O"),
                RecordError.of("line 4", "Drug", "the name of the drug seized", null),
                RecordError.of("line 5", "Drug", "the name of the drug seized", "NULL"),
                RecordError.of("line 6", "ISO Code", "an ISO 3166-1 alpha-3 country code such as DZA", "fr"),
                RecordError.of("line 7", "KG Equivalent", "a quantity in kilograms, not negative", "-3"),
                RecordError.of("line 8", null, "7 fields, like the header " + HEADER.strip(), "8 fields"),
                RecordError.of("line 9", "Year", "a year from 1900 to 2100", "1899"),
                RecordError.of("line 10", "KG Equivalent", "a quantity in kilograms", "1e999"),
                RecordError.of("line 11", "KG Equivalent", "a quantity in kilograms", "\u0661\u0662"),
                RecordError.of("line 12", null, "7 fields, like the header " + HEADER.strip(), "3 fields")),
                decoded.errors());
        assertEquals(List.of(
                Seizure.builder().id("unodc-FRA-1990-heroin").region("Europe").countryName("France")
                        .countryCode("FRA").drugGroup("Opioids").drug("Heroin").year(1990)
                        .quantityKg(BigDecimal.ONE).build(),
                Seizure.builder().id("unodc-FRA-1991-cocaine").countryCode("FRA").drug("Cocaine").year(1991)
                        .quantityKg(BigDecimal.ZERO).build()),
                decoded.records());
        assertEquals("line 3, field 'Year': expected a year from 1900 to 2100, found \"199O\"",
                decoded.errors().get(0).message());
    }

    @Test
    void aRowThatFailsOnItsQuantityStillTakesItsPlaceInTheIds() throws Exception {
        String csv = HEADER
                + "Europe,Sweden,SWE,ATS,Amphetamine,1971,NULL\r\n"
                + "Europe,Sweden,SWE,ATS,Amphetamine,1971,2\r\n";
        Decoded decoded = decode("ids.csv", csv);
        assertEquals(1, decoded.errors().size());
        assertEquals("unodc-SWE-1971-amphetamine#2", decoded.records().get(0).id());
    }

    @Test
    void aQuotedRowSpanningLinesIsLocatedByItsFirstLine() throws Exception {
        String csv = HEADER
                + "Europe,\"France\r\n(metropolitan)\",FRA,Opioids,Heroin,1990,1\r\n"
                + "Europe,France,FRA,Opioids,Heroin,1990,NULL\r\n";
        Decoded decoded = decode("multiline.csv", csv);
        assertEquals(Optional.of("France\r\n(metropolitan)"), ((Seizure) decoded.records().get(0)).countryName());
        assertEquals("line 4", decoded.errors().get(0).location());
    }

    @Test
    void anOversizeFieldIsAPerRecordError() throws Exception {
        String longName = "x".repeat(SeizuresCsvFormat.MAX_FIELD_CHARS + 1);
        String csv = HEADER
                + "Europe," + longName + ",FRA,Opioids,Heroin,1990,1\r\n"
                + "Europe,France,FRA,Opioids,Heroin,1990,2\r\n";
        Decoded decoded = decode("oversize.csv", csv);
        assertEquals(1, decoded.records().size());
        RecordError error = decoded.errors().get(0);
        assertEquals("line 2", error.location());
        assertEquals(Optional.of("Country"), error.field());
        assertEquals("at most 65536 characters", error.expected());
        assertTrue(error.found().orElseThrow().startsWith("65537 characters: xxx"));
    }

    // --- unreadable tables -----------------------------------------------------------------------------------

    @Test
    void aTableCutInTheMiddleOfARowIsOneFormatException() throws Exception {
        byte[] sample = resource(SAMPLE);
        String text = new String(sample, StandardCharsets.UTF_8);
        int cut = text.indexOf("Europe,Belgium,BEL,Cannabis-type") + "Europe,Belgium,BEL,Canna".length();
        FormatException e = assertThrows(FormatException.class,
                () -> decode("truncated.csv", text.substring(0, cut)));
        assertEquals("truncated.csv: line 12: the last row stops after 4 fields and the file does not end with"
                + " a line break: the file looks truncated; expected 7 fields per row", e.getMessage());
    }

    @Test
    void aTableCutInsideAQuotedFieldIsOneFormatException() throws Exception {
        String text = new String(resource(SAMPLE), StandardCharsets.UTF_8);
        int cut = text.indexOf("\"Cocaine (base, paste") + "\"Cocaine (base".length();
        FormatException e = assertThrows(FormatException.class,
                () -> decode("truncated.csv", text.substring(0, cut)));
        assertEquals("truncated.csv: line 18: a quoted field is not closed before the end of the file: the file"
                + " looks truncated; expected a closing \"", e.getMessage());
    }

    @Test
    void aStrayQuoteIsOneFormatExceptionNamingTheLine() throws Exception {
        String csv = HEADER + "Europe,France,FRA,Opioids,Heroin,1990,1\r\n"
                + "Europe,\"France\"x,FRA,Opioids,Heroin,1990,1\r\n";
        FormatException e = assertThrows(FormatException.class, () -> decode("quote.csv", csv));
        assertTrue(e.getMessage().startsWith("quote.csv: line 3: expected a comma or the end of the row after a"
                + " quoted field's closing \""), e.getMessage());
    }

    @Test
    void aWrongHeaderIsOneFormatExceptionShowingFoundAndExpected() {
        String csv = "Country,Year,Seizures\r\nFrance,1990,3\r\n";
        FormatException e = assertThrows(FormatException.class, () -> decode("other.csv", csv));
        assertEquals("other.csv: line 1: expected the header of a UNODC seizure table, 'Region,Country,ISO Code,"
                + "Drug Group,Drug,Year,KG Equivalent' (as UNODC publishes it) or 'Region,SubRegion,"
                + "Country/Territory,msCode,Drug group,DrugSubGroup,Drug,Year,Kilograms' (the dataUNODC layout),"
                + " found 'Country,Year,Seizures'", e.getMessage());
    }

    @Test
    void binaryContentIsOneFormatExceptionNamingTheFileAndTheHeaderExpected() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 1};
        FormatException e = assertThrows(FormatException.class, () -> decode("garbage.csv", png));
        assertTrue(e.getMessage().startsWith("garbage.csv: line 1: expected the header of a UNODC seizure table,"
                + " 'Region,Country,ISO Code,Drug Group,Drug,Year,KG Equivalent'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found bytes that are not UTF-8 text (starting with bytes 89 50 4E 47 0D"
                + " 0A 1A 0A 00 00 00 0D 49 48 44 52)"), e.getMessage());
    }

    @Test
    void controlCharactersInAWrongHeaderAreShownEscaped() {
        byte[] garbage = "\u0000\u0001PK\u0003\u0004,junk\n".getBytes(StandardCharsets.UTF_8);
        FormatException e = assertThrows(FormatException.class, () -> decode("garbage.bin", garbage));
        assertTrue(e.getMessage().endsWith("found '\\u0000\\u0001PK\\u0003\\u0004,junk'"), e.getMessage());
    }

    @Test
    void anEmptyFileIsOneFormatException() {
        FormatException e = assertThrows(FormatException.class, () -> decode("empty.csv", new byte[0]));
        assertTrue(e.getMessage().startsWith("empty.csv: line 1: expected the header"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found an empty file"), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreAPerRecordErrorNamingTheLine() throws Exception {
        byte[] latin1 = (HEADER + "Europe,France,FRA,Opioids,Heroin,1990,1\r\n"
                + "Africa,C\u00f4te d'Ivoire,CIV,Opioids,Heroin,1990,1\r\n"
                + "Europe,France,FRA,Opioids,Heroin,1991,1\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Decoded decoded = decode("latin1.csv", latin1);
        assertEquals(2, decoded.records().size());
        assertEquals(List.of(RecordError.of("line 3", "Country", "UTF-8 text (re-export the table as UTF-8 CSV)",
                "C\uFFFDte d'Ivoire")), decoded.errors());
    }

    // --- limits ----------------------------------------------------------------------------------------------

    @Test
    void anUnclosedQuoteCannotPullTheRestOfAHugeFileIntoMemory() {
        StringBuilder csv = new StringBuilder(HEADER).append("Europe,\"France,FRA,Opioids,Heroin,1990,1\r\n");
        String row = "Europe,France,FRA,Opioids,Heroin,1990,1\r\n";
        while (csv.length() < 2 * SeizuresCsvFormat.MAX_ROW_CHARS) {
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
            sparse.setLength(SeizuresCsvFormat.MAX_DOCUMENT_BYTES + 1);
        }
        FormatException e = assertThrows(FormatException.class,
                () -> format.decode(Payload.ofFile("unodc", file), null));
        assertEquals("huge.csv: 268435457 bytes, more than the limit of 268435456 bytes; split the table",
                e.getMessage());
    }

    // --- accepts ---------------------------------------------------------------------------------------------

    @Test
    void acceptsBothLayoutsAndNothingElse() {
        assertTrue(format.accepts(SAMPLE, Arrays.copyOf(resource(SAMPLE), 4096)));
        assertTrue(format.accepts("export.txt", resource(CONSTRUCTED)));
        assertTrue(format.accepts("x", HEADER.getBytes(StandardCharsets.UTF_8)));
        assertTrue(format.accepts("x", ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("seizures.csv", "Country,Year,Seizures\r\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("seizures.csv", "{\"format\": \"liaison-canonical-json\"}"
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("seizures.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}));
        assertFalse(format.accepts("seizures.csv", new byte[0]));
        assertFalse(format.accepts("seizures.csv", "\"Region,".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("seizures.csv", null));
    }

    @Test
    void declaresItself() {
        assertEquals(Set.of(RecordType.SEIZURE), format.recordTypes());
        assertEquals("csv", format.fileExtension());
        assertTrue(format instanceof PartnerFormat);
    }

    // --- encode ----------------------------------------------------------------------------------------------

    @Test
    void encodesThePublishedLayoutWithCrlfAndQuotesWhereNeeded() throws Exception {
        Seizure seizure = Seizure.builder().id("S-1").region("Americas").countryName("Chile").countryCode("CHL")
                .drugGroup("Cocaine-type").drug("Cocaine (base, paste and salts)").year(1970)
                .quantityKg(new BigDecimal("1.05E-06")).build();
        Seizure bare = Seizure.builder().id("S-2").countryCode("GH").drug("Say \"no\"").year(2019)
                .quantityKg(new BigDecimal("1.25E+3")).build();
        String text = new String(encode(List.of(seizure, bare)), StandardCharsets.UTF_8);
        assertEquals(HEADER
                + "Americas,Chile,CHL,Cocaine-type,\"Cocaine (base, paste and salts)\",1970,1.05E-06\r\n"
                + ",,GHA,,\"Say \"\"no\"\"\",2019,1.25E+03\r\n", text);

        List<DataRecord> back = decode("encoded.csv", text).records();
        assertEquals(seizure.toBuilder().id("unodc-CHL-1970-cocaine-base-paste-and-salts").build(), back.get(0));
        assertEquals(bare.toBuilder().id("unodc-GHA-2019-say-no").countryCode("GHA").build(), back.get(1));
        assertEquals(-1, ((Seizure) back.get(1)).quantityKg().scale(), "1.25E+3 keeps its scale");
    }

    @Test
    void textThatASpreadsheetWouldRunIsWrittenNeutralisedAndReadBack() throws Exception {
        Seizure formulas = Seizure.builder().id("F-1").region("=HYPERLINK(\"http://x\",\"y\")")
                .countryName("+1+1").countryCode("GHA").drugGroup("@SUM(A1)").drug("-2+3").year(2019)
                .quantityKg(new BigDecimal("1.05E-06")).build();
        Seizure controls = Seizure.builder().id("F-2").region("\tTabbed").countryName("\r=CR").countryCode("CHL")
                .drugGroup("-12.5").drug("Cocaine").year(1970).quantityKg(new BigDecimal("12.5")).build();

        String text = new String(encode(List.of(formulas, controls)), StandardCharsets.UTF_8);

        assertEquals(HEADER
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1+1,GHA,'@SUM(A1),'-2+3,2019,1.05E-06\r\n"
                + "'\tTabbed,\"'\r=CR\",CHL,'-12.5,Cocaine,1970,12.5\r\n", text,
                "text cells are neutralised, even one that looks like a number; codes, years and quantities not");

        List<DataRecord> back = decode("encoded.csv", text).records();
        assertEquals(List.of(formulas.toBuilder().id("unodc-GHA-2019-2-3").build(),
                controls.toBuilder().id("unodc-CHL-1970-cocaine").build()), back);
    }

    @Test
    void textThatReallyBeginsWithAQuoteSurvivesARoundTrip() throws Exception {
        Seizure quoted = Seizure.builder().id("Q-1").region("'Ndrangheta").countryName("'=A1").countryCode("ITA")
                .drugGroup("''-x").drug("'").year(2000).quantityKg(BigDecimal.ONE).build();

        String text = new String(encode(List.of(quoted)), StandardCharsets.UTF_8);

        assertEquals(HEADER + "'Ndrangheta,''=A1,ITA,'''-x,',2000,1\r\n", text);
        assertEquals(List.of(quoted.toBuilder().id("unodc-ITA-2000-_").build()), decode("q.csv", text).records());
    }

    @Test
    void aPartnersOwnQuotedCellsReadAsTheyMean() throws Exception {
        Decoded decoded = decode("partner.csv", HEADER
                + "'Ndrangheta,'=1+1,ITA,Opioids,Heroin,2000,1\r\n"
                + "Europe,Italy,ITA,Opioids,Heroin,2001,'-1\r\n");
        Seizure first = (Seizure) decoded.records().get(0);
        assertEquals(Optional.of("'Ndrangheta"), first.region(), "a quote before anything else is kept");
        assertEquals(Optional.of("=1+1"), first.countryName(), "a neutralised formula");
        assertEquals(1, decoded.records().size());
        assertEquals(Optional.of("KG Equivalent"), decoded.errors().get(0).field(),
                "a quantity is read as a number: a quote there is no number");
    }

    @Test
    void recordsThePublishedLayoutCannotCarryAreReturnedAsErrors() throws Exception {
        Seizure good = Seizure.builder().id("ok").countryCode("FRA").drug("Heroin").year(1990)
                .quantityKg(BigDecimal.ONE).build();
        List<DataRecord> records = List.of(
                Organisation.builder().id("org-1").name("Example Ltd").build(),
                good.toBuilder().id("marked").marking(HandlingMarking.builder().tlp(Tlp.RED).build()).build(),
                good.toBuilder().id("sub").subRegion("Western Europe").build(),
                good.toBuilder().id("dated").date(LocalDate.of(1990, 5, 1)).build(),
                good.toBuilder().id("undated").year(null).build(),
                good.toBuilder().id("unknown-country").countryCode("QQ").build(),
                good.toBuilder().id("null-text").region("NULL").build(),
                good.toBuilder().id("huge").quantityKg(new BigDecimal("1E+500")).build(),
                good);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(records, out);
        assertEquals(List.of("type", "marking", "subRegion", "date", "year", "countryCode", "region", "quantityKg"),
                errors.stream().map(e -> e.field().orElseThrow()).toList());
        assertEquals("record 0 (id org-1)", errors.get(0).location());
        assertEquals("record 7 (id huge)", errors.get(7).location());
        assertEquals(HEADER + ",,FRA,,Heroin,1990,1\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void encodingNothingWritesTheHeaderOnly() throws Exception {
        assertEquals(HEADER, new String(encode(List.of()), StandardCharsets.UTF_8));
        assertEquals(List.of(), decode("empty-table.csv", HEADER).records());
    }

    @Test
    void quantitiesAreWrittenSoThatTheyReadBackEqual() {
        for (String quantity : List.of("0", "141", "0.300000012", "1.05E-06", "2.00E-07", "1.00E-04", "1E+3",
                "1.25E+3", "0.0", "0E-10", "0.00012", "5E-5", "100.50", "123456789012345678901234567890.123456789")) {
            BigDecimal value = new BigDecimal(quantity);
            String written = SeizuresCsvFormat.quantityText(value);
            assertAll(quantity, () -> assertEquals(value, TableDecoder.parseQuantity(written), written));
        }
        assertEquals("1.05E-06", SeizuresCsvFormat.quantityText(new BigDecimal("1.05E-06")));
        assertEquals("0.000100", SeizuresCsvFormat.quantityText(new BigDecimal("1.00E-04")));
        assertEquals("0.000625", SeizuresCsvFormat.quantityText(new BigDecimal("6.25E-04")));
        assertEquals("0.0054", SeizuresCsvFormat.quantityText(new BigDecimal("0.0054")));
        assertEquals("1.25E+03", SeizuresCsvFormat.quantityText(new BigDecimal("1.25E+3")));
        assertEquals("0E-10", SeizuresCsvFormat.quantityText(new BigDecimal("0E-10")));
    }

    @Test
    void slugsAreStableAndReadable() {
        assertEquals("cocaine-base-paste-and-salts", SeizureIds.slug("Cocaine (base, paste and salts)"));
        assertEquals("depressants-excluding-methaqualone", SeizureIds.slug("Depressants (excluding Methaqualone)"));
        assertEquals("ecstasy-type-substances", SeizureIds.slug("  Ecstasy-type substances "));
        assertEquals("cafe", SeizureIds.slug("Café"));
        assertEquals("_", SeizureIds.slug("???"));
        assertEquals(200, SeizureIds.slug("a".repeat(500)).length());
    }
}
