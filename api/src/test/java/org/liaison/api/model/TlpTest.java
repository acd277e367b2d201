package org.liaison.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.liaison.api.model.Fixtures.assertRejected;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TlpTest {

    @Test
    void labelsAreOrderedFromLeastToMostRestrictive() {
        assertEquals(List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED), Arrays.asList(Tlp.values()));
        assertTrue(Tlp.RED.isAbove(Tlp.AMBER_STRICT));
        assertTrue(Tlp.AMBER_STRICT.isAbove(Tlp.AMBER));
        assertTrue(Tlp.AMBER.isAbove(Tlp.GREEN));
        assertTrue(Tlp.GREEN.isAbove(Tlp.CLEAR));
        assertFalse(Tlp.AMBER.isAbove(Tlp.AMBER), "a label is not above itself");
        assertFalse(Tlp.GREEN.isAbove(Tlp.AMBER));
        assertFalse(Tlp.CLEAR.isAbove(Tlp.RED));
    }

    @Test
    void isAboveRejectsAMissingCeiling() {
        assertThrows(NullPointerException.class, () -> Tlp.RED.isAbove(null));
    }

    @ParameterizedTest
    @CsvSource({
        "TLP:CLEAR, CLEAR", "tlp:clear, CLEAR", "clear, CLEAR", "WHITE, CLEAR", "TLP:WHITE, CLEAR", "tlp:white, CLEAR",
        "TLP:GREEN, GREEN", "TLP:AMBER, AMBER", "Amber, AMBER", "TLP:AMBER+STRICT, AMBER_STRICT",
        "amber+strict, AMBER_STRICT", "TLP:RED, RED", "red, RED"})
    void fromIdReadsLabelsLeniently(String label, Tlp expected) {
        assertEquals(expected, Tlp.fromId(label));
    }

    @Test
    void fromIdRejectsUnknownLabelsListingTheKnownOnes() {
        assertRejected(() -> Tlp.fromId("TLP:AMBER_STRICT"), "'TLP:AMBER_STRICT'", "TLP:AMBER+STRICT", "TLP:CLEAR");
        assertRejected(() -> Tlp.fromId("TLP:BLACK"), "'TLP:BLACK'");
        assertRejected(() -> Tlp.fromId(""), "''");
        assertRejected(() -> Tlp.fromId(null), "'null'");
        assertRejected(() -> Tlp.fromId(" TLP:RED"), "' TLP:RED'");
    }

    @Test
    void toStringIsTheLabelAndReadsBack() {
        for (Tlp tlp : Tlp.values()) {
            assertTrue(tlp.toString().startsWith("TLP:"));
            assertEquals(tlp, Tlp.fromId(tlp.toString()));
        }
        assertEquals("TLP:AMBER+STRICT", Tlp.AMBER_STRICT.id());
    }
}
