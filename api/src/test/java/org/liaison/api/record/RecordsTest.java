package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.liaison.api.record.RecordFixtures.assertRejected;
import static org.liaison.api.record.RecordFixtures.incident;
import static org.liaison.api.record.RecordFixtures.indicator;
import static org.liaison.api.record.RecordFixtures.individualListing;
import static org.liaison.api.record.RecordFixtures.notice;
import static org.liaison.api.record.RecordFixtures.organisation;
import static org.liaison.api.record.RecordFixtures.ownership;
import static org.liaison.api.record.RecordFixtures.person;
import static org.liaison.api.record.RecordFixtures.seizure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;

class RecordsTest {

    /** Every record type has a record class whose type() is that type, and which survives toBuilder(). */
    @Test
    void everyRecordTypeRoundTrips() {
        Map<RecordType, DataRecord> records = new LinkedHashMap<>();
        records.put(RecordType.PERSON, PersonTest.full());
        records.put(RecordType.ORGANISATION, organisation().build());
        records.put(RecordType.NOTICE, notice().build());
        records.put(RecordType.SANCTION_LISTING, individualListing().build());
        records.put(RecordType.SEIZURE, seizure().build());
        records.put(RecordType.INCIDENT, incident().build());
        records.put(RecordType.THREAT_INDICATOR, indicator().build());
        records.put(RecordType.OWNERSHIP_RELATION, ownership().build());
        assertEquals(List.of(RecordType.values()), List.copyOf(records.keySet()), "a record class for every type");
        for (Map.Entry<RecordType, DataRecord> entry : records.entrySet()) {
            DataRecord record = entry.getValue();
            assertEquals(entry.getKey(), record.type());
            DataRecord copy = rebuild(record);
            assertEquals(record, copy, record::toString);
            assertEquals(record.hashCode(), copy.hashCode());
            assertNotEquals(record, null);
        }
    }

    private static DataRecord rebuild(DataRecord record) {
        try {
            Object builder = record.getClass().getMethod("toBuilder").invoke(record);
            return (DataRecord) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void organisationRules() {
        Organisation org = organisation()
                .aliases("The Base")
                .jurisdiction("GB")
                .identifiers(Map.of("lei", "5493001KJTIIGC8Y1R12", "companies-house", "01234567"))
                .foundingDate(PartialDate.of(1988))
                .build();
        assertEquals(List.of("companies-house", "lei"), List.copyOf(org.identifiers().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> org.identifiers().put("x", "y"));
        assertEquals("Organisation[QDe.004: Al-Qaida]", org.toString());
        assertRejected(() -> organisation().name(" ").build(), "Organisation 'QDe.004'", "'name'", "blank");
        assertRejected(() -> organisation().aliases("").build(), "'aliases'", "blank");
        assertRejected(() -> organisation().identifiers(Map.of("lei", " ")).build(), "'identifiers'",
                "'lei' -> ' '");
        assertRejected(() -> organisation().identifiers(Map.of("", "1")).build(), "'identifiers'");
        assertRejected(() -> organisation().jurisdiction("gb").build(), "'jurisdiction'", "'gb'");
        assertRejected(() -> organisation().foundingDate(PartialDate.of(2001)).dissolutionDate(PartialDate.of(2000))
                .build(), "'dissolutionDate'", "foundingDate (2001)");
        assertEquals(Optional.of(PartialDate.of(2001)), organisation().foundingDate(PartialDate.of(2001, 5))
                .dissolutionDate(PartialDate.of(2001)).build().dissolutionDate());
    }

    @Test
    void noticeRules() {
        Notice notice = notice()
                .charges(Charge.builder().country("FR").text("Murder").build())
                .requestingCountries("FR")
                .publishedOn(PartialDate.of(2021))
                .url("https://www.interpol.int/How-we-work/Notices/Red-Notices/View-Red-Notices#2021-81307")
                .build();
        assertEquals("Notice[2021/81307 red: John Smith]", notice.toString());
        assertRejected(() -> notice().subject(null).build(), "Notice '2021/81307'", "'subject'", "required");
        assertRejected(() -> notice().kind(null).build(), "'kind'", "required");
        assertRejected(() -> notice().url("https://example.org/a notice").build(), "'url'", "whitespace");
        assertRejected(() -> notice().url("").build(), "'url'");
        assertRejected(() -> notice().requestingCountries("fr").build(), "'requestingCountries'", "'fr'");
        assertEquals(NoticeKind.UN_SECURITY_COUNCIL_SPECIAL, NoticeKind.fromId("un-security-council-special"));
        assertRejected(() -> NoticeKind.fromId("Red"), "notice kind", "'Red'", "red");
    }

    @Test
    void sanctionListingNamesAPersonOrAnOrganisationAsItsKindSays() {
        SanctionListing listing = individualListing().listedOn(LocalDate.of(2001, 1, 25))
                .lastUpdated(LocalDate.of(2010, 7, 20), LocalDate.of(2011, 5, 13)).build();
        assertEquals("SanctionListing[QDi.001 Al-Qaida: John Smith]", listing.toString());
        assertRejected(() -> individualListing().person(null).build(), "SanctionListing 'QDi.001'", "'person'",
                "required when subjectKind is individual");
        assertRejected(() -> individualListing().organisation(organisation().build()).build(), "'organisation'",
                "only allowed when subjectKind is entity");
        SanctionListing.Builder entity = individualListing().subjectKind(SubjectKind.ENTITY).person(null)
                .organisation(organisation().build());
        assertEquals("SanctionListing[QDi.001 Al-Qaida: Al-Qaida]", entity.build().toString());
        assertRejected(() -> entity.person(person().build()).build(), "'person'",
                "only allowed when subjectKind is individual, not entity");
        assertRejected(() -> individualListing().referenceNumber("").build(), "'referenceNumber'", "blank");
        assertRejected(() -> individualListing().listType(null).build(), "'listType'", "required");
        assertRejected(() -> individualListing().subjectKind(null).build(), "'subjectKind'", "required");
        assertRejected(() -> individualListing().comments(" ").build(), "'comments'", "blank");
        assertEquals(SubjectKind.ENTITY, SubjectKind.fromId("entity"));
    }

    @Test
    void seizureRules() {
        Seizure seizure = seizure().countryName("Brazil").region("Americas").year(2019)
                .date(LocalDate.of(2019, 3, 4)).build();
        assertEquals("Seizure[S-1: 12.5 kg Cocaine hydrochloride in BRA]", seizure.toString());
        assertEquals("BR", seizure().countryCode("BR").build().countryCode());
        assertRejected(() -> seizure().countryCode("bra").build(), "Seizure 'S-1'", "'countryCode'", "'bra'");
        assertRejected(() -> seizure().countryCode("BRAZ").build(), "'countryCode'", "'BRAZ'");
        assertRejected(() -> seizure().countryCode(null).build(), "'countryCode'", "required");
        assertRejected(() -> seizure().quantityKg(new BigDecimal("-0.001")).build(), "'quantityKg'", "negative");
        assertRejected(() -> seizure().quantityKg(null).build(), "'quantityKg'", "required");
        assertEquals(BigDecimal.ZERO, seizure().quantityKg(BigDecimal.ZERO).build().quantityKg());
        assertRejected(() -> seizure().year(1899).build(), "'year'", "1900 to 2100", "1899");
        assertRejected(() -> seizure().year(2019).date(LocalDate.of(2018, 12, 31)).build(), "'date'",
                "year 2019");
        assertRejected(() -> seizure().drug(" ").build(), "'drug'", "blank");
        assertNotEquals(seizure().build(), seizure().quantityKg(new BigDecimal("12.50")).build(),
                "quantities keep the source's scale");
    }

    @Test
    void incidentRules() {
        Incident incident = incident()
                .actors("Military Forces of Mali", "JNIM")
                .countryCode("MLI").countryName("Mali").admin1("Gao").location("Gao")
                .point(GeoPoint.builder().latitude(16.27).longitude(-0.04).build())
                .fatalities(3)
                .sources("Reuters")
                .tags("crowd size=no report")
                .build();
        assertEquals("Incident[MLI123: 2023-05-01 Battles, Gao, 3 fatalities]", incident.toString());
        assertEquals(0, incident().build().fatalities());
        assertRejected(() -> incident().fatalities(-1).build(), "Incident 'MLI123'", "'fatalities'", "-1");
        assertRejected(() -> incident().date(null).build(), "'date'", "required");
        assertRejected(() -> incident().eventType("").build(), "'eventType'", "blank");
        assertRejected(() -> incident().countryCode("Mali").build(), "'countryCode'", "'Mali'");
        assertRejected(() -> incident().actors("a", " ").build(), "'actors'", "blank");
        assertRejected(() -> incident().admin2(" ").build(), "'admin2'", "blank");
    }

    @Test
    void threatIndicatorRules() {
        ThreatIndicator indicator = indicator()
                .marking(HandlingMarking.of(Tlp.GREEN))
                .name("Malicious site")
                .pattern("[ipv4-addr:value = '198.51.100.1']").patternType("stix")
                .validUntil(Instant.parse("2024-06-01T00:00:00Z"))
                .labels("malicious-activity")
                .created(Instant.parse("2023-12-31T00:00:00Z")).modified(Instant.parse("2023-12-31T00:00:00Z"))
                .build();
        assertEquals(Optional.of(HandlingMarking.of(Tlp.GREEN)), indicator.marking());
        assertEquals("ThreatIndicator[indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: indicator Malicious site]",
                indicator.toString());
        assertRejected(() -> indicator().validUntil(Instant.parse("2023-12-31T23:59:59Z")).build(),
                "'validUntil'", "validFrom (2024-01-01T00:00:00Z)");
        assertRejected(() -> indicator().created(Instant.parse("2024-01-02T00:00:00Z"))
                .modified(Instant.parse("2024-01-01T00:00:00Z")).build(), "'modified'", "created");
        assertRejected(() -> indicator().objectType("Indicator").build(), "'objectType'", "'Indicator'");
        assertRejected(() -> indicator().objectType(null).build(), "'objectType'", "required");
        assertEquals("x-custom-object", indicator().objectType("x-custom-object").build().objectType());
        assertRejected(() -> indicator().relatedIds("").build(), "'relatedIds'", "blank");
    }

    @Test
    void ownershipRelationNamesTheOwnerOrSaysWhyNot() {
        OwnershipRelation relation = ownership().statementDate(PartialDate.of(2023, 4))
                .interests(Interest.builder().type("shareholding").shareMin(new BigDecimal("25"))
                        .shareMax(new BigDecimal("50")).build())
                .build();
        assertEquals("OwnershipRelation[R-1: P-7 holds [shareholding 25-50%] in C-3]", relation.toString());
        OwnershipRelation unknown = ownership().interestedPartyId(null)
                .interestedPartyUnspecifiedReason("no-beneficial-owners").build();
        assertEquals(Optional.empty(), unknown.interestedPartyId());
        assertRejected(() -> ownership().interestedPartyId(null).build(), "OwnershipRelation 'R-1'",
                "'interestedPartyId'", "'interestedPartyUnspecifiedReason'", "neither");
        assertRejected(() -> ownership().interestedPartyUnspecifiedReason("unknown").build(),
                "'interestedPartyUnspecifiedReason'", "together with interestedPartyId 'P-7'");
        assertRejected(() -> ownership().subjectId(" ").build(), "'subjectId'", "blank");
        assertRejected(() -> ownership().interestedPartyId("").build(), "'interestedPartyId'", "blank");
    }
}
