package org.liaison.plugin.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.api.format.DecodeSink;
import org.liaison.api.format.Decoded;
import org.liaison.api.format.FormatException;
import org.liaison.api.format.RecordError;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;
import org.liaison.api.record.Address;
import org.liaison.api.record.DataRecord;
import org.liaison.api.record.IdentityDocument;
import org.liaison.api.record.Interest;
import org.liaison.api.record.Notice;
import org.liaison.api.record.NoticeKind;
import org.liaison.api.record.Organisation;
import org.liaison.api.record.OwnershipRelation;
import org.liaison.api.record.PartialDate;
import org.liaison.api.record.Person;
import org.liaison.api.record.PersonName;
import org.liaison.api.record.RecordType;
import org.liaison.api.record.Sex;
import org.liaison.api.transport.Payload;

class BodsJsonFormatTest {

    private final BodsJsonFormat format = Samples.format();

    // ---------------------------------------------------------------------------------------------------------
    // the real BODS 0.4 sample

    @Test
    void decodesEveryStatementOfTheRealSample() throws FormatException {
        Decoded decoded = Decoded.decode(format, Samples.resourcePayload(Samples.REAL));

        assertEquals(List.of(), decoded.errors());
        assertEquals(23, decoded.records().size());
        Map<RecordType, Long> byType = decoded.records().stream()
                .collect(Collectors.groupingBy(DataRecord::type, Collectors.counting()));
        assertEquals(Map.of(RecordType.PERSON, 10L, RecordType.ORGANISATION, 3L, RecordType.OWNERSHIP_RELATION, 10L),
                byType);
        // the same recordId across new, updated and closed statements
        assertEquals(Set.of("per-5faa4103dee78621", "per-41c0bb0cef246f7c", "per-e334cc6258e56467",
                "ent-93c75c87ab28f889", "rel-b05e7c91e0a04e4f", "rel-3fc02d9b6bdfd5ca", "rel-b64a491543d986d0"),
                decoded.records().stream().map(DataRecord::id).collect(Collectors.toSet()));
    }

    @Test
    void mapsTheRealSamplesPersonsAsTheFileStatesThem() throws FormatException {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        Person riyadh = (Person) records.get(0);
        assertEquals("per-5faa4103dee78621", riyadh.id());
        assertEquals(PersonName.builder().fullName("Riyadh Byrne-Amin").givenNames("Riyadh").familyName("Byrne-Amin")
                .build(), riyadh.name());
        assertEquals(List.of(), riyadh.aliases());
        assertEquals(List.of(PartialDate.of(1990, 6, 12)), riyadh.datesOfBirth());
        assertEquals(Set.of("IQ", "IE"), riyadh.nationalities());
        assertEquals(List.of(IdentityDocument.builder().type("IRL-TAXID").number("7700225VH").issuingCountry("IE")
                .note("Ireland Personal Public Service Number").build()), riyadh.documents());
        assertEquals(Optional.empty(), riyadh.marking());

        Person patrick2022 = (Person) records.get(19);
        assertEquals("per-41c0bb0cef246f7c", patrick2022.id());
        assertEquals("Patrick O'Donohue", patrick2022.name().fullName());
        assertEquals(List.of(), patrick2022.datesOfBirth(), "the 2022 statement gives no birthDate");
    }

    @Test
    void mapsTheRealSamplesEntity() throws FormatException {
        Organisation fermcat = (Organisation) Decoded.decode(format, Samples.resourcePayload(Samples.REAL))
                .records().get(2);

        assertEquals("ent-93c75c87ab28f889", fermcat.id());
        assertEquals("Fermcat Ltd", fermcat.name());
        assertEquals(Optional.of("IE"), fermcat.jurisdiction());
        assertEquals(Map.of("IRL-BAU", "434151"), fermcat.identifiers());
        assertEquals(Optional.of(PartialDate.of(2019, 9, 11)), fermcat.foundingDate());
        // the address's country is given only as the name "Republic of Ireland"
        assertEquals(List.of(Address.builder().street("53 Killard, Kilteragh, Dooradoyle, Co. Limerick ")
                .postalCode("V94 V3VT").country("IE").note("registered").build()), fermcat.addresses());
    }

    @Test
    void mapsTheRealSamplesRelationships() throws FormatException {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        OwnershipRelation first = (OwnershipRelation) records.get(3);
        assertEquals("rel-b05e7c91e0a04e4f", first.id());
        assertEquals("ent-93c75c87ab28f889", first.subjectId());
        assertEquals(Optional.of("per-5faa4103dee78621"), first.interestedPartyId());
        assertEquals(Optional.empty(), first.interestedPartyUnspecifiedReason());
        assertEquals(Optional.of(PartialDate.of(2019, 9, 11)), first.statementDate());
        assertEquals(List.of(
                Interest.builder().type("shareholding").beneficialOwnershipOrControl(true).directOrIndirect("direct")
                        .startDate(PartialDate.of(2019, 9, 11)).shareExact(new BigDecimal("50")).build(),
                Interest.builder().type("board-member").beneficialOwnershipOrControl(true).directOrIndirect("direct")
                        .startDate(PartialDate.of(2019, 9, 11)).build()),
                first.interests());

        OwnershipRelation closed = (OwnershipRelation) records.get(12);
        assertEquals("rel-b05e7c91e0a04e4f", closed.id());
        assertEquals(Optional.of(PartialDate.of(2021, 4, 3)), closed.interests().get(0).endDate());
        assertEquals(Optional.of(PartialDate.of(2021, 9, 11)), closed.statementDate());

        OwnershipRelation whole = (OwnershipRelation) records.get(21);
        assertEquals("rel-3fc02d9b6bdfd5ca", whole.id());
        assertEquals(Optional.of(new BigDecimal("100")), whole.interests().get(0).shareExact());
    }

    @Test
    void marksTheRealSamplesClosedRecordsClosed() throws FormatException {
        Decoded decoded = Decoded.decode(format, Samples.resourcePayload(Samples.REAL));
        JsonArray statements = JsonParser.parseString(Samples.text(Samples.REAL)).getAsJsonArray();

        List<Integer> closedInFile = new java.util.ArrayList<>();
        for (int index = 0; index < statements.size(); index++) {
            if ("closed".equals(statements.get(index).getAsJsonObject().get("recordStatus").getAsString())) {
                closedInFile.add(index);
            }
        }
        List<Integer> closedRecords = new java.util.ArrayList<>();
        for (int index = 0; index < decoded.records().size(); index++) {
            if (closed(decoded.records().get(index))) {
                closedRecords.add(index);
            }
        }
        assertEquals(List.of(10, 12, 20, 22), closedInFile, "the sample's closed statements");
        assertEquals(closedInFile, closedRecords);
        assertEquals(List.of("per-5faa4103dee78621", "rel-b05e7c91e0a04e4f", "per-e334cc6258e56467",
                "rel-b64a491543d986d0"), closedRecords.stream().map(i -> decoded.records().get(i).id()).toList());
        assertEquals(List.of(), decoded.warnings(), "the model now carries all the sample says");
    }

    @Test
    void keepsWhatAClosedRealRecordLastStatedAndItsDateOfDeath() throws FormatException {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        Person riyadh = (Person) records.get(0);
        Person riyadhClosed = (Person) records.get(10);
        assertFalse(riyadh.closed());
        assertEquals(Optional.empty(), riyadh.dateOfDeath());
        assertTrue(riyadhClosed.closed());
        assertEquals(Optional.of(PartialDate.of(2021, 4, 3)), riyadhClosed.dateOfDeath());
        assertEquals(riyadh.toBuilder().dateOfDeath(PartialDate.of(2021, 4, 3)).closed(true).build(), riyadhClosed,
                "the closed statement restates the person, with the date of death");

        OwnershipRelation relation = (OwnershipRelation) records.get(3);
        OwnershipRelation relationClosed = (OwnershipRelation) records.get(12);
        assertFalse(relation.closed());
        assertTrue(relationClosed.closed());
        assertEquals(relation.subjectId(), relationClosed.subjectId());
        assertEquals(relation.interestedPartyId(), relationClosed.interestedPartyId());
        assertEquals(2, relationClosed.interests().size(), "a closed relationship keeps its interests");
    }

    @Test
    void readsClosedEntitiesAndInterestDetailsFromConstructedStatements() throws FormatException {
        // constructed: the real sample has no closed entity and no interest details
        String json = "[" + String.join(",",
                entity04("ent-constructed-1", "new", ""),
                entity04("ent-constructed-1", "closed", ", \"dissolutionDate\": \"2099-02\""),
                relationship04("rel-constructed-1", "\"per-1\"").replace("\"interests\": []",
                        "\"interests\": [{\"type\": \"shareholding\", \"details\": \"Class B ordinary shares"
                                + " (CONSTRUCTED)\", \"share\": {\"exact\": 10}}, {\"type\": \"boardMember\"}]"),
                "{\"statementID\": \"constructed-0-2-rel\", \"statementType\": \"ownershipOrControlStatement\","
                        + " \"subject\": {\"describedByEntityStatement\": \"e-1\"},"
                        + " \"interestedParty\": {\"describedByPersonStatement\": \"p-1\"},"
                        + " \"interests\": [{\"type\": \"voting-rights\", \"details\": \"through a CONSTRUCTED"
                        + " shareholders' agreement\"}]}") + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("constructed.json", json));

        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(), decoded.warnings());
        Organisation open = (Organisation) decoded.records().get(0);
        Organisation closed = (Organisation) decoded.records().get(1);
        assertFalse(open.closed());
        assertTrue(closed.closed());
        assertEquals(Optional.of(PartialDate.of(2099, 2)), closed.dissolutionDate());
        List<Interest> interests = ((OwnershipRelation) decoded.records().get(2)).interests();
        assertEquals(Optional.of("Class B ordinary shares (CONSTRUCTED)"), interests.get(0).details());
        assertEquals(Optional.empty(), interests.get(1).details());
        OwnershipRelation older = (OwnershipRelation) decoded.records().get(3);
        assertEquals(Optional.of("through a CONSTRUCTED shareholders' agreement"),
                older.interests().get(0).details(), "BODS 0.2 and 0.3 interests have details too");
        assertFalse(older.closed());
    }

    @Test
    void theOlderShapeHasNoClosedRecords() throws FormatException {
        // 0.2 and 0.3 have no recordStatus: a member of that name in an older statement is not read
        String json = "[{\"statementID\": \"constructed-0-2-person\", \"statementType\": \"personStatement\","
                + " \"recordStatus\": \"closed\", \"names\": [{\"fullName\": \"A CONSTRUCTED Person\"}],"
                + " \"deathDate\": \"2098\"}]";

        Decoded decoded = Decoded.decode(format, Samples.payload("older.json", json));

        Person person = (Person) decoded.records().get(0);
        assertFalse(person.closed());
        assertEquals(Optional.of(PartialDate.of(2098)), person.dateOfDeath(), "deathDate is read in 0.2 and 0.3");
        for (DataRecord record : Decoded.decode(format, Samples.resourcePayload(Samples.OLDER)).records()) {
            assertFalse(closed(record), record.toString());
        }
    }

    @Test
    void warnsOfARecordStatusOutsideTheCodelistAndKeepsTheRecordOpen() throws FormatException {
        String json = "[" + person04("per-1", "").replace("\"recordStatus\": \"new\"", "\"recordStatus\": \"Closed\"")
                + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("status.json", json));

        assertFalse(((Person) decoded.records().get(0)).closed());
        assertEquals(List.of(RecordError.of("$[0] (recordId per-1)", "recordStatus",
                "one of [new, updated, closed]; the record was kept as not closed", "Closed")), decoded.warnings());
    }

    // ---------------------------------------------------------------------------------------------------------
    // the older statement shape (constructed)

    @Test
    void decodesTheOlderStatementShape() throws FormatException {
        Decoded decoded = Decoded.decode(format, Samples.resourcePayload(Samples.OLDER));

        assertEquals(List.of(), decoded.errors());
        List<DataRecord> records = decoded.records();
        assertEquals(6, records.size());

        Organisation parent = (Organisation) records.get(1);
        assertEquals("constructed-0002-entity-example-trust-co", parent.id());
        assertEquals(Optional.of("LU"), parent.jurisdiction(), "the jurisdiction is given by name only");
        assertEquals(Map.of("Example company register", "B999001"), parent.identifiers());

        Person jane = (Person) records.get(2);
        assertEquals("constructed-0003-person-jane-example", jane.id());
        assertEquals(List.of(PersonName.builder().fullName("Jane CONSTRUCTED").givenNames("Jane")
                .familyName("CONSTRUCTED").build()), jane.aliases());
        assertEquals(List.of(PartialDate.of(2070, 5)), jane.datesOfBirth());
        assertEquals(Set.of("FR", "GB"), jane.nationalities());
        assertEquals(Optional.of("Constructed Town"), jane.placeOfBirth());
        assertEquals(Optional.of("GB"), jane.countryOfBirth());
        assertEquals(Optional.of("GB"), jane.documents().get(0).issuingCountry());

        OwnershipRelation holding = (OwnershipRelation) records.get(3);
        assertEquals("constructed-0001-entity-sample-holdings", holding.subjectId());
        assertEquals(Optional.of("constructed-0003-person-jane-example"), holding.interestedPartyId());
        assertEquals(List.of("shareholding", "voting-rights", "appointment-of-board"),
                holding.interests().stream().map(Interest::type).toList());
        Interest shares = holding.interests().get(0);
        assertEquals(Optional.of(new BigDecimal("25")), shares.shareMin());
        assertEquals(Optional.of(new BigDecimal("50")), shares.shareMax());
        assertEquals(Optional.of("direct"), shares.directOrIndirect());
        assertEquals(Optional.of(PartialDate.of(2099, 1)), holding.interests().get(2).startDate());

        OwnershipRelation byEntity = (OwnershipRelation) records.get(4);
        assertEquals(Optional.of("constructed-0002-entity-example-trust-co"), byEntity.interestedPartyId());
        assertEquals(Optional.of(new BigDecimal("50.5")), byEntity.interests().get(0).shareExact());

        OwnershipRelation unspecified = (OwnershipRelation) records.get(5);
        assertEquals(Optional.empty(), unspecified.interestedPartyId());
        assertEquals(Optional.of("subject-exempt-from-disclosure"), unspecified.interestedPartyUnspecifiedReason());
        assertEquals(List.of(), unspecified.interests());

        assertEquals(List.of("interests[0].share.exclusiveMinimum", "interestedParty.unspecified.description"),
                decoded.warnings().stream().map(w -> w.field().orElse("")).toList());
    }

    @Test
    void readsUnspecifiedPartiesOfBothVersionsAsTheSameReason() throws FormatException {
        String json = "[" + relationship04("rel-1", "{\"reason\": \"noBeneficialOwners\"}") + ","
                + "{\"statementID\": \"s-2\", \"statementType\": \"ownershipOrControlStatement\","
                + " \"subject\": {\"describedByEntityStatement\": \"e-1\"},"
                + " \"interestedParty\": {\"unspecified\": {\"reason\": \"no-beneficial-owners\"}}}]";

        Decoded decoded = Decoded.decode(format, Samples.payload("mixed.json", json));

        assertEquals(List.of(), decoded.errors());
        assertEquals(List.of(Optional.of("no-beneficial-owners"), Optional.of("no-beneficial-owners")),
                decoded.records().stream()
                        .map(r -> ((OwnershipRelation) r).interestedPartyUnspecifiedReason()).toList());
    }

    // ---------------------------------------------------------------------------------------------------------
    // round trips and encoding

    @Test
    void theRealSampleSurvivesARoundTrip() throws Exception {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        String encoded = Samples.encode(format, records);
        Decoded again = Decoded.decode(format, Samples.payload("encoded.json", encoded));

        assertEquals(records, again.records());
        assertEquals(List.of(), again.errors());
        assertEquals(List.of(), again.warnings(), "what is written is carried whole");
    }

    @Test
    void writesTheRealSamplesClosedRecordsClosedAndTheOthersAsBefore() throws Exception {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        JsonArray statements = JsonParser.parseString(Samples.encode(format, records)).getAsJsonArray();

        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int index = 0; index < statements.size(); index++) {
            JsonObject statement = statements.get(index).getAsJsonObject();
            DataRecord record = records.get(index);
            int occurrence = seen.merge(record.id(), 1, Integer::sum);
            String expected = closed(record) ? "closed" : occurrence == 1 ? "new" : "updated";
            assertEquals(expected, statement.get("recordStatus").getAsString(), "statement " + index);
        }
        JsonObject riyadh = statements.get(10).getAsJsonObject().getAsJsonObject("recordDetails");
        assertEquals("2021-04-03", riyadh.get("deathDate").getAsString());
        assertFalse(statements.get(0).getAsJsonObject().getAsJsonObject("recordDetails").has("deathDate"));
    }

    @Test
    void constructedClosedRecordsDatesOfDeathAndInterestDetailsSurviveARoundTrip() throws Exception {
        // constructed: every kind of closed record, a date of death known to the month, interest details
        Person person = Person.builder().id("per-constructed").name(PersonName.builder().fullName("A CONSTRUCTED")
                .build()).datesOfBirth(PartialDate.of(2001)).dateOfDeath(PartialDate.of(2098, 7)).build();
        Organisation organisation = Organisation.builder().id("ent-constructed").name("CONSTRUCTED Ltd").build();
        OwnershipRelation relation = OwnershipRelation.builder().id("rel-constructed").subjectId("ent-constructed")
                .interestedPartyId("per-constructed").statementDate(PartialDate.of(2099, 1, 2))
                .interests(Interest.builder().type("shareholding").details("Class A shares (CONSTRUCTED)")
                        .shareMin(new BigDecimal("25")).shareMax(new BigDecimal("50")).build(),
                        Interest.builder().type("other-influence-or-control").details("a veto (CONSTRUCTED)")
                                .build())
                .build();
        List<DataRecord> records = List.of(person, organisation, relation, person.toBuilder().closed(true).build(),
                organisation.toBuilder().closed(true).build(), relation.toBuilder().closed(true).build());

        String encoded = Samples.encode(format, records);
        Decoded decoded = Decoded.decode(format, Samples.payload("constructed.json", encoded));

        assertEquals(records, decoded.records());
        assertEquals(List.of(), decoded.warnings());
        assertEquals(records, Decoded.decode(format, Samples.payload("again.json",
                Samples.encode(format, decoded.records()))).records());
        JsonArray statements = JsonParser.parseString(encoded).getAsJsonArray();
        assertEquals(List.of("new", "new", "new", "closed", "closed", "closed"), statements.asList().stream()
                .map(s -> s.getAsJsonObject().get("recordStatus").getAsString()).toList());
        assertEquals("2098-07", statements.get(0).getAsJsonObject().getAsJsonObject("recordDetails")
                .get("deathDate").getAsString());
        assertEquals("Class A shares (CONSTRUCTED)", statements.get(2).getAsJsonObject()
                .getAsJsonObject("recordDetails").getAsJsonArray("interests").get(0).getAsJsonObject().get("details")
                .getAsString());
        Set<String> statementIds = statements.asList().stream()
                .map(s -> s.getAsJsonObject().get("statementId").getAsString()).collect(Collectors.toSet());
        assertEquals(6, statementIds.size(), "a closed statement has its own id");
    }

    @Test
    void theOlderShapeSurvivesARoundTripThroughBods04() throws Exception {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.OLDER)).records();

        String encoded = Samples.encode(format, records);

        assertEquals(records, Decoded.decode(format, Samples.payload("encoded.json", encoded)).records());
        assertTrue(encoded.contains("\"reason\": \"subjectExemptFromDisclosure\""), encoded);
        assertTrue(encoded.contains("\"type\": \"votingRights\""), encoded);
    }

    @Test
    void writesBods04Statements() throws Exception {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        JsonArray statements = JsonParser.parseString(Samples.encode(format, records)).getAsJsonArray();

        assertEquals(23, statements.size());
        JsonObject first = statements.get(0).getAsJsonObject();
        assertEquals("per-5faa4103dee78621", first.get("recordId").getAsString());
        assertEquals("person", first.get("recordType").getAsString());
        assertEquals("new", first.get("recordStatus").getAsString());
        assertEquals("ent-93c75c87ab28f889", first.get("declarationSubject").getAsString(),
                "a person's declaration is about the entity a relation names it in");
        assertEquals(32, first.get("statementId").getAsString().length());
        JsonObject publication = first.getAsJsonObject("publicationDetails");
        assertEquals("0.4", publication.get("bodsVersion").getAsString());
        assertEquals("2025-03-04", publication.get("publicationDate").getAsString());
        assertEquals("knownPerson", first.getAsJsonObject("recordDetails").get("personType").getAsString());
        assertEquals("updated", statements.get(5).getAsJsonObject().get("recordStatus").getAsString());
        JsonObject relation = statements.get(3).getAsJsonObject();
        assertEquals("2019-09-11", relation.get("statementDate").getAsString());
        JsonObject interest = relation.getAsJsonObject("recordDetails").getAsJsonArray("interests").get(1)
                .getAsJsonObject();
        assertEquals("boardMember", interest.get("type").getAsString());
        Set<String> statementIds = new java.util.HashSet<>();
        for (JsonElement statement : statements) {
            statementIds.add(statement.getAsJsonObject().get("statementId").getAsString());
        }
        assertEquals(23, statementIds.size(), "every statement has its own id");
    }

    @Test
    void writesTheSameBytesForTheSameRecords() throws Exception {
        List<DataRecord> records = Decoded.decode(format, Samples.resourcePayload(Samples.REAL)).records();

        assertEquals(Samples.encode(format, records), Samples.encode(Samples.format(), records));
    }

    @Test
    void carriesAHandlingMarkingAsAnAnnotation() throws Exception {
        HandlingMarking marking = HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H1", "NO-MEDIA").build();
        Organisation organisation = Organisation.builder().id("ent-1").name("Example Ltd").marking(marking).build();

        String encoded = Samples.encode(format, List.of(organisation));

        assertTrue(encoded.contains("\"description\": \"TLP:AMBER H1 NO-MEDIA\""), encoded);
        assertEquals(List.of(organisation), Decoded.decode(format, Samples.payload("marked.json", encoded)).records());
    }

    @Test
    void aStatementThatNamesAMemberTwiceIsAnErrorNotItsLastValue() throws Exception {
        Organisation red = Organisation.builder().id("ent-1").name("Red Ltd").marking(HandlingMarking.of(Tlp.RED))
                .build();
        Organisation other = Organisation.builder().id("ent-2").name("Other Ltd").marking(HandlingMarking.of(Tlp.RED))
                .build();
        String encoded = Samples.encode(format, List.of(red, other));
        String marking = "\"description\": \"TLP:RED\"";
        int first = encoded.indexOf(marking);
        assertTrue(first > 0, encoded);
        String tampered = encoded.substring(0, first) + marking + ", \"description\": \"TLP:CLEAR\""
                + encoded.substring(first + marking.length());

        Decoded decoded = Decoded.decode(format, Samples.payload("marked.json", tampered));

        assertEquals(List.of(other), decoded.records(), "the statement without the repeated member stays");
        assertEquals(1, decoded.errors().size(), decoded.errors().toString());
        RecordError error = decoded.errors().get(0);
        assertEquals("$[0] (recordId ent-1)", error.location());
        assertEquals(Optional.of("annotations[0].description"), error.field());
        assertTrue(error.expected().startsWith("one member named description"), error.message());
        assertEquals(Optional.of("two members named description"), error.found());
    }

    @Test
    void aRepeatedIdOrDetailIsAnErrorOfThatStatementEvenAlone() throws Exception {
        String twoIds = person04("per-1", "").replace("\"recordId\": \"per-1\"",
                "\"recordId\": \"per-1\", \"recordId\": \"per-9\"");
        assertTrue(twoIds.contains("per-9"), twoIds);
        String twoDates = person04("per-2", "\"birthDate\": \"1990\", \"birthDate\": \"1991\"");

        Decoded decoded = Decoded.decode(format, Samples.payload("twice.json",
                "[" + twoIds + "," + twoDates + "," + person04("per-3", "") + "]"));

        assertEquals(List.of("per-3"), decoded.records().stream().map(DataRecord::id).toList());
        assertEquals(List.of("$[0] recordId", "$[1] (recordId per-2) recordDetails.birthDate"),
                decoded.errors().stream().map(e -> e.location() + " " + e.field().orElse("")).toList());

        Decoded alone = Decoded.decode(format, Samples.payload("alone.json", twoDates));
        assertEquals(List.of(), alone.records());
        assertEquals(List.of("$ (recordId per-2) recordDetails.birthDate"),
                alone.errors().stream().map(e -> e.location() + " " + e.field().orElse("")).toList());
    }

    @Test
    void reportsRecordsBodsCannotCarryAndWritesTheOthers() throws Exception {
        Person plain = Person.builder().id("p-1").name(PersonName.builder().fullName("A Person").build()).build();
        Person withSex = plain.toBuilder().id("p-2").sex(Sex.FEMALE).build();
        Person twoBirthDates = plain.toBuilder().id("p-3").datesOfBirth(PartialDate.of(1980), PartialDate.of(1981))
                .build();
        Person foreignDocument = plain.toBuilder().id("p-4").documents(IdentityDocument.builder().type("passport")
                .number("X1").issuingCountry("FR").build()).build();
        Organisation withCity = Organisation.builder().id("e-1").name("Example")
                .addresses(Address.builder().city("Paris").build()).build();
        Notice notice = Notice.builder().id("2021/1").kind(NoticeKind.RED).subject(plain).build();
        OwnershipRelation camelType = OwnershipRelation.builder().id("r-1").subjectId("e-1").interestedPartyId("p-1")
                .interests(Interest.builder().type("votingRights").build()).build();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(List.of(plain, withSex, twoBirthDates, foreignDocument, withCity,
                notice, camelType), out);

        assertEquals(List.of("record 1 (id p-2) sex", "record 2 (id p-3) datesOfBirth",
                "record 3 (id p-4) documents[0].issuingCountry", "record 4 (id e-1) addresses[0].city",
                "record 5 (id 2021/1) type", "record 6 (id r-1) "),
                errors.stream().map(e -> e.location() + " " + e.field().orElse("")).toList());
        assertEquals(List.of(plain), Decoded.decode(format, Samples.payload("out.json",
                out.toString(StandardCharsets.UTF_8))).records());
    }

    @Test
    void reportsApproximateDatesAndNamePartsThatBodsCannotCarry() throws Exception {
        Person plain = Person.builder().id("p-1").name(PersonName.builder().fullName("A Person").build()).build();
        Person approximateDeath = plain.toBuilder().id("p-2").dateOfDeath(PartialDate.parse("1960~")).build();
        Person nameParts = plain.toBuilder().id("p-3").name(PersonName.builder().fullName("A Person")
                .parts("A", "Person").build()).build();
        OwnershipRelation approximateStart = OwnershipRelation.builder().id("r-1").subjectId("e-1")
                .interestedPartyId("p-1").interests(Interest.builder().type("shareholding").build(),
                        Interest.builder().type("shareholding").startDate(PartialDate.parse("2001-03~")).build())
                .build();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RecordError> errors = format.encode(List.of(plain, approximateDeath, nameParts, approximateStart), out);

        assertEquals(List.of("record 1 (id p-2) dateOfDeath 1960~", "record 2 (id p-3) name.parts [A, Person]",
                "record 3 (id r-1) interests[1].startDate 2001-03~"),
                errors.stream().map(e -> e.location() + " " + e.field().orElse("") + " " + e.found().orElse(""))
                        .toList());
        assertEquals(List.of(plain), Decoded.decode(format, Samples.payload("out.json",
                out.toString(StandardCharsets.UTF_8))).records());
    }

    // ---------------------------------------------------------------------------------------------------------
    // per-record errors

    @Test
    void reportsABadDateOfDeathAndAnApproximateDate() throws FormatException {
        String json = "[" + String.join(",", person04("per-1", "\"deathDate\": \"03/04/2021\""),
                person04("per-2", "\"deathDate\": \"2021~\""), person04("per-3", "\"deathDate\": 2021"),
                person04("per-4", "\"deathDate\": \"2021-04\"")) + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("bad-death.json", json));

        assertEquals(List.of(
                RecordError.of("$[0] (recordId per-1)", "recordDetails.deathDate",
                        "a date like 2019-09-11, 2019-09 or 2019", "03/04/2021"),
                RecordError.of("$[1] (recordId per-2)", "recordDetails.deathDate",
                        "a date like 2019-09-11, 2019-09 or 2019", "2021~"),
                RecordError.of("$[2] (recordId per-3)", "recordDetails.deathDate", "a string", "2021")),
                decoded.errors());
        assertEquals(List.of(Optional.of(PartialDate.of(2021, 4))),
                decoded.records().stream().map(r -> ((Person) r).dateOfDeath()).toList());
    }

    @Test
    void reportsInterestDetailsThatAreNotText() throws FormatException {
        String json = "[" + relationship04("rel-1", "\"per-1\"").replace("\"interests\": []",
                "\"interests\": [{\"type\": \"shareholding\", \"details\": {\"class\": \"B\"}}]") + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("bad-details.json", json));

        assertEquals(List.of(RecordError.of("$[0] (recordId rel-1)", "recordDetails.interests[0].details",
                "a string", "{\"class\":\"B\"}")), decoded.errors());
    }

    @Test
    void reportsABadDateAndGoesOn() throws FormatException {
        String json = "[" + person04("per-1", "\"birthDate\": \"12/06/1990\"") + "," + person04("per-2", "") + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("bad-date.json", json));

        assertEquals(List.of(RecordError.of("$[0] (recordId per-1)", "recordDetails.birthDate",
                "a date like 2019-09-11, 2019-09 or 2019", "12/06/1990")), decoded.errors());
        assertEquals(List.of("per-2"), decoded.records().stream().map(DataRecord::id).toList());
    }

    @Test
    void reportsMissingRequiredFields() throws FormatException {
        String json = "[" + String.join(",",
                "{\"recordType\": \"person\", \"recordDetails\": {\"names\": [{\"fullName\": \"No Id\"}]}}",
                "{\"recordId\": \"per-unknown\", \"recordType\": \"person\","
                        + " \"recordDetails\": {\"personType\": \"unknownPerson\"}}",
                "{\"recordId\": \"ent-anon\", \"recordType\": \"entity\","
                        + " \"recordDetails\": {\"entityType\": {\"type\": \"anonymousEntity\"}}}",
                relationship04("rel-no-subject", "\"per-1\"").replace("\"subject\": \"ent-1\",", ""),
                "{\"recordId\": \"rel-no-type\", \"recordType\": \"relationship\", \"recordDetails\":"
                        + " {\"subject\": \"e\", \"interestedParty\": \"p\", \"interests\": [{\"share\": {\"exact\": 5}}]}}",
                "{\"statementID\": \"s-1\", \"statementType\": \"ownershipOrControlStatement\","
                        + " \"subject\": {\"describedByEntityStatement\": \"e-1\"}}",
                person04("per-ok", "")) + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("missing.json", json));

        assertEquals(List.of(
                "$[0] recordId", "$[1] (recordId per-unknown) recordDetails.names",
                "$[2] (recordId ent-anon) recordDetails.name", "$[3] (recordId rel-no-subject) recordDetails.subject",
                "$[4] (recordId rel-no-type) recordDetails.interests[0].type",
                "$[5] (statementID s-1) interestedParty"),
                decoded.errors().stream().map(e -> e.location() + " " + e.field().orElse("")).toList());
        assertEquals(List.of("per-ok"), decoded.records().stream().map(DataRecord::id).toList());
    }

    @Test
    void reportsValuesTheModelRefuses() throws FormatException {
        String json = "[" + String.join(",",
                relationship04("rel-share", "\"p\"").replace("\"interests\": []",
                        "\"interests\": [{\"type\": \"shareholding\", \"share\": {\"exact\": 150}}]"),
                relationship04("rel-subject", "\"p\"").replace("\"subject\": \"ent-1\"",
                        "\"subject\": {\"reason\": \"unknown\"}"),
                "{\"recordId\": \"x-1\", \"recordType\": \"trust\", \"recordDetails\": {}}",
                "42",
                "{\"hello\": \"world\"}") + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("refused.json", json));

        assertEquals(List.of("$[0] (recordId rel-share) recordDetails.interests[0]",
                "$[1] (recordId rel-subject) recordDetails.subject", "$[2] (recordId x-1) recordType", "$[3] ",
                "$[4] "), decoded.errors().stream().map(e -> e.location() + " " + e.field().orElse("")).toList());
        assertTrue(decoded.errors().get(0).expected().contains("percentage"), decoded.errors().get(0).message());
    }

    @Test
    void reportsAnOversizeField() throws FormatException {
        String longName = "x".repeat(BodsJsonFormat.FIELD_LIMIT + 1);
        String json = "[" + person04("per-long", "").replace("\"A Person\"", "\"" + longName + "\"") + ","
                + person04("per-2", "") + "]";

        Decoded decoded = Decoded.decode(format, Samples.payload("long.json", json));

        assertEquals(List.of(RecordError.of("$[0] (recordId per-long)", "recordDetails.names[0].fullName",
                "at most 65536 characters", "65537 characters")), decoded.errors());
        assertEquals(1, decoded.records().size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // unreadable payloads and limits

    @Test
    void aTruncatedFileIsOneClearFormatException() {
        String whole = Samples.text(Samples.REAL);
        int afterFifthStatement = whole.indexOf("\n  },\n  {", whole.indexOf("rel-3fc02d9b6bdfd5ca")) + 5;
        Map<String, String> cuts = Map.of("inside a value", whole.substring(0, whole.length() / 2),
                "between statements", whole.substring(0, afterFifthStatement));
        for (Map.Entry<String, String> cut : cuts.entrySet()) {
            Payload truncated = Samples.payload("fermcat-truncated.json", cut.getValue());
            List<DataRecord> seen = new java.util.ArrayList<>();

            FormatException e = assertThrows(FormatException.class, () -> format.decode(truncated, sink(seen)));

            assertTrue(e.getMessage().startsWith("fermcat-truncated.json: truncated: the JSON ends "), e.getMessage());
            assertTrue(e.getMessage().contains("at line "), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
    }

    @Test
    void unreadableInputsAreOneClearFormatException() {
        Map<String, String> inputs = Map.of(
                "not-json.json", "this is not JSON",
                "object.json", "{\"format\": \"something else\"}",
                "string.json", "\"hello\"",
                "trailing.json", "[] []",
                "broken.json", "[{\"recordId\": \"a\",,}]");
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            FormatException e = assertThrows(FormatException.class,
                    () -> Decoded.decode(format, Samples.payload(input.getKey(), input.getValue())), input.getKey());
            assertTrue(e.getMessage().startsWith(input.getKey() + ": "), e.getMessage());
        }
        byte[] latin1 = "[{\"recordId\": \"caf\u00e9\"}]".getBytes(StandardCharsets.ISO_8859_1);
        FormatException e = assertThrows(FormatException.class, () -> Decoded.decode(format,
                Payload.ofBytes(BodsJsonFormat.PARTNER_ID, "latin1.json", latin1)));
        assertTrue(e.getMessage().startsWith("latin1.json: not UTF-8 text"), e.getMessage());
    }

    @Test
    void refusesADocumentOverTheLimit() {
        BodsJsonFormat small = new BodsJsonFormat(1000, 800, 100, Samples.CLOCK);

        FormatException e = assertThrows(FormatException.class,
                () -> Decoded.decode(small, Samples.resourcePayload(Samples.REAL)));

        assertTrue(e.getMessage().startsWith(Samples.REAL + ": 28939 bytes, more than the limit of 1000 bytes"),
                e.getMessage());
    }

    @Test
    void refusesAStatementOverTheLimit() {
        BodsJsonFormat small = new BodsJsonFormat(1_000_000, 2_000, 100_000, Samples.CLOCK);
        String json = "[" + person04("per-1", "") + "," + person04("per-big", "\"placeOfBirth\": {\"address\": \""
                + "y".repeat(5_000) + "\"}") + "]";

        FormatException e = assertThrows(FormatException.class,
                () -> Decoded.decode(small, Samples.payload("big.json", json)));

        assertTrue(e.getMessage().startsWith("big.json: at line "), e.getMessage());
        assertTrue(e.getMessage().endsWith("more than the limit of 2000 bytes for one statement"), e.getMessage());
    }

    @Test
    void streamsALargeFileOneStatementAtATime(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("large.json");
        int count = 20_000;
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("[");
            for (int index = 0; index < count; index++) {
                writer.write((index == 0 ? "" : ",") + person04("per-" + index, "\"birthDate\": \"1990\""));
            }
            writer.write("]");
        }
        int[] records = {0};
        format.decode(Payload.ofFile(BodsJsonFormat.PARTNER_ID, file), new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records[0]++;
            }

            @Override
            public void error(RecordError error) {
                throw new AssertionError(error.message());
            }
        });
        assertEquals(count, records[0]);
    }

    // ---------------------------------------------------------------------------------------------------------
    // accepts, record types

    @Test
    void acceptsBodsOfBothShapesAndNothingElse() {
        assertTrue(format.accepts(Samples.REAL, head(Samples.bytes(Samples.REAL))));
        assertTrue(format.accepts(Samples.OLDER, head(Samples.bytes(Samples.OLDER))));
        assertTrue(format.accepts("x.json", ("\uFEFF  " + person04("p", "")).getBytes(StandardCharsets.UTF_8)));

        assertFalse(format.accepts("c.json", "{\"format\": \"liaison-canonical-json\", \"version\": 1, \"records\":"
                .concat(" [{\"type\": \"person\", \"recordType\": \"x\", \"recordDetails\": {}}]}")
                .getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("notices.json", "{\"total\": 1, \"_embedded\": {\"notices\": [{\"entity_id\":"
                .concat(" \"2021/1\"}]}}").getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("a.csv", "recordType,recordDetails\n1,2\n".getBytes(StandardCharsets.UTF_8)));
        assertFalse(format.accepts("empty.json", new byte[0]));
        assertFalse(format.accepts("null", null));
    }

    @Test
    void carriesPersonsOrganisationsAndOwnershipRelations() {
        assertEquals(EnumSet.of(RecordType.PERSON, RecordType.ORGANISATION, RecordType.OWNERSHIP_RELATION),
                format.recordTypes());
        assertEquals("json", format.fileExtension());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static byte[] head(byte[] bytes) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
    }

    private static DecodeSink sink(List<DataRecord> records) {
        return new DecodeSink() {
            @Override
            public void record(DataRecord record) {
                records.add(record);
            }

            @Override
            public void error(RecordError error) {
            }
        };
    }

    /** A minimal BODS 0.4 person statement, with extra members for its recordDetails. */
    static String person04(String id, String extra) {
        return "{\"statementId\": \"s-" + id + "\", \"recordId\": \"" + id + "\", \"recordType\": \"person\","
                + " \"recordStatus\": \"new\", \"publicationDetails\": {\"bodsVersion\": \"0.4\"},"
                + " \"recordDetails\": {\"personType\": \"knownPerson\", \"names\": [{\"fullName\": \"A Person\"}]"
                + (extra.isEmpty() ? "" : ", " + extra) + "}}";
    }

    /** A minimal BODS 0.4 entity statement with the given status and extra members for its recordDetails. */
    static String entity04(String id, String status, String extra) {
        return "{\"statementId\": \"s-" + id + "-" + status + "\", \"recordId\": \"" + id + "\","
                + " \"recordType\": \"entity\", \"recordStatus\": \"" + status + "\","
                + " \"publicationDetails\": {\"bodsVersion\": \"0.4\"}, \"recordDetails\": {\"isComponent\": false,"
                + " \"entityType\": {\"type\": \"registeredEntity\"}, \"name\": \"CONSTRUCTED Ltd\"" + extra + "}}";
    }

    private static boolean closed(DataRecord record) {
        return record instanceof Person person ? person.closed()
                : record instanceof Organisation organisation ? organisation.closed()
                : record instanceof OwnershipRelation relation && relation.closed();
    }

    /** A minimal BODS 0.4 relationship statement with the given interested party (JSON). */
    static String relationship04(String id, String interestedParty) {
        return "{\"statementId\": \"s-" + id + "\", \"recordId\": \"" + id + "\", \"recordType\": \"relationship\","
                + " \"recordStatus\": \"new\", \"publicationDetails\": {\"bodsVersion\": \"0.4\"},"
                + " \"recordDetails\": {\"isComponent\": false, \"subject\": \"ent-1\", \"interestedParty\": "
                + interestedParty + ", \"interests\": []}}";
    }
}
