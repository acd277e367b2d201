package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.model.Fixtures.assertRejected;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class HandlingMarkingTest {

    @Test
    void ofGivesALabelWithoutCodes() {
        HandlingMarking marking = HandlingMarking.of(Tlp.GREEN);
        assertEquals(Tlp.GREEN, marking.tlp());
        assertTrue(marking.handlingCodes().isEmpty());
        assertEquals("TLP:GREEN", marking.toString());
    }

    @Test
    void codesAreSortedAndUnmodifiable() {
        HandlingMarking marking = HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H3", "H1").build();
        assertEquals(List.of("H1", "H3"), List.copyOf(marking.handlingCodes()));
        assertEquals("TLP:AMBER H1 H3", marking.toString());
        assertThrows(UnsupportedOperationException.class, () -> marking.handlingCodes().add("H2"));
    }

    @Test
    void rejectsBadCodes() {
        assertRejected(() -> HandlingMarking.builder().tlp(Tlp.RED).handlingCodes("H1", "").build(),
                "HandlingMarking", "'handlingCodes'", "''");
        assertRejected(() -> HandlingMarking.builder().tlp(Tlp.RED).handlingCodes("NO MEDIA").build(),
                "'handlingCodes'", "whitespace", "'NO MEDIA'");
        assertRejected(() -> HandlingMarking.builder().tlp(Tlp.RED).handlingCodes("H1", null).build(),
                "'handlingCodes'", "null");
    }

    @Test
    void requiresTheLabel() {
        assertRejected(() -> HandlingMarking.builder().handlingCodes("H1").build(), "'tlp'", "required");
        assertRejected(() -> HandlingMarking.of(null), "'tlp'", "required");
    }

    @Test
    void valueSemantics() {
        HandlingMarking a = HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes("H1", "H2").build();
        HandlingMarking b = HandlingMarking.builder().tlp(Tlp.AMBER).handlingCodes(Set.of("H2", "H1")).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString(), "equal markings print the same");
        assertNotEquals(a, HandlingMarking.of(Tlp.AMBER));
        assertNotEquals(a, a.toBuilder().tlp(Tlp.RED).build());
        assertEquals(a, a.toBuilder().build());
    }
}
