package org.liaison.api.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.liaison.api.model.HandlingMarking;
import org.liaison.api.model.Tlp;

/**
 * What version 1.1 of {@code org.liaison.api.record} added for the fields partner formats carry: approximate dates,
 * name parts, a date of death, closed records, interest details, actor roles and granular markings.
 */
class Version11AdditionsTest {

    @Test
    void anApproximateDateReadsAndWritesWithATildeAndIsNotTheExactDate() {
        PartialDate about1960 = PartialDate.parse("1960~");
        assertTrue(about1960.approximate());
        assertEquals("1960~", about1960.toString());
        assertEquals("1971-03~", PartialDate.parse("1971/03~").toString());
        assertNotEquals(PartialDate.of(1960), about1960);
        assertFalse(PartialDate.parse("1960").approximate());
        assertEquals(about1960, PartialDate.of(1960).toBuilder().approximate(true).build());
        assertThrows(IllegalArgumentException.class, () -> PartialDate.parse("~1960"));
        assertThrows(IllegalArgumentException.class, () -> PartialDate.parse("1960~~"));
    }

    @Test
    void namePartsMustGiveTheFullName() {
        PersonName name = PersonName.builder().fullName("ABDUL RAHMAN YASIN").parts("ABDUL", "RAHMAN", "YASIN")
                .build();
        assertEquals(List.of("ABDUL", "RAHMAN", "YASIN"), name.parts());
        assertEquals(List.of(), PersonName.builder().fullName("John Smith").build().parts());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> PersonName.builder()
                .fullName("ABDUL RAHMAN YASIN").parts("YASIN", "ABDUL").build());
        assertTrue(wrong.getMessage().contains("field 'parts' must be the parts of fullName"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PersonName.builder().fullName("A  B").parts("A", " ", "B")
                .build());
    }

    @Test
    void aPersonMayHaveADateOfDeathAndRecordsMayBeClosed() {
        Person person = Person.builder().id("p1").name(PersonName.builder().fullName("X").build())
                .dateOfDeath(PartialDate.of(LocalDate.of(2020, 5, 1))).closed(true).build();
        assertEquals(PartialDate.of(2020, 5, 1), person.dateOfDeath().orElseThrow());
        assertTrue(person.closed());
        assertNotEquals(person, person.toBuilder().closed(false).build());
        assertEquals(person, person.toBuilder().build());
        assertTrue(Organisation.builder().id("o1").name("O").closed(true).build().closed());
    }

    @Test
    void actorRolesNameTheActorsInOrderAndFillThemWhenUnset() {
        List<IncidentActor> roles = List.of(IncidentActor.of("Al Shabaab", ActorRole.ACTOR_1),
                IncidentActor.of("Military Forces of Ethiopia (2018-)", ActorRole.ACTOR_2));
        Incident incident = Incident.builder().id("SOM1").date(LocalDate.of(2025, 4, 1)).eventType("Battles")
                .actorRoles(roles).build();
        assertEquals(List.of("Al Shabaab", "Military Forces of Ethiopia (2018-)"), incident.actors());
        assertEquals(roles, incident.actorRoles());
        assertEquals(ActorRole.ASSOCIATE_OF_ACTOR_2, ActorRole.fromId("associate-of-actor-2"));
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class, () -> Incident.builder()
                .id("SOM1").date(LocalDate.of(2025, 4, 1)).eventType("Battles")
                .actors("Military Forces of Ethiopia (2018-)", "Al Shabaab").actorRoles(roles).build());
        assertTrue(swapped.getMessage().contains("field 'actorRoles' must name the actors of 'actors'"),
                swapped.getMessage());
    }

    @Test
    void aGranularMarkingNamesAtLeastOneField() {
        GranularMarking red = GranularMarking.of(HandlingMarking.of(Tlp.RED), "description");
        assertEquals(List.of("description"), red.selectors());
        assertThrows(IllegalArgumentException.class, () -> GranularMarking.of(HandlingMarking.of(Tlp.RED)));
        assertThrows(IllegalArgumentException.class, () -> GranularMarking.builder().selectors("x").build());
    }

    @Test
    void anInterestMayHaveDetails() {
        assertEquals("Class A shares", Interest.builder().type("shareholding").details("Class A shares").build()
                .details().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> Interest.builder().type("shareholding").details(" ")
                .build());
    }
}
