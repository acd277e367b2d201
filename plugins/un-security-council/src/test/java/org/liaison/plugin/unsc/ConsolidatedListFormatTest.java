package org.liaison.plugin.unsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.Address;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.IdentityDocument;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.Sex;
import org.liaison.api.record.SubjectKind;
import org.w3c.dom.Document;

class ConsolidatedListFormatTest {

    private static final String INDIVIDUALS = "/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL";

    private final ConsolidatedListFormat format = new ConsolidatedListFormat();

    private Decoded decodeReal() throws FormatException {
        return Samples.decode(format, Samples.REAL, Samples.real());
    }

    private static SanctionListing byReference(Decoded decoded, String reference) {
        return decoded.records().stream().map(SanctionListing.class::cast)
                .filter(listing -> listing.referenceNumber().equals(reference)).findFirst().orElseThrow();
    }

    /** The one error about the n-th INDIVIDUAL. */
    private static RecordError errorIn(Decoded decoded, int n) {
        List<RecordError> errors = decoded.errors().stream()
                .filter(error -> error.location().startsWith(INDIVIDUALS + "[" + n + "]")).toList();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    private byte[] encode(List<? extends DataRecord> records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(List.of(), format.encode(records, out));
        return out.toByteArray();
    }

    // --- the real sample -------------------------------------------------------------------------------------

    @Test
    void decodesEveryListingOfTheRealSample() throws Exception {
        Decoded decoded = decodeReal();
        assertEquals(1014, decoded.records().size(), decoded.toString());
        Map<SubjectKind, Long> kinds = decoded.records().stream().map(SanctionListing.class::cast)
                .collect(Collectors.groupingBy(SanctionListing::subjectKind, Collectors.counting()));
        assertEquals(Map.of(SubjectKind.INDIVIDUAL, 709L, SubjectKind.ENTITY, 305L), kinds);
        assertTrue(decoded.records().stream().allMatch(record -> record.type() == RecordType.SANCTION_LISTING));
        // 21 documents without a NUMBER and 8 nationalities that name no country: warnings, their listings are kept
        assertEquals(List.of(), decoded.errors());
        assertEquals(29, decoded.warnings().size(), decoded.warnings().toString());
        assertTrue(decoded.warnings().stream().allMatch(warning -> warning.expected().endsWith("kept without it")),
                decoded.warnings().toString());
    }

    @Test
    void mapsAnIndividualFieldByField() throws Exception {
        SanctionListing listing = (SanctionListing) decodeReal().records().get(0);
        assertEquals("6908555", listing.id());
        assertEquals("KPi.033", listing.referenceNumber());
        assertEquals("DPRK", listing.listType());
        assertEquals(SubjectKind.INDIVIDUAL, listing.subjectKind());
        assertEquals(LocalDate.of(2016, 11, 30), listing.listedOn().orElseThrow());
        assertEquals(List.of(), listing.lastUpdated(), "LAST_DAY_UPDATED/VALUE is empty");
        assertEquals("Ri Won Ho is a DPRK Ministry of State Security Official stationed in Syria supporting KOMID.",
                listing.comments().orElseThrow());
        Person person = listing.person().orElseThrow();
        assertEquals("6908555", person.id());
        assertEquals(PersonName.builder().fullName("RI WON HO").parts("RI", "WON HO").build(), person.name(),
                "<FIRST_NAME> RI </FIRST_NAME><SECOND_NAME>WON HO</SECOND_NAME>: trimmed parts, and joined");
        assertEquals(List.of(), person.aliases(), "an empty INDIVIDUAL_ALIAS is no alias");
        assertEquals(Set.of("KP"), person.nationalities());
        assertEquals(List.of(PartialDate.of(1964, 7, 17)), person.datesOfBirth());
        assertEquals(List.of(IdentityDocument.builder().type("Passport").number("381310014").build()),
                person.documents());
        assertEquals(List.of(), person.addresses(), "an empty INDIVIDUAL_ADDRESS is no address");
        assertTrue(person.placeOfBirth().isEmpty() && person.countryOfBirth().isEmpty());
    }

    @Test
    void keepsOriginalScriptAliasesQualityGenderAndEveryYearOfARange() throws Exception {
        Person person = byReference(decodeReal(), "YEi.002").person().orElseThrow();
        assertEquals("ABDULLAH YAHYA AL HAKIM", person.name().fullName());
        assertEquals("عبد الله يحيى الحاكم", person.name().originalScript().orElseThrow());
        assertEquals(5, person.aliases().size());
        assertEquals(PersonName.builder().fullName("Abdallah al-Mu’ayyad").quality("Good").build(),
                person.aliases().get(4));
        assertEquals(Sex.MALE, person.sex().orElseThrow());
        // APPROXIMATELY 1985, then BETWEEN 1984 and 1986: every year of the range is a possible year of birth
        assertEquals(List.of(PartialDate.parse("1985~"), PartialDate.of(1984), PartialDate.of(1985),
                PartialDate.of(1986)), person.datesOfBirth());
        assertEquals("Dahyan; Sa'dah Governorate", person.placeOfBirth().orElseThrow());
        assertEquals("YE", person.countryOfBirth().orElseThrow());
        assertEquals(List.of(Address.builder().city("Dahyan").region("Sa’dah Governorate").country("YE").build()),
                person.addresses());
    }

    @Test
    void readsDatesWithATimeZoneAndSeveralUpdates() throws Exception {
        Decoded decoded = decodeReal();
        SanctionListing houthi = byReference(decoded, "YEi.004");
        assertEquals(LocalDate.of(2015, 4, 14), houthi.listedOn().orElseThrow(), "<LISTED_ON>2015-04-14-04:00");
        assertEquals(List.of(LocalDate.of(2016, 8, 26)), houthi.lastUpdated());
        assertEquals("Leader of Yemen's Houthi Movement. Has engaged in acts that threaten the\n"
                + "peace, security, or stability of Yemen.", houthi.comments().orElseThrow());
        assertEquals(List.of(LocalDate.of(2003, 9, 3), LocalDate.of(2007, 7, 18), LocalDate.of(2007, 9, 21),
                LocalDate.of(2012, 2, 13)), byReference(decoded, "TAi.024").lastUpdated());
    }

    @Test
    void mapsAnEntity() throws Exception {
        SanctionListing listing = byReference(decodeReal(), "IQe.206");
        assertEquals("6908341", listing.id());
        assertEquals("Iraq", listing.listType());
        assertEquals(LocalDate.of(2004, 6, 2), listing.listedOn().orElseThrow());
        assertTrue(listing.comments().isEmpty() && listing.person().isEmpty());
        Organisation organisation = listing.organisation().orElseThrow();
        assertEquals("ALFA COMPANY LIMITED FOR INTERNATIONAL TRADING AND MARKETING", organisation.name());
        assertEquals(List.of("ALFA TRADING COMPANY", "ALFA INVESTMENT AND INTERNATIONAL TRADING"),
                organisation.aliases());
        assertEquals(List.of(Address.builder().street("P.O. Box 910606").city("Amman").postalCode("11191")
                .country("JO").build()), organisation.addresses());
    }

    @Test
    void reportsWhatItLeavesOutOfAKeptListingAtItsPath() throws Exception {
        List<RecordError> errors = decodeReal().warnings();
        RecordError nationality = errors.stream().filter(error -> error.location().startsWith(INDIVIDUALS + "[59]/"))
                .findFirst().orElseThrow();
        assertEquals(INDIVIDUALS + "[59]/NATIONALITY/VALUE", nationality.location());
        assertEquals("NATIONALITY", nationality.field().orElseThrow());
        assertEquals("Bahrain (citizenship revoked in Jan. 2015)", nationality.found().orElseThrow());
        RecordError document = errors.stream()
                .filter(error -> error.location().equals(INDIVIDUALS + "[95]/INDIVIDUAL_DOCUMENT[3]/NUMBER"))
                .findFirst().orElseThrow();
        assertEquals("NUMBER", document.field().orElseThrow());
        assertTrue(document.found().orElseThrow().contains("DAOMMD74T11Z352Z"), document.message());
    }

    @Test
    void theRealSampleSurvivesARoundTrip() throws Exception {
        Decoded decoded = decodeReal();
        byte[] encoded = encode(decoded.records());
        Decoded again = Samples.decode(format, "encoded.xml", encoded);
        assertEquals(List.of(), again.errors());
        assertEquals(decoded.records(), again.records());
        assertEquals(new String(encoded, StandardCharsets.UTF_8),
                new String(encode(again.records()), StandardCharsets.UTF_8), "encoding is stable");
        assertTrue(format.accepts("encoded.xml", java.util.Arrays.copyOf(encoded, 4096)));
    }

    @Test
    void readsThePrettyPrintedLayoutLikeTheCompactOne() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(Samples.real()));
        // keep a part of the sample: the first 60 individuals and the first 40 entities
        trim(document, "INDIVIDUAL", 60);
        trim(document, "ENTITY", 40);
        Transformer compact = TransformerFactory.newInstance().newTransformer();
        Transformer pretty = TransformerFactory.newInstance().newTransformer();
        pretty.setOutputProperty(OutputKeys.INDENT, "yes");
        pretty.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        String compactText = serialise(compact, stripWhitespace(document, true));
        String prettyText = serialise(pretty, stripWhitespace(document, false));
        assertTrue(prettyText.contains("<INDIVIDUAL>\n") || prettyText.contains("<INDIVIDUAL>\r\n"),
                "each element on its own line: " + prettyText.substring(0, 600));
        assertFalse(compactText.contains("<INDIVIDUAL>\n"));

        Decoded fromCompact = Samples.decode(format, "compact.xml", compactText);
        Decoded fromPretty = Samples.decode(format, "pretty.xml", prettyText);
        assertEquals(100, fromCompact.records().size());
        assertEquals(fromCompact.records(), fromPretty.records());
        assertEquals(fromCompact.errors(), fromPretty.errors());
        assertEquals(fromCompact.warnings(), fromPretty.warnings());
        assertEquals(decodeReal().records().subList(0, 60), fromPretty.records().subList(0, 60));
    }

    private static void trim(Document document, String tag, int keep) {
        org.w3c.dom.NodeList listings = document.getElementsByTagName(tag);
        for (int i = listings.getLength() - 1; i >= keep; i--) {
            listings.item(i).getParentNode().removeChild(listings.item(i));
        }
    }

    /** Removes white-space-only text between elements, so that the output is compact (or indented afresh). */
    private static Document stripWhitespace(Document document, boolean unused) throws Exception {
        Document copy = (Document) document.cloneNode(true);
        javax.xml.xpath.XPath xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        org.w3c.dom.NodeList blanks = (org.w3c.dom.NodeList) xpath.evaluate(
                "//*[*]/text()[normalize-space(.)='']", copy, javax.xml.xpath.XPathConstants.NODESET);
        for (int i = 0; i < blanks.getLength(); i++) {
            blanks.item(i).getParentNode().removeChild(blanks.item(i));
        }
        return copy;
    }

    private static String serialise(Transformer transformer, Document document) throws Exception {
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString();
    }

    // --- per-record errors ------------------------------------------------------------------------------------

    @Test
    void aBadDateLeavesOutItsListingWithThePathAndTheOthersAreDecoded() throws Exception {
        String text = Samples.withIndividual(17, listing -> listing.replaceFirst("<LISTED_ON>[^<]*</LISTED_ON>",
                "<LISTED_ON>2016-13-45</LISTED_ON>"));
        Decoded decoded = Samples.decode(format, "bad-date.xml", text);
        assertEquals(1013, decoded.records().size());
        RecordError error = errorIn(decoded, 17);
        assertEquals(INDIVIDUALS + "[17]/LISTED_ON", error.location());
        assertEquals("LISTED_ON", error.field().orElseThrow());
        assertEquals("a date like 2016-11-30", error.expected());
        assertEquals("2016-13-45", error.found().orElseThrow());
    }

    @Test
    void aBadDateOfBirthIsReportedAtItsPosition() throws Exception {
        String text = Samples.withIndividual(2, listing -> listing.replace("<DATE>1964-01-10</DATE>",
                "<DATE>10.01.1964</DATE>"));
        RecordError error = errorIn(Samples.decode(format, "bad-dob.xml", text), 2);
        assertEquals(INDIVIDUALS + "[2]/INDIVIDUAL_DATE_OF_BIRTH/DATE", error.location());
        assertEquals("10.01.1964", error.found().orElseThrow());
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        String text = Samples.withIndividual(3, listing -> listing.replaceFirst(
                "<REFERENCE_NUMBER>[^<]*</REFERENCE_NUMBER>", ""));
        Decoded decoded = Samples.decode(format, "missing.xml", text);
        assertEquals(1013, decoded.records().size());
        RecordError error = errorIn(decoded, 3);
        assertEquals(INDIVIDUALS + "[3]/REFERENCE_NUMBER", error.location());
        assertEquals("REFERENCE_NUMBER", error.field().orElseThrow());
        assertTrue(error.found().isEmpty());

        String noName = Samples.withIndividual(1, listing -> listing.replace("<FIRST_NAME> RI </FIRST_NAME>"
                + "<SECOND_NAME>WON HO</SECOND_NAME>", "<FIRST_NAME/>"));
        RecordError nameless = errorIn(Samples.decode(format, "nameless.xml", noName), 1);
        assertEquals(INDIVIDUALS + "[1]/FIRST_NAME", nameless.location());
        assertEquals("a name in FIRST_NAME to FOURTH_NAME", nameless.expected());
    }

    @Test
    void unknownCodesAndImpossibleRangesAreErrors() throws Exception {
        String gender = Samples.withIndividual(83, listing -> listing.replace("<GENDER>Male</GENDER>",
                "<GENDER>M</GENDER>"));
        RecordError genderError = errorIn(Samples.decode(format, "gender.xml", gender), 83);
        assertEquals(INDIVIDUALS + "[83]/GENDER", genderError.location());
        assertEquals("Male, Female or Unknown", genderError.expected());

        String range = Samples.withIndividual(83, listing -> listing.replace("<TO_YEAR>1986</TO_YEAR>",
                "<TO_YEAR>1980</TO_YEAR>"));
        RecordError rangeError = errorIn(Samples.decode(format, "range.xml", range), 83);
        assertEquals(INDIVIDUALS + "[83]/INDIVIDUAL_DATE_OF_BIRTH[2]/TO_YEAR", rangeError.location());

        String type = Samples.withIndividual(1, listing -> listing.replace("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE>",
                "<TYPE_OF_DATE>ROUGHLY</TYPE_OF_DATE>"));
        assertEquals("EXACT, APPROXIMATELY or BETWEEN",
                errorIn(Samples.decode(format, "type.xml", type), 1).expected());
    }

    @Test
    void anOversizeFieldLeavesOutItsListingOnly() throws Exception {
        String text = Samples.withIndividual(5, listing -> listing.replaceFirst("<COMMENTS1>",
                "<COMMENTS1>" + "x".repeat(ConsolidatedListFormat.MAX_FIELD_CHARS + 1)));
        Decoded decoded = Samples.decode(format, "oversize.xml", text);
        assertEquals(1013, decoded.records().size());
        RecordError error = errorIn(decoded, 5);
        assertEquals(INDIVIDUALS + "[5]/COMMENTS1", error.location());
        assertEquals("COMMENTS1", error.field().orElseThrow());
        assertTrue(error.expected().contains(String.valueOf(ConsolidatedListFormat.MAX_FIELD_CHARS)),
                error.message());
    }

    // --- unreadable documents -----------------------------------------------------------------------------------

    @Test
    void aTruncatedDocumentIsOneClearErrorNamingThePayloadAndThePlace() {
        byte[] real = Samples.real();
        byte[] half = java.util.Arrays.copyOf(real, real.length / 2);
        FormatException error = assertThrows(FormatException.class,
                () -> Samples.decode(format, "truncated.xml", half));
        String message = error.getMessage();
        assertTrue(message.startsWith("truncated.xml: "), message);
        assertTrue(message.contains("at line "), message);
        assertTrue(message.contains("/CONSOLIDATED_LIST/"), message);
        assertTrue(message.contains("expected a complete Consolidated List document"), message);
        assertFalse(message.contains("\n") || message.contains("ParseError"), message);
    }

    @Test
    void otherDocumentsAreRefusedWithWhatWasExpected() {
        FormatException json = assertThrows(FormatException.class,
                () -> Samples.decode(format, "x.json", "{\"format\": \"liaison-canonical-json\"}"));
        assertTrue(json.getMessage().startsWith("x.json: "), json.getMessage());
        FormatException empty = assertThrows(FormatException.class, () -> Samples.decode(format, "e.xml", ""));
        assertTrue(empty.getMessage().startsWith("e.xml: "), empty.getMessage());
        FormatException root = assertThrows(FormatException.class,
                () -> Samples.decode(format, "sdn.xml", "<?xml version=\"1.0\"?><sdnList><sdnEntry/></sdnList>"));
        assertEquals("sdn.xml: expected the root element <CONSOLIDATED_LIST> of the UN Security Council"
                + " Consolidated List, found <sdnList>", root.getMessage());
        FormatException latin = assertThrows(FormatException.class, () -> Samples.decode(format, "bad.xml",
                new byte[] {'<', 'C', 'O', 'N', 'S', 'O', 'L', 'I', 'D', 'A', 'T', 'E', 'D', '_', 'L', 'I', 'S',
                        'T', '>', (byte) 0xC3, (byte) 0x28, '<', '/'}));
        assertTrue(latin.getMessage().startsWith("bad.xml: "), latin.getMessage());
    }

    @Test
    void refusesDtdsAndNeverResolvesExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
                + "<FIRST_NAME>&xxe;</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
                + "<REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>";
        List<DataRecord> seen = new java.util.ArrayList<>();
        FormatException error = assertThrows(FormatException.class, () -> format.decode(
                org.liaison.api.transport.Payload.ofBytes("unsc", "xxe.xml", xxe.getBytes(StandardCharsets.UTF_8)),
                new org.liaison.api.format.DecodeSink() {
                    @Override
                    public void record(DataRecord record) {
                        seen.add(record);
                    }

                    @Override
                    public void error(RecordError recordError) {
                    }
                }));
        assertTrue(error.getMessage().startsWith("xxe.xml: "), error.getMessage());
        assertTrue(error.getMessage().contains("DTD"), error.getMessage());
        assertFalse(error.getMessage().contains("TOP-SECRET"), error.getMessage());
        assertEquals(List.of(), seen);

        String external = "<?xml version=\"1.0\"?><!DOCTYPE CONSOLIDATED_LIST SYSTEM \"http://127.0.0.1:9/list.dtd\">"
                + "<CONSOLIDATED_LIST/>";
        assertTrue(assertThrows(FormatException.class, () -> Samples.decode(format, "ext.xml", external))
                .getMessage().contains("DTD"));

        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;"
                + "&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>";
        assertThrows(FormatException.class, () -> Samples.decode(format, "lolz.xml", laughs));
    }

    @Test
    void refusesADocumentOverTheSizeLimit() throws Exception {
        ConsolidatedListFormat small = new ConsolidatedListFormat(100_000, ConsolidatedListFormat.MAX_FIELD_CHARS);
        FormatException error = assertThrows(FormatException.class,
                () -> Samples.decode(small, Samples.REAL, Samples.real()));
        assertEquals(Samples.REAL + ": larger than the limit of 100000 bytes for a Consolidated List document",
                error.getMessage());
    }

    @Test
    void theByteCounterStopsContentLongerThanItsLimitWhateverItsDeclaredSize() throws Exception {
        try (InputStream in = new ConsolidatedListFormat.LimitedInputStream(
                new ByteArrayInputStream(new byte[5000]), 4096)) {
            assertThrows(ConsolidatedListFormat.LimitedInputStream.LimitExceeded.class, in::readAllBytes);
        }
        try (InputStream in = new ConsolidatedListFormat.LimitedInputStream(
                new ByteArrayInputStream(new byte[4096]), 4096)) {
            assertEquals(4096, in.readAllBytes().length);
        }
    }

    // --- encode -----------------------------------------------------------------------------------------------

    static SanctionListing individual() {
        Person person = Person.builder().id("7000001")
                .name(PersonName.builder().fullName("SAMPLE ONE PERSON").originalScript("عينة").build())
                .aliases(PersonName.builder().fullName("Sample Uno").quality("Low").build(),
                        PersonName.builder().fullName("S. One").build())
                .sex(Sex.FEMALE)
                .datesOfBirth(PartialDate.of(1970, 2, 3), PartialDate.of(1971), PartialDate.of(1975),
                        PartialDate.of(1976), PartialDate.of(1977))
                .placeOfBirth("Kandahar; Kabul").countryOfBirth("AF")
                .nationalities("AF", "KP", "CI", "BA")
                .documents(IdentityDocument.builder().type("Passport").number("X 123").issuingCountry("IR")
                        .note("issued on 1 Jan. 2001; city of issue: Tehran").build())
                .addresses(Address.builder().street("1 <Main> & Co Street").city("Kabul").region("Kabul")
                                .postalCode("1001").country("AF").note("previous").build(),
                        Address.builder().note("Sudan/South Sudan").build())
                .build();
        return SanctionListing.builder().id("7000001").referenceNumber("TAi.999").listType("Taliban")
                .subjectKind(SubjectKind.INDIVIDUAL).person(person).listedOn(LocalDate.of(2001, 1, 25))
                .lastUpdated(LocalDate.of(2007, 7, 27), LocalDate.of(2010, 7, 21))
                .comments("Line one.\r\nLine two, with \"quotes\" and <tags>.").build();
    }

    static SanctionListing entity() {
        Organisation organisation = Organisation.builder().id("7000002").name("EXAMPLE TRADING LLC")
                .aliases("EXAMPLE TRADING", "EX-TRADING")
                .addresses(Address.builder().street("PO Box 1").city("Dubai").country("AE").build()).build();
        return SanctionListing.builder().id("7000002").referenceNumber("QDe.999").listType("Al-Qaida")
                .subjectKind(SubjectKind.ENTITY).organisation(organisation).build();
    }

    @Test
    void everyFieldTheListCarriesSurvivesARoundTrip() throws Exception {
        List<SanctionListing> records = List.of(individual(), entity());
        byte[] encoded = encode(records);
        String text = new String(encoded, StandardCharsets.UTF_8);
        assertTrue(text.contains("<FIRST_NAME>SAMPLE ONE PERSON</FIRST_NAME><UN_LIST_TYPE>"),
                "a name without parts is written whole into FIRST_NAME: " + text);
        assertTrue(text.contains("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1975</FROM_YEAR>"
                + "<TO_YEAR>1977</TO_YEAR>"), text);
        assertTrue(text.contains("<VALUE>Democratic People's Republic of Korea</VALUE>"), text);
        assertTrue(text.contains("&#13;"), "a carriage return survives as a character reference: " + text);
        Decoded decoded = Samples.decode(format, "mine.xml", encoded);
        assertEquals(List.of(), decoded.errors());
        assertEquals(records, decoded.records());
    }

    @Test
    void recordsTheListCannotCarryAreReportedAndLeftOut() throws Exception {
        SanctionListing marked = individual().toBuilder().id("m1")
                .person(individual().person().orElseThrow().toBuilder().id("m1").build())
                .marking(HandlingMarking.builder().tlp(Tlp.AMBER).build()).build();
        SanctionListing monthDate = individual().toBuilder().person(individual().person().orElseThrow()
                .toBuilder().datesOfBirth(PartialDate.of(1973, 11)).build()).build();
        SanctionListing otherId = individual().toBuilder().person(individual().person().orElseThrow()
                .toBuilder().id("someone-else").build()).build();
        SanctionListing heights = individual().toBuilder().person(individual().person().orElseThrow()
                .toBuilder().heightMetres(1.8).build()).build();
        Person person = individual().person().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(List.of(person, marked, monthDate, entity(), otherId, heights),
                out);
        assertEquals(List.of("record 0", "record 1 (id m1)", "record 2 (id 7000001)", "record 4 (id 7000001)",
                "record 5 (id 7000001)"), errors.stream().map(RecordError::location).toList());
        assertEquals("type", errors.get(0).field().orElseThrow());
        assertEquals("marking", errors.get(1).field().orElseThrow());
        assertEquals("person.datesOfBirth", errors.get(2).field().orElseThrow());
        assertEquals("person.id", errors.get(3).field().orElseThrow());
        assertEquals(List.of(entity()), Samples.decode(format, "left.xml", out.toByteArray()).records());
    }

    @Test
    void encodesNothingAsAnEmptyListItReadsBack() throws Exception {
        byte[] encoded = encode(List.of());
        assertEquals(List.of(), Samples.decode(format, "empty.xml", encoded).records());
    }

    // --- the rest of the contract -------------------------------------------------------------------------------

    @Test
    void acceptsTheConsolidatedListOnly() {
        assertTrue(format.accepts(Samples.REAL, java.util.Arrays.copyOf(Samples.real(), 4096)));
        assertTrue(format.accepts("list", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST>".getBytes(
                StandardCharsets.UTF_8)));
        assertFalse(format.accepts("x.xml", "<?xml version=\"1.0\"?><sdnList>".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("x.xml", "<CONSOLIDATED_LISTING>".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("x.json", "{\"format\": \"liaison-canonical-json\"}".getBytes(
                StandardCharsets.UTF_8)));
        assertFalse(format.accepts("x", new byte[0]));
    }

    @Test
    void carriesSanctionListingsAsXml() {
        assertEquals(Set.of(RecordType.SANCTION_LISTING), format.recordTypes());
        assertEquals("xml", format.fileExtension());
    }

    @Test
    void decodesConcurrentlyWithTheSameResult() throws Exception {
        Decoded expected = decodeReal();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Decoded>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(this::decodeReal));
            }
            for (Future<Decoded> run : runs) {
                Decoded decoded = run.get();
                assertEquals(expected.records(), decoded.records());
                assertEquals(expected.errors(), decoded.errors());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
