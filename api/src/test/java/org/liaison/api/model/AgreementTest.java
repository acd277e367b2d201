package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.model.Fixtures.agreement;
import static org.liaison.api.model.Fixtures.assertRejected;
import static org.liaison.api.model.Fixtures.supplementary;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.liaison.api.record.RecordType;

class AgreementTest {

    @Test
    void buildsAValidAgreementWithDefaults() {
        Agreement agreement = agreement().build();
        assertEquals("un-interpol-1997", agreement.id());
        assertEquals(Set.of("un", "interpol"), agreement.parties());
        assertEquals(OnwardTransfer.PROHIBITED, agreement.onwardTransfer());
        assertTrue(agreement.purposes().isEmpty());
        assertTrue(agreement.recordTypes().isEmpty());
        assertTrue(agreement.excludedFields().isEmpty());
        assertTrue(agreement.geographicScope().isEmpty());
        assertEquals(Optional.empty(), agreement.parent());
        assertEquals(Optional.empty(), agreement.project());
        assertEquals(Optional.empty(), agreement.source());
    }

    @Test
    void messageNamesAgreementFieldAndValue() {
        String message = assertRejected(() -> agreement().id("un-interpol-2009").parties("interpol").build());
        assertEquals("Agreement 'un-interpol-2009': field 'parties' must name at least two partners, got [interpol]",
                message);
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertRejected(() -> agreement().title(" ").build(), "'title'", "blank");
        assertRejected(() -> agreement().kind(null).build(), "'kind'", "required");
        assertRejected(() -> agreement().validity(null).build(), "'validity'", "required");
        assertRejected(() -> agreement().status(null).build(), "'status'", "required");
        assertRejected(() -> agreement().handlingCeiling(null).build(), "'handlingCeiling'", "required");
        assertRejected(() -> agreement().areas().build(), "'areas'", "at least one", "information-exchange");
        assertRejected(() -> agreement().parties().build(), "'parties'", "at least two", "got []");
    }

    @Test
    void checksSlugsAndCountries() {
        assertRejected(() -> agreement().parties("un", "Interpol").build(), "'parties'", "'Interpol'");
        assertRejected(() -> agreement().parties("un", null).build(), "'parties'", "null");
        assertRejected(() -> agreement().purposes("Peacekeeping").build(), "'purposes'", "'Peacekeeping'");
        assertRejected(() -> agreement().project("CRIMJUST").build(), "'project'", "'CRIMJUST'");
        assertRejected(() -> agreement().geographicScope("CD", "ssd").build(), "'geographicScope'", "'ssd'");
        assertRejected(() -> agreement().source("").build(), "'source'", "blank");
    }

    @Test
    void supplementaryAgreementMayInheritItsParentsParties() {
        Agreement agreement = supplementary().build();
        assertTrue(agreement.parties().isEmpty());
        assertEquals(Optional.of("un-interpol-1997"), agreement.parent());
        assertEquals(Set.of("un", "interpol"), supplementary().parties("un", "interpol").build().parties());
    }

    @Test
    void supplementaryAgreementRules() {
        assertRejected(() -> supplementary().parent(null).build(), "Agreement 'un-interpol-2009'", "'parent'",
                "required for a supplementary-agreement");
        assertRejected(() -> supplementary().parties("un").build(), "'parties'", "at least two", "or none",
                "[un]");
        assertRejected(() -> supplementary().parent("un-interpol-2009").build(), "'parent'",
                "not the agreement itself");
        assertRejected(() -> agreement().parent("un-interpol-1997").build(), "'parent'",
                "only allowed for a supplementary-agreement", "not for a cooperation-agreement");
        assertRejected(() -> agreement().kind(AgreementKind.PROJECT_CHARTER).parent("x").build(), "'parent'",
                "project-charter");
    }

    @Test
    void excludedFieldsMustNameAKnownRecordTypeAndAField() {
        Agreement agreement = agreement()
                .excludedFields("person.distinguishingMarks", "notice.subject.documents", "sanction-listing.comments")
                .build();
        assertEquals(List.of("notice.subject.documents", "person.distinguishingMarks", "sanction-listing.comments"),
                List.copyOf(agreement.excludedFields()));
        assertRejected(() -> agreement().excludedFields("vehicle.plate").build(), "'excludedFields'",
                "'vehicle.plate'", "person");
        assertRejected(() -> agreement().excludedFields("person").build(), "'excludedFields'", "'person'");
        assertRejected(() -> agreement().excludedFields("person.").build(), "'person.'");
        assertRejected(() -> agreement().excludedFields("Person.name").build(), "'Person.name'");
        assertRejected(() -> agreement().excludedFields("person.date of birth").build(), "'person.date of birth'");
        assertRejected(() -> agreement().excludedFields("person..name").build(), "'person..name'");
    }

    @Test
    void inForceOnNeedsStatusInForceAndADayWithinTheWindow() {
        LocalDate from = LocalDate.of(2009, 10, 13);
        LocalDate until = LocalDate.of(2019, 12, 31);
        Agreement agreement = agreement().validity(ValidityWindow.of(from, until)).build();
        assertTrue(agreement.inForceOn(from));
        assertTrue(agreement.inForceOn(until));
        assertFalse(agreement.inForceOn(from.minusDays(1)));
        assertFalse(agreement.inForceOn(until.plusDays(1)));
        for (AgreementStatus status : List.of(AgreementStatus.SIGNED, AgreementStatus.SUSPENDED,
                AgreementStatus.TERMINATED)) {
            assertFalse(agreement.toBuilder().status(status).build().inForceOn(from), status::toString);
        }
        assertThrows(NullPointerException.class, () -> agreement.inForceOn(null));
    }

    @Test
    void onwardTransferDefaultsToProhibited() {
        assertEquals(OnwardTransfer.PROHIBITED, agreement().onwardTransfer(null).build().onwardTransfer());
        assertEquals(OnwardTransfer.PERMITTED,
                agreement().onwardTransfer(OnwardTransfer.PERMITTED).build().onwardTransfer());
    }

    @Test
    void setsAreUnmodifiableAndInAFixedOrder() {
        Agreement agreement = agreement()
                .parties("unodc", "interpol", "un")
                .areas(CooperationArea.TECHNICAL_ASSISTANCE, CooperationArea.EXCHANGE_OF_INFORMATION)
                .recordTypes(RecordType.SEIZURE, RecordType.PERSON)
                .geographicScope("SS", "CD")
                .build();
        assertEquals(List.of("interpol", "un", "unodc"), List.copyOf(agreement.parties()));
        assertEquals(List.of(CooperationArea.EXCHANGE_OF_INFORMATION, CooperationArea.TECHNICAL_ASSISTANCE),
                List.copyOf(agreement.areas()));
        assertEquals(List.of(RecordType.PERSON, RecordType.SEIZURE), List.copyOf(agreement.recordTypes()));
        assertEquals(List.of("CD", "SS"), List.copyOf(agreement.geographicScope()));
        assertThrows(UnsupportedOperationException.class, () -> agreement.parties().add("europol"));
        assertThrows(UnsupportedOperationException.class, () -> agreement.recordTypes().clear());
    }

    @Test
    void builderCopiesItsCollections() {
        Set<String> parties = new java.util.HashSet<>(Set.of("un", "interpol"));
        Agreement.Builder builder = agreement().parties(parties);
        parties.add("europol");
        assertEquals(Set.of("un", "interpol"), builder.build().parties());
    }

    @Test
    void toBuilderRoundTripAndValueSemantics() {
        Agreement full = agreement()
                .purposes("peacekeeping-operations")
                .recordTypes(RecordType.NOTICE)
                .excludedFields("person.distinguishingMarks")
                .geographicScope("CD")
                .onwardTransfer(OnwardTransfer.WITH_ORIGINATOR_CONSENT)
                .project("crimjust")
                .source("UNTS vol. 1996")
                .build();
        assertEquals(full, full.toBuilder().build());
        assertEquals(full.hashCode(), full.toBuilder().build().hashCode());
        assertEquals(full, agreement().parties("interpol", "un").purposes("peacekeeping-operations")
                .recordTypes(RecordType.NOTICE).excludedFields("person.distinguishingMarks").geographicScope("CD")
                .onwardTransfer(OnwardTransfer.WITH_ORIGINATOR_CONSENT).project("crimjust").source("UNTS vol. 1996")
                .build(), "the order parties are given in does not matter");
        assertNotEquals(full, full.toBuilder().handlingCeiling(Tlp.RED).build());
        assertNotEquals(full, full.toBuilder().geographicScope().build());
        assertEquals("Agreement[un-interpol-2009 supplementary-agreement of un-interpol-1997, in-force 1997-07-08/.., "
                + "parties []]", supplementary().build().toString());
    }
}
