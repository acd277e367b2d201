package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.liaison.api.record.RecordFixtures.assertRejected;
import static org.liaison.api.record.RecordFixtures.name;
import static org.liaison.api.record.RecordFixtures.person;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;

class PersonTest {

    static Person full() {
        return person()
                .marking(HandlingMarking.of(Tlp.AMBER))
                .name(PersonName.builder().fullName("Ivan Petrov").givenNames("Ivan").familyName("Petrov")
                        .originalScript("Иван Петров").build())
                .aliases(PersonName.builder().fullName("Ivan Petroff").quality("low").build())
                .sex(Sex.MALE)
                .datesOfBirth(PartialDate.parse("1979/01/17"), PartialDate.parse("1978"))
                .placeOfBirth("Odesa")
                .countryOfBirth("UA")
                .nationalities("UA", "RU")
                .languages("ru", "en")
                .heightMetres(1.82)
                .weightKg(80.0)
                .eyeColours("brown")
                .hairColours("black", "grey")
                .distinguishingMarks("Scar on the left hand")
                .documents(IdentityDocument.builder().type("passport").number("12AB34567").issuingCountry("UA")
                        .build())
                .addresses(Address.builder().city("Odesa").country("UA").build())
                .build();
    }

    @Test
    void buildsAFullPerson() {
        Person person = full();
        assertEquals(RecordType.PERSON, person.type());
        assertEquals(Optional.of(HandlingMarking.of(Tlp.AMBER)), person.marking());
        assertEquals(List.of("RU", "UA"), List.copyOf(person.nationalities()), "sets are sorted");
        assertEquals(List.of(PartialDate.of(1979, 1, 17), PartialDate.of(1978)), person.datesOfBirth(),
                "lists keep the source's order");
        assertEquals("Person[2021/81307: Ivan Petrov / Иван Петров]", person.toString());
        assertThrows(UnsupportedOperationException.class, () -> person.aliases().add(name("x")));
        assertThrows(UnsupportedOperationException.class, () -> person.languages().add("fr"));
    }

    @Test
    void aMinimalPersonHasOnlyAnIdAndAName() {
        Person person = person().build();
        assertEquals(Optional.empty(), person.marking());
        assertEquals(Optional.empty(), person.sex());
        assertEquals(List.of(), person.aliases());
        assertEquals(Optional.empty(), person.heightMetres());
    }

    @Test
    void toBuilderRoundTripAndValueSemantics() {
        Person person = full();
        assertEquals(person, person.toBuilder().build());
        assertEquals(person.hashCode(), full().hashCode());
        assertNotEquals(person, person.toBuilder().marking(null).build());
        assertNotEquals(person, person.toBuilder().id("other").build());
        assertNotEquals(person, person.toBuilder().heightMetres(1.83).build());
    }

    @Test
    void idRules() {
        assertRejected(() -> person().id(" ").build(), "'id'", "blank");
        assertRejected(() -> person().id(null).build(), "Person: field 'id' is required");
        assertEquals(512, person().id("x".repeat(512)).build().id().length());
        assertRejected(() -> person().id("x".repeat(513)).build(), "'id'", "at most 512", "513 characters");
    }

    @Test
    void measurementsMustBePlausible() {
        assertRejected(() -> person().heightMetres(180.0).build(), "Person '2021/81307'", "'heightMetres'",
                "less than 3", "180.0");
        assertRejected(() -> person().heightMetres(0.0).build(), "'heightMetres'", "more than 0");
        assertRejected(() -> person().heightMetres(3.0).build(), "'heightMetres'");
        assertRejected(() -> person().heightMetres(Double.NaN).build(), "'heightMetres'", "NaN");
        assertRejected(() -> person().weightKg(-1.0).build(), "'weightKg'", "more than 0");
        assertRejected(() -> person().weightKg(700.0).build(), "'weightKg'", "less than 700");
        assertEquals(Optional.of(699.9), person().weightKg(699.9).build().weightKg());
    }

    @Test
    void codesAreChecked() {
        assertRejected(() -> person().nationalities("UA", "ukr").build(), "'nationalities'", "'ukr'");
        assertRejected(() -> person().countryOfBirth("UKR").build(), "'countryOfBirth'", "'UKR'");
        assertRejected(() -> person().languages("EN").build(), "'languages'", "lower-case", "'EN'");
        assertRejected(() -> person().languages("en ").build(), "'languages'", "'en '");
    }

    @Test
    void textAndElementsAreChecked() {
        assertRejected(() -> person().name(null).build(), "'name'", "required");
        assertRejected(() -> person().placeOfBirth("").build(), "'placeOfBirth'", "blank");
        assertRejected(() -> person().distinguishingMarks(" ").build(), "'distinguishingMarks'", "blank");
        assertRejected(() -> person().eyeColours("brown", " ").build(), "'eyeColours'", "blank");
        assertRejected(() -> person().hairColours((String) null).build(), "'hairColours'", "null");
        assertRejected(() -> person().aliases(name("a"), null).build(), "'aliases'", "null");
        assertRejected(() -> person().datesOfBirth((PartialDate) null).build(), "'datesOfBirth'", "null");
    }

    @Test
    void sexIds() {
        assertEquals(Sex.FEMALE, Sex.fromId("F"));
        assertEquals("U", Sex.UNKNOWN.toString());
        assertRejected(() -> Sex.fromId("f"), "'f'", "[M, F, U]");
    }
}
