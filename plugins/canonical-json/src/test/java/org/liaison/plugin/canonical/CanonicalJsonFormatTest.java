package org.liaison.plugin.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.google.gson.stream.JsonWriter;

import org.junit.jupiter.api.Test;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.Address;
import org.liaison.api.record.Charge;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.GeoPoint;
import org.liaison.api.record.IdentityDocument;
import org.liaison.api.record.ActorRole;
import org.liaison.api.record.GranularMarking;
import org.liaison.api.record.Incident;
import org.liaison.api.record.IncidentActor;
import org.liaison.api.record.Interest;
import org.liaison.api.record.Notice;
import org.liaison.api.record.NoticeKind;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.OwnershipRelation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.SanctionListing;
import org.liaison.api.record.Seizure;
import org.liaison.api.record.Sex;
import org.liaison.api.record.SubjectKind;
import org.liaison.api.record.ThreatIndicator;
import org.liaison.api.transport.Payload;

class CanonicalJsonFormatTest {

    private final CanonicalJsonFormat format = new CanonicalJsonFormat();

    static Person person() {
        return Person.builder().id("2021/81307")
                .name(PersonName.builder().fullName("SAMPLE Jane").familyName("SAMPLE").givenNames("Jane")
                        .originalScript("サンプル").build())
                .aliases(PersonName.builder().fullName("J. Sample").quality("low").build(),
                        PersonName.builder().fullName("JANE ABU SAMPLE").parts("JANE", "ABU", "SAMPLE").build())
                .sex(Sex.FEMALE)
                .datesOfBirth(PartialDate.parse("1979"), PartialDate.parse("1979/01/17"), PartialDate.parse("1978~"))
                .dateOfDeath(PartialDate.parse("2020-05"))
                .placeOfBirth("Accra").countryOfBirth("GH").nationalities("GH", "CO").languages("en", "es")
                .heightMetres(1.68).weightKg(61.0).eyeColours("BRO").hairColours("BLA")
                .distinguishingMarks("scar on left hand")
                .documents(IdentityDocument.builder().type("passport").number("G1234567").issuingCountry("GH")
                        .build())
                .addresses(Address.builder().city("Accra").country("GH").build())
                .build();
    }

    static List<DataRecord> oneOfEachType() {
        Organisation organisation = Organisation.builder().id("org-1").name("Example Shipping Ltd")
                .aliases("ESL").jurisdiction("PA").identifiers(Map.of("registry", "12345"))
                .foundingDate(PartialDate.parse("2004-03")).build();
        return List.of(
                person(),
                organisation,
                Notice.builder().id("2021/81307").kind(NoticeKind.RED).subject(person())
                        .charges(Charge.builder().country("CO").text("Drug trafficking").build())
                        .requestingCountries("CO").publishedOn(PartialDate.parse("2021-12-11"))
                        .marking(HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H2").build()).build(),
                SanctionListing.builder().id("QDe.001").referenceNumber("QDe.001").listType("Al-Qaida")
                        .subjectKind(SubjectKind.ENTITY).organisation(organisation)
                        .listedOn(LocalDate.of(2001, 10, 6)).lastUpdated(LocalDate.of(2019, 4, 2))
                        .comments("Review pursuant to resolution 1822").build(),
                Seizure.builder().id("unodc-1").countryCode("GHA").countryName("Ghana").region("Africa")
                        .drugGroup("Cocaine-type").drug("Cocaine").year(2019)
                        .quantityKg(new BigDecimal("1.25E+3")).build(),
                Incident.builder().id("SOM12345").date(LocalDate.of(2025, 1, 3)).eventType("Battles")
                        .subEventType("Armed clash").actorRoles(IncidentActor.of("Al Shabaab", ActorRole.ACTOR_1),
                                IncidentActor.of("Military Forces of Somalia", ActorRole.ACTOR_2))
                        .countryCode("SO").location("Mogadishu")
                        .point(GeoPoint.builder().latitude(2.0371).longitude(45.3438).precision(1).build())
                        .fatalities(3).sources("Garowe Online").tags("local administrators").build(),
                ThreatIndicator.builder().id("indicator--a932fcc6-e032-476c-826f-cb970a5a1ade")
                        .objectType("indicator").name("File hash for Poison Ivy variant")
                        .pattern("[file:hashes.'SHA-256' = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c']")
                        .patternType("stix").validFrom(Instant.parse("2014-02-20T09:16:08Z"))
                        .labels("malicious-activity")
                        .granularMarkings(GranularMarking.of(HandlingMarking.of(Tlp.RED), "description", "name"))
                        .build(),
                OwnershipRelation.builder().id("rel-1").subjectId("org-1").interestedPartyId("2021/81307")
                        .interests(Interest.builder().type("shareholding").directOrIndirect("direct")
                                .shareMin(new BigDecimal("25")).shareMax(new BigDecimal("50"))
                                .startDate(PartialDate.parse("2016")).details("Class A shares").build())
                        .statementDate(PartialDate.parse("2017-11-18")).closed(true).build());
    }

    private byte[] encode(List<? extends DataRecord> records) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(List.of(), format.encode(records, out));
        return out.toByteArray();
    }

    private Decoded decode(String json) throws FormatException {
        return Decoded.decode(format, Payload.ofBytes("interpol", "sample.json", json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyRecordTypeSurvivesARoundTrip() throws Exception {
        List<DataRecord> records = oneOfEachType();
        assertEquals(RecordType.values().length, records.stream().map(DataRecord::type).distinct().count(),
                "the sample covers every record type");
        byte[] encoded = encode(records);
        Decoded decoded = Decoded.decode(format, Payload.ofBytes("interpol", "all.json", encoded));
        assertEquals(List.of(), decoded.errors());
        assertEquals(records, decoded.records());
        assertEquals(new String(encoded, StandardCharsets.UTF_8), new String(encode(decoded.records()),
                StandardCharsets.UTF_8), "encoding is stable");
    }

    @Test
    void writingARecordStreamedGivesTheBytesOfItsJsonTree() throws Exception {
        CanonicalJson json = new CanonicalJson();
        for (DataRecord record : oneOfEachType()) {
            StringWriter tree = new StringWriter();
            JsonWriter treeWriter = new JsonWriter(tree);
            treeWriter.setIndent("  ");
            json.writeElement(treeWriter, json.toJson(record));
            treeWriter.flush();

            StringWriter streamed = new StringWriter();
            CanonicalJson.RecordWriter recordWriter = new CanonicalJson.RecordWriter(streamed);
            recordWriter.setIndent("  ");
            json.write(recordWriter, record);
            recordWriter.flush();

            assertEquals(tree.toString(), streamed.toString(), record.type().id());
            assertTrue(streamed.toString().startsWith("{\n  \"type\": \"" + record.type().id() + "\","),
                    streamed.toString());
        }
    }

    @Test
    void writesIdsAndIsoDatesNotJavaNames() throws Exception {
        String json = new String(encode(oneOfEachType()), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\": \"sanction-listing\""), json);
        assertTrue(json.contains("\"tlp\": \"TLP:AMBER\""), json);
        assertTrue(json.contains("\"datesOfBirth\": [\n"), json);
        assertTrue(json.contains("\"1979\""), "a partial date keeps its precision: " + json);
        assertTrue(json.contains("\"listedOn\": \"2001-10-06\""), json);
        assertTrue(json.contains("\"sex\": \"F\""), json);
        assertTrue(json.contains("\"kind\": \"red\""), json);
        assertFalse(json.contains("\"FEMALE\"") || json.contains("\"RED\""), "enum constant names stay out: " + json);
    }

    @Test
    void aBadRecordIsReportedWithItsPositionAndFieldWhileTheOthersAreDecoded() throws Exception {
        Decoded decoded = decode("""
                {"format": "liaison-canonical-json", "version": 1, "records": [
                  {"type": "seizure", "id": "s1", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 12},
                  {"type": "seizure", "id": "s2", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": -1},
                  {"type": "seizure", "id": "s3", "countryCode": "GHA", "drug": "Cocaine", "date": "2019/13/45", "quantityKg": 1},
                  {"type": "starship", "id": "x"},
                  "not an object",
                  {"type": "seizure", "id": "s6", "countryCode": "COL", "drug": "Cocaine", "quantityKg": 3.5}
                ]}""");
        assertEquals(List.of("s1", "s6"), decoded.records().stream().map(DataRecord::id).toList());
        List<RecordError> errors = decoded.errors();
        assertEquals(4, errors.size(), errors.toString());
        assertEquals("$.records[1] (id s2)", errors.get(0).location());
        assertEquals("quantityKg", errors.get(0).field().orElseThrow(), errors.get(0).message());
        assertTrue(errors.get(1).message().contains("2019/13/45"), errors.get(1).message());
        assertTrue(errors.get(2).message().contains("starship"), errors.get(2).message());
        assertEquals("$.records[4]", errors.get(3).location());
    }

    private static Notice redNotice(String id) {
        return Notice.builder().id(id).kind(NoticeKind.RED).subject(person())
                .marking(HandlingMarking.of(Tlp.RED)).build();
    }

    @Test
    void aRecordThatNamesAMemberTwiceIsAnErrorNotItsLastValue() throws Exception {
        String encoded = new String(encode(List.of(redNotice("n1"), redNotice("n2"))), StandardCharsets.UTF_8);
        int second = encoded.indexOf("\"id\": \"n2\"");
        String marking = "\"tlp\": \"TLP:RED\"";
        int secondMarking = encoded.indexOf(marking, second);
        assertTrue(second > 0 && secondMarking > second, encoded);
        String tampered = encoded.substring(0, secondMarking) + marking + ", \"tlp\": \"TLP:CLEAR\""
                + encoded.substring(secondMarking + marking.length());

        Decoded decoded = decode(tampered);

        assertEquals(List.of(redNotice("n1")), decoded.records(), "the record without the repeated member stays");
        assertEquals(1, decoded.errors().size(), decoded.errors().toString());
        RecordError error = decoded.errors().get(0);
        assertEquals("$.records[1] (id n2)", error.location());
        assertEquals("marking.tlp", error.field().orElseThrow());
        assertTrue(error.expected().contains("one member named tlp"), error.message());
        assertEquals("two members named tlp", error.found().orElseThrow());
    }

    @Test
    void aRepeatedIdOrTypeIsAnErrorOfThatRecordAndTheNextOneIsStillRead() throws Exception {
        Decoded decoded = decode("""
                {"format": "liaison-canonical-json", "version": 1, "records": [
                  {"type": "seizure", "id": "s1", "id": "s9", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 1},
                  {"type": "seizure", "type": "person", "id": "s2", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 2},
                  {"type": "seizure", "id": "s3", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 3}
                ]}""");
        assertEquals(List.of("s3"), decoded.records().stream().map(DataRecord::id).toList());
        List<RecordError> errors = decoded.errors();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("$.records[0]", errors.get(0).location(), "which id is meant is unknown: none is named");
        assertEquals("id", errors.get(0).field().orElseThrow());
        assertEquals("$.records[1] (id s2)", errors.get(1).location());
        assertEquals("type", errors.get(1).field().orElseThrow());
    }

    @Test
    void aDocumentThatNamesAMemberTwiceIsRefusedWhole() {
        FormatException records = assertThrows(FormatException.class, () -> decode("""
                {"format": "liaison-canonical-json", "version": 1,
                 "records": [{"type": "seizure", "id": "s1", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 1}],
                 "records": [{"type": "seizure", "id": "s2", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 2}]}"""));
        assertTrue(records.getMessage().startsWith("sample.json: member 'records' appears twice at $.records"),
                records.getMessage());
        assertTrue(records.getMessage().contains("expected each member of the document once"), records.getMessage());

        FormatException format = assertThrows(FormatException.class, () -> decode(
                "{\"format\": \"liaison-canonical-json\", \"format\": \"liaison-canonical-json\", \"records\": []}"));
        assertTrue(format.getMessage().contains("member 'format' appears twice"), format.getMessage());

        FormatException nested = assertThrows(FormatException.class, () -> decode(
                "{\"format\": \"liaison-canonical-json\", \"note\": {\"a\": 1, \"a\": 2}, \"records\": []}"));
        assertTrue(nested.getMessage().contains("member 'a' appears twice at $.note.a"), nested.getMessage());
    }

    @Test
    void numbersAreReadAsWrittenByTheStrictReader() throws Exception {
        Decoded decoded = decode("""
                {"format": "liaison-canonical-json", "records": [
                  {"type": "seizure", "id": "s1", "countryCode": "GHA", "drug": "Cocaine", "quantityKg": 1.050E+3}
                ]}""");
        assertEquals(List.of(), decoded.errors());
        assertEquals(new BigDecimal("1.050E+3"), ((Seizure) decoded.records().get(0)).quantityKg(),
                "the number keeps its digits and scale");
    }

    @Test
    void aTruncatedDocumentIsOneClearErrorNamingThePayload() {
        FormatException error = assertThrows(FormatException.class, () -> decode(
                "{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\": [{\"type\": \"seizure\", "));
        assertTrue(error.getMessage().startsWith("sample.json: "), error.getMessage());
    }

    @Test
    void anotherJsonDocumentIsRefusedWithWhatWasExpected() {
        FormatException error = assertThrows(FormatException.class,
                () -> decode("{\"format\": \"stix\", \"records\": []}"));
        assertTrue(error.getMessage().contains("liaison-canonical-json"), error.getMessage());
        FormatException notAnObject = assertThrows(FormatException.class, () -> decode("[1, 2]"));
        assertTrue(notAnObject.getMessage().contains("expected a canonical JSON document"),
                notAnObject.getMessage());
        FormatException noRecords = assertThrows(FormatException.class,
                () -> decode("{\"format\": \"liaison-canonical-json\"}"));
        assertTrue(noRecords.getMessage().contains("'records' is missing"), noRecords.getMessage());
    }

    @Test
    void aNewerVersionIsRefused() {
        FormatException error = assertThrows(FormatException.class,
                () -> decode("{\"format\": \"liaison-canonical-json\", \"version\": 2, \"records\": []}"));
        assertTrue(error.getMessage().contains("version 2"), error.getMessage());
    }

    @Test
    void deeplyNestedInputIsRefusedRatherThanExhaustingTheStack() {
        String deep = "[".repeat(10_000);
        String json = "{\"format\": \"liaison-canonical-json\", \"records\": [" + deep + "]}";
        assertThrows(FormatException.class, () -> decode(json));
    }

    @Test
    void acceptsOnlyItsOwnDocuments() throws Exception {
        byte[] head = encode(List.of(person()));
        assertTrue(format.accepts("x.json", head));
        assertFalse(format.accepts("x.json", "{\"type\": \"bundle\", \"objects\": []}".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("x.csv", "a,b,c".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void carriesEveryRecordType() {
        assertEquals(RecordType.values().length, format.recordTypes().size());
    }
}
