package org.liaison.plugin.unsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.RecordError;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.SanctionListing;

/**
 * FIRST_NAME to FOURTH_NAME as {@link PersonName#parts()}, and TYPE_OF_DATE APPROXIMATELY as approximate
 * {@link PartialDate}s, both ways, on the individuals of the real list. Where a test compares with the list, it reads
 * the list's XML with regular expressions of its own, not with the format under test.
 */
class NamePartsAndApproximateDatesTest {

    private static final String[] NAME_ELEMENTS = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
    private static final Pattern INDIVIDUAL = Pattern.compile("<INDIVIDUAL>.*?</INDIVIDUAL>", Pattern.DOTALL);
    private static final Pattern DATE_OF_BIRTH = Pattern.compile(
            "<INDIVIDUAL_DATE_OF_BIRTH>(.*?)</INDIVIDUAL_DATE_OF_BIRTH>", Pattern.DOTALL);
    private static final Pattern NAME_HEAD = Pattern.compile("<FIRST_NAME>.*?(?=<UN_LIST_TYPE>)", Pattern.DOTALL);

    private final ConsolidatedListFormat format = new ConsolidatedListFormat();

    // --- decoding -----------------------------------------------------------------------------------------------

    @Test
    void everyIndividualKeepsItsNamePartsInTheListsOrder() throws Exception {
        List<String> sources = Samples.individuals();
        List<Person> persons = persons(decodeReal());
        assertEquals(sources.size(), persons.size());
        int inParts = 0;
        int inFourParts = 0;
        for (int i = 0; i < sources.size(); i++) {
            List<String> parts = sourceNameParts(sources.get(i));
            PersonName name = persons.get(i).name();
            assertEquals(String.join(" ", parts), name.fullName(), sources.get(i));
            assertEquals(parts.size() > 1 ? parts : List.of(), name.parts(), sources.get(i));
            inParts += name.parts().isEmpty() ? 0 : 1;
            inFourParts += name.parts().size() == 4 ? 1 : 0;
        }
        // of 709 individuals, 9 are named in FIRST_NAME alone and 178 in all four parts
        assertEquals(700, inParts);
        assertEquals(178, inFourParts);
    }

    @Test
    void mapsTheNamePartsOfRealIndividuals() throws Exception {
        Decoded decoded = decodeReal();
        PersonName kakar = person(decoded, "TAi.149").name();
        assertEquals("SALEH MOHAMMAD KAKAR AKHTAR MUHAMMAD", kakar.fullName());
        assertEquals(List.of("SALEH", "MOHAMMAD", "KAKAR", "AKHTAR MUHAMMAD"), kakar.parts());
        assertEquals(List.of("MUHAMMAD", "OMAR", "ZADRAN"), person(decoded, "TAi.171").name().parts(),
                "FIRST_NAME, SECOND_NAME and FOURTH_NAME, without a THIRD_NAME");
        assertEquals(List.of("Abd", "Al-Rahman", "al-Milad"), person(decoded, "LYi.026").name().parts(),
                "<SECOND_NAME>Al-Rahman </SECOND_NAME><THIRD_NAME>al-Milad </THIRD_NAME>, trimmed");
        for (String reference : List.of("QDi.018", "TAi.036")) {
            PersonName whole = person(decoded, reference).name();
            assertEquals(List.of(), whole.parts(), reference + ": a name in FIRST_NAME alone is given whole");
            assertEquals(sourceNameParts(sourceIndividual(reference)), List.of(whole.fullName()), reference);
        }
    }

    @Test
    void approximatelyMakesApproximateDates() throws Exception {
        Decoded decoded = decodeReal();
        assertEquals(List.of(PartialDate.parse("1966~"), PartialDate.parse("1969~")),
                person(decoded, "TAi.057").datesOfBirth());
        assertEquals(List.of(PartialDate.parse("1962~"), PartialDate.of(1961)),
                person(decoded, "TAi.149").datesOfBirth(), "APPROXIMATELY 1962, then EXACT 1961");
        assertEquals(List.of(PartialDate.of(1964, 7, 17)), person(decoded, "KPi.033").datesOfBirth());
        assertFalse(person(decoded, "KPi.033").datesOfBirth().get(0).approximate());
        assertEquals(List.of(), person(decoded, "LYi.022").datesOfBirth(),
                "APPROXIMATELY with only the NOTE '30-35 years old' gives no date");
        assertEquals(List.of(), person(decoded, "QDi.018").datesOfBirth(), "an empty TYPE_OF_DATE, no date");
    }

    @Test
    void everyApproximateDateOfTheListIsApproximateAndNoOther() throws Exception {
        List<String> sources = Samples.individuals();
        List<Person> persons = persons(decodeReal());
        int approximate = 0;
        for (int i = 0; i < sources.size(); i++) {
            List<String> decoded = persons.get(i).datesOfBirth().stream().filter(PartialDate::approximate)
                    .map(PartialDate::toString).toList();
            List<String> expected = approximateDates(sources.get(i)).stream().map(date -> date + "~").toList();
            assertEquals(expected, decoded, sources.get(i));
            approximate += decoded.size();
        }
        assertEquals(120, approximate, "the list has 120 APPROXIMATELY dates of birth with a YEAR");
    }

    @Test
    void anApproximateRangeGivesApproximateYears() throws Exception {
        String text = Samples.withIndividual(83, listing -> listing.replace(
                "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1984</FROM_YEAR>",
                "<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><FROM_YEAR>1984</FROM_YEAR>"));
        Decoded decoded = Samples.decode(format, "approximate-range.xml", text);
        assertEquals(List.of(), decoded.errors());
        List<PartialDate> dates = person(decoded, "YEi.002").datesOfBirth();
        assertEquals(List.of(PartialDate.parse("1985~"), PartialDate.parse("1984~"), PartialDate.parse("1985~"),
                PartialDate.parse("1986~")), dates);
        SanctionListing listing = listing(decoded, "YEi.002");
        assertEquals(List.of(listing), Samples.decode(format, "again.xml", encode(List.of(listing))).records());
    }

    // --- encoding -----------------------------------------------------------------------------------------------

    @Test
    void writesTheNamePartsAsTheListGivesThem() throws Exception {
        Decoded decoded = decodeReal();
        for (String reference : List.of("TAi.149", "YEi.002", "KPi.033", "TAi.036")) {
            String written = nameHead(text(encode(List.of(listing(decoded, reference)))));
            // an empty element is a missing one, and white space around a name is not part of it
            String source = nameHead(sourceIndividual(reference)).replaceAll("<[A-Z_]+/>", "")
                    .replaceAll(">\\s+", ">").replaceAll("\\s+<", "<");
            assertEquals(source, written, reference);
        }
        assertEquals("<FIRST_NAME>SALEH</FIRST_NAME><SECOND_NAME>MOHAMMAD</SECOND_NAME><THIRD_NAME>KAKAR</THIRD_NAME>"
                + "<FOURTH_NAME>AKHTAR MUHAMMAD</FOURTH_NAME>",
                nameHead(text(encode(List.of(listing(decoded, "TAi.149"))))));
        // the list has no way to say a part is missing: the parts are written in order, from FIRST_NAME on
        assertEquals("<FIRST_NAME>MUHAMMAD</FIRST_NAME><SECOND_NAME>OMAR</SECOND_NAME><THIRD_NAME>ZADRAN</THIRD_NAME>",
                nameHead(text(encode(List.of(listing(decoded, "TAi.171"))))));
    }

    @Test
    void aNameWithoutPartsIsWrittenWholeIntoFirstName() throws Exception {
        SanctionListing listing = listing(decodeReal(), "TAi.149");
        SanctionListing whole = withName(listing, PersonName.builder().fullName("SALEH MOHAMMAD KAKAR AKHTAR MUHAMMAD")
                .build());
        String written = text(encode(List.of(whole)));
        assertEquals("<FIRST_NAME>SALEH MOHAMMAD KAKAR AKHTAR MUHAMMAD</FIRST_NAME>", nameHead(written));
        assertEquals(List.of(whole), Samples.decode(format, "whole.xml", written).records());
    }

    @Test
    void theEncodingCarriesEveryNamePartAndEveryApproximateDateOfTheList() throws Exception {
        List<String> sources = Samples.individuals();
        String encoded = text(encode(decodeReal().records()));
        List<String> written = new ArrayList<>();
        Matcher matcher = INDIVIDUAL.matcher(encoded);
        while (matcher.find()) {
            written.add(matcher.group());
        }
        assertEquals(sources.size(), written.size());
        int approximately = 0;
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(sourceNameParts(sources.get(i)), sourceNameParts(written.get(i)), written.get(i));
            assertEquals(approximateDates(sources.get(i)), approximateDates(written.get(i)), written.get(i));
            approximately += approximateDates(written.get(i)).size();
        }
        assertEquals(120, approximately);
    }

    @Test
    void writesApproximatelyForApproximateDatesAndExactForTheOthers() throws Exception {
        Decoded decoded = decodeReal();
        String yemen = text(encode(List.of(listing(decoded, "YEi.002"))));
        String dates = "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1985</YEAR>"
                + "</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>"
                + "<FROM_YEAR>1984</FROM_YEAR><TO_YEAR>1986</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>";
        assertTrue(sourceIndividual("YEi.002").contains(dates));
        assertTrue(yemen.contains(dates), yemen);

        // an exact year next to an approximate one is not a range
        SanctionListing kakar = listing(decoded, "TAi.149");
        SanctionListing reversed = withDates(kakar, PartialDate.of(1961), PartialDate.parse("1962~"));
        String written = text(encode(List.of(reversed)));
        assertTrue(written.contains("<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1961</YEAR>"
                + "</INDIVIDUAL_DATE_OF_BIRTH><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>"
                + "<YEAR>1962</YEAR></INDIVIDUAL_DATE_OF_BIRTH>"), written);
        assertEquals(List.of(reversed), Samples.decode(format, "reversed.xml", written).records());
        // nor are two consecutive approximate years
        SanctionListing about = withDates(kakar, PartialDate.parse("1961~"), PartialDate.parse("1962~"));
        written = text(encode(List.of(about)));
        assertFalse(written.contains("BETWEEN"), written);
        assertEquals(List.of(about), Samples.decode(format, "about.xml", written).records());

        // a date known to the day
        SanctionListing ri = listing(decoded, "KPi.033");
        assertTrue(text(encode(List.of(ri))).contains("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-07-17</DATE>"));
        SanctionListing riAbout = withDates(ri, PartialDate.parse("1964-07-17~"));
        written = text(encode(List.of(riAbout)));
        assertTrue(written.contains("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><DATE>1964-07-17</DATE>"), written);
        assertEquals(List.of(riAbout), Samples.decode(format, "ri.xml", written).records());
    }

    @Test
    void refusesNamePartsAndDatesTheListCannotCarry() throws Exception {
        Decoded decoded = decodeReal();
        SanctionListing kakar = listing(decoded, "TAi.149");
        SanctionListing fiveParts = withName(kakar, PersonName.builder()
                .fullName("SALEH MOHAMMAD KAKAR AKHTAR MUHAMMAD").parts("SALEH", "MOHAMMAD", "KAKAR", "AKHTAR",
                        "MUHAMMAD").build());
        SanctionListing spaced = withName(kakar, PersonName.builder().fullName("SALEH MOHAMMAD KAKAR AKHTAR  MUHAMMAD")
                .parts("SALEH", "MOHAMMAD", "KAKAR", "AKHTAR  MUHAMMAD").build());
        SanctionListing aboutAMonth = withDates(kakar, PartialDate.parse("1962-03~"));
        SanctionListing ri = listing(decoded, "KPi.033");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(List.of(fiveParts, spaced, aboutAMonth, ri), out);

        assertEquals(List.of("record 0 (id " + kakar.id() + ")", "record 1 (id " + kakar.id() + ")",
                "record 2 (id " + kakar.id() + ")"), errors.stream().map(RecordError::location).toList());
        assertEquals("person.name.parts", errors.get(0).field().orElseThrow());
        assertTrue(errors.get(0).expected().contains("at most 4 parts (FIRST_NAME to FOURTH_NAME)"),
                errors.get(0).message());
        assertEquals("[SALEH, MOHAMMAD, KAKAR, AKHTAR, MUHAMMAD]", errors.get(0).found().orElseThrow());
        assertEquals("person.name.parts", errors.get(1).field().orElseThrow());
        assertEquals("'AKHTAR  MUHAMMAD'", errors.get(1).found().orElseThrow());
        assertEquals("person.datesOfBirth", errors.get(2).field().orElseThrow());
        assertEquals("1962-03~", errors.get(2).found().orElseThrow());
        assertEquals(List.of(ri), Samples.decode(format, "left.xml", out.toByteArray()).records());
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private Decoded decodeReal() throws Exception {
        Decoded decoded = Samples.decode(format, Samples.REAL, Samples.real());
        assertEquals(List.of(), decoded.errors());
        return decoded;
    }

    private byte[] encode(List<? extends DataRecord> records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(List.of(), format.encode(records, out));
        return out.toByteArray();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static List<Person> persons(Decoded decoded) {
        return decoded.records().stream().map(SanctionListing.class::cast)
                .flatMap(listing -> listing.person().stream()).toList();
    }

    private static SanctionListing listing(Decoded decoded, String reference) {
        return decoded.records().stream().map(SanctionListing.class::cast)
                .filter(listing -> listing.referenceNumber().equals(reference)).findFirst().orElseThrow();
    }

    private static Person person(Decoded decoded, String reference) {
        return listing(decoded, reference).person().orElseThrow();
    }

    private static SanctionListing withName(SanctionListing listing, PersonName name) {
        return listing.toBuilder().person(listing.person().orElseThrow().toBuilder().name(name.toBuilder()
                .originalScript(listing.person().orElseThrow().name().originalScript().orElse(null)).build())
                .build()).build();
    }

    private static SanctionListing withDates(SanctionListing listing, PartialDate... dates) {
        return listing.toBuilder().person(listing.person().orElseThrow().toBuilder().datesOfBirth(dates).build())
                .build();
    }

    /** The INDIVIDUAL of the real list with that reference number, as text. */
    private static String sourceIndividual(String reference) {
        return Samples.individuals().stream()
                .filter(individual -> individual.contains("<REFERENCE_NUMBER>" + reference + "</REFERENCE_NUMBER>"))
                .findFirst().orElseThrow();
    }

    /** FIRST_NAME to FOURTH_NAME as written, up to UN_LIST_TYPE. */
    private static String nameHead(String xml) {
        Matcher matcher = NAME_HEAD.matcher(xml);
        assertTrue(matcher.find(), xml);
        return matcher.group();
    }

    /** The non-blank name parts of an INDIVIDUAL, trimmed, with runs of white space made one space. */
    private static List<String> sourceNameParts(String individual) {
        List<String> parts = new ArrayList<>();
        for (String name : NAME_ELEMENTS) {
            Matcher matcher = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(individual);
            if (matcher.find()) {
                String part = unescape(matcher.group(1)).strip().replaceAll("\\s+", " ");
                if (!part.isEmpty()) {
                    parts.add(part);
                }
            }
        }
        return parts;
    }

    /** The YEAR or DATE of each INDIVIDUAL_DATE_OF_BIRTH whose TYPE_OF_DATE is APPROXIMATELY, in order. */
    private static List<String> approximateDates(String individual) {
        List<String> dates = new ArrayList<>();
        Matcher birth = DATE_OF_BIRTH.matcher(individual);
        while (birth.find()) {
            if (!birth.group(1).contains("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>")) {
                continue;
            }
            Matcher value = Pattern.compile("<(YEAR|DATE)>([^<]*)</\\1>").matcher(birth.group(1));
            while (value.find()) {
                dates.add(value.group(2).strip());
            }
        }
        return dates;
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
