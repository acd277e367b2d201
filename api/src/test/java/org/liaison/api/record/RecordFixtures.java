package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.function.Executable;

/** Valid records to derive invalid ones from, and the assertion every validation test uses. */
final class RecordFixtures {

    private RecordFixtures() {
    }

    static PersonName name(String fullName) {
        return PersonName.builder().fullName(fullName).build();
    }

    static Person.Builder person() {
        return Person.builder().id("2021/81307").name(name("John Smith"));
    }

    static Organisation.Builder organisation() {
        return Organisation.builder().id("QDe.004").name("Al-Qaida");
    }

    static Notice.Builder notice() {
        return Notice.builder().id("2021/81307").kind(NoticeKind.RED).subject(person().build());
    }

    static SanctionListing.Builder individualListing() {
        return SanctionListing.builder().id("QDi.001").referenceNumber("QDi.001").listType("Al-Qaida")
                .subjectKind(SubjectKind.INDIVIDUAL).person(person().id("QDi.001").build());
    }

    static Seizure.Builder seizure() {
        return Seizure.builder().id("S-1").countryCode("BRA").drug("Cocaine hydrochloride")
                .quantityKg(new BigDecimal("12.5"));
    }

    static Incident.Builder incident() {
        return Incident.builder().id("MLI123").date(LocalDate.of(2023, 5, 1)).eventType("Battles");
    }

    static ThreatIndicator.Builder indicator() {
        return ThreatIndicator.builder().id("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f").objectType("indicator")
                .validFrom(Instant.parse("2024-01-01T00:00:00Z"));
    }

    static OwnershipRelation.Builder ownership() {
        return OwnershipRelation.builder().id("R-1").subjectId("C-3").interestedPartyId("P-7");
    }

    /**
     * Asserts that {@code build} throws an IllegalArgumentException whose message contains every one of
     * {@code fragments}, and returns the message.
     */
    static String assertRejected(Executable build, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        return e.getMessage();
    }
}
